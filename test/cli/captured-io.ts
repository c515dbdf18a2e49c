import { PassThrough } from "node:stream";
import type { CommandIo } from "../../lib/cli/command-io";

/** Streams that keep what a command wrote, for running a command in-process. */
export interface CapturedIo extends CommandIo {
  stdoutText(): string;
  stderrText(): string;
}

export function capturedIo(
  options: { env?: NodeJS.ProcessEnv; cwd?: string; tty?: boolean } = {},
): CapturedIo {
  const collect = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
  };
  const stdout = collect();
  const stderr = collect();
  const tty = options.tty ?? false;
  return {
    stdout: Object.assign(stdout.stream, { isTTY: tty }),
    stderr: Object.assign(stderr.stream, { isTTY: tty, columns: 120 }),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stdoutText: stdout.text,
    stderrText: stderr.text,
  };
}
