#!/usr/bin/env node
// Kept tiny: every module a command needs is loaded by that command, so `pg-ltr --help` starts fast.
import { main } from "../lib/cli/main";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
