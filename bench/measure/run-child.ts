import { spawn } from "node:child_process";

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly nodeArgs?: readonly string[];
  readonly cwd?: string;
}

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to exit, Node start-up included, in milliseconds. */
  readonly wallMs: number;
}

export interface ChildOutcome<T> {
  /** The JSON the child printed as its last stdout line. */
  readonly report: T;
  readonly wallMs: number;
}

/**
 * Runs `node <script> <args>` to its end. Asynchronous on purpose: the emulator lives in this process
 * and must keep answering while the child runs.
 */
export function runNode(
  script: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        wallMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
  });
}

/** Runs a bench runner script and resolves to the JSON report it prints as its last line. */
export async function runNodeChild<T>(
  script: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<ChildOutcome<T>> {
  const run = await runNode(script, args, options);
  const out = run.stdout.trim();
  const lastLine = out.slice(out.lastIndexOf("\n") + 1);
  if (run.code !== 0) {
    throw new Error(
      `${script} exited with code ${String(run.code)}: ${run.stderr.trim() || lastLine || "no output"}`,
    );
  }
  try {
    return { report: JSON.parse(lastLine) as T, wallMs: run.wallMs };
  } catch {
    throw new Error(`${script} printed no JSON report: ${lastLine || run.stderr.trim() || "no output"}`);
  }
}
