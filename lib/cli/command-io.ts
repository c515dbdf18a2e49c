/**
 * What a command reads from and writes to besides its arguments. The process's by default; tests pass
 * their own streams, environment and working directory to run a command in-process.
 */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths (--out, --output) are resolved against this folder. */
  readonly cwd: string;
}

export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
