import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { PgLtrInputError } from "../errors/input-error";

/** Where a read of a file without a known size (a pipe) starts. */
const INITIAL_BYTES = 64 * 1024;

/** What a file that is not a regular file is, for messages. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The text of the file open at `fd`, read until `maxBytes`: a file may grow after fstat, and a device
 * or pipe has no size to check first. `tooLarge` makes the error past the cap. Read into one buffer
 * of `expectedBytes` (fstat's size) and a byte more that shows growth, grown by doubling: chunks
 * joined at the end would cost a second copy of a document that can be tens of megabytes, and
 * scattered allocations the allocator does not give back to the system.
 */
function readBoundedText(
  fd: number,
  maxBytes: number,
  tooLarge: () => Error,
  expectedBytes = INITIAL_BYTES,
): string {
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(expectedBytes, 0), maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const read = readSync(fd, buffer, total, buffer.length - total, null);
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw tooLarge();
  }
  return buffer.toString("utf8", 0, total);
}

/** How a bounded read opens its file and what it refuses. */
export interface BoundedFileRules {
  /** Most bytes read; a longer file is refused. */
  readonly maxBytes: number;
  /**
   * Whether only a regular file is read: a file a pull request can shape must not be a FIFO (which
   * would block for ever) or a device (`/dev/zero` never ends). A file the user names on the command
   * line may be a pipe, as `<(terraform show -json)` is. A folder is never read.
   */
  readonly regularOnly: boolean;
  /** Whether a symbolic link is refused when opened (its target was checked beforehand). @default false */
  readonly noFollow?: boolean;
}

/** The messages of a bounded read's refusals; none may quote the file's content. */
export interface BoundedFileWording {
  /** It could not be opened or read; `code` is Node's error code. */
  cannotRead(code: string): string;
  /** It is not a file the rules read; `kind` says what it is ("a named pipe (FIFO)"). */
  notRegular(kind: string): string;
  /** It is longer than the rules' maxBytes. */
  tooLarge(): string;
}

/** The text of `path` under `rules`; every refusal is a PgLtrInputError worded by `wording`. */
export function readBoundedFile(path: string, rules: BoundedFileRules, wording: BoundedFileWording): string {
  const cannotRead = (error: unknown): PgLtrInputError =>
    new PgLtrInputError(wording.cannotRead((error as NodeJS.ErrnoException).code ?? "unknown error"));
  let fd: number;
  try {
    // Non-blocking when only regular files are read, so that a FIFO opens at once and fstat refuses it.
    const flags =
      constants.O_RDONLY |
      (rules.regularOnly ? (constants.O_NONBLOCK ?? 0) : 0) |
      (rules.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
    fd = openSync(path, flags);
  } catch (error) {
    throw cannotRead(error);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory() || (rules.regularOnly && !stats.isFile())) {
      throw new PgLtrInputError(wording.notRegular(kindOf(stats)));
    }
    const tooLarge = (): PgLtrInputError => new PgLtrInputError(wording.tooLarge());
    if (stats.isFile() && stats.size > rules.maxBytes) throw tooLarge();
    return readBoundedText(fd, rules.maxBytes, tooLarge, stats.isFile() ? stats.size : undefined);
  } catch (error) {
    if (error instanceof PgLtrInputError) throw error;
    throw cannotRead(error);
  } finally {
    closeSync(fd);
  }
}

/** How a bounded read of a file named by the user refuses what it will not read. */
export interface BoundedReadRules extends Omit<BoundedFileRules, "noFollow"> {
  /** The message when the file is longer than maxBytes. */
  readonly tooLarge: string;
  /** Prefix of every message, when the path alone would not say where it came from: `--terraform-state plan.json`. */
  readonly subject?: string;
  /** What to do instead, ending every message. */
  readonly remedy: string;
}

/**
 * The text of `path` under `rules`, symbolic links followed. Every refusal is a PgLtrInputError that
 * names the file and never quotes its content.
 */
export function readUserFile(path: string, rules: BoundedReadRules): string {
  const prefix = rules.subject === undefined ? "" : `${rules.subject}: `;
  return readBoundedFile(path, rules, {
    cannotRead: (code) => `${prefix}cannot read ${path} (${code}): ${rules.remedy}`,
    notRegular: (kind) => `${prefix}${path} is ${kind}, not a regular file: ${rules.remedy}`,
    tooLarge: () => `${prefix}${rules.tooLarge}: ${rules.remedy}`,
  });
}
