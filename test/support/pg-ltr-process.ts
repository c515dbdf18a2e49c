import { type ChildProcess, execFile } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** What a `pg-ltr` child process left behind. */
export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `pg-ltr <args>` as CI would, in a child process with only the given environment (plus PATH and
 * HOME), from the TypeScript sources so that no build step is needed. It does not block this process,
 * which serves the emulator the child talks to.
 */
export function pgLtr(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<ProcessRun> {
  return startPgLtr(args, options).done;
}

/** A `pg-ltr` child process still running, for tests that signal it. */
export interface RunningProcess {
  readonly child: ChildProcess;
  readonly done: Promise<ProcessRun>;
}

/** Starts `pg-ltr <args>` like `pgLtr`, and hands back the child so that a test can signal it. */
export function startPgLtr(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): RunningProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TS_NODE_PROJECT: join(ROOT, "tsconfig.json"),
    ...options.env,
  };
  const argv = [
    "-r",
    require.resolve("ts-node/register/transpile-only"),
    join(ROOT, "bin/pg-ltr.ts"),
    ...args,
  ];
  let child: ChildProcess | undefined;
  const done = new Promise<ProcessRun>((resolve, reject) => {
    child = execFile(
      process.execPath,
      argv,
      { cwd: options.cwd, env, timeout: 110_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
  return { child: child as unknown as ChildProcess, done };
}
