import {
  appendFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";

/** How much is copied at once: memory holds one such buffer, however large the part. */
const COPY_BUFFER_BYTES = 1 << 16;

/**
 * A temporary file that a report is built in while the check runs, so that memory does not hold what
 * is written: text is appended as it comes and copied out at the end. It lives in its own folder under
 * the system's temporary folder (never beside the report, where a second Ctrl+C would leave it), and
 * `close` removes it.
 */
export class PartFile {
  private readonly folder = mkdtempSync(join(tmpdir(), "pg-ltr-report-"));
  private readonly fd: number;
  private bytes = 0;
  private closed = false;

  constructor() {
    this.fd = openSync(join(this.folder, "part"), "w+", 0o600);
  }

  /** Bytes appended so far. */
  get size(): number {
    return this.bytes;
  }

  append(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    writeSync(this.fd, bytes, 0, bytes.length, this.bytes);
    this.bytes += bytes.length;
  }

  /** Copies bytes `start` to `end` of the part to the open file `out`. */
  copyTo(out: number, start = 0, end = this.bytes): void {
    this.forEachChunk(start, end, (chunk) => writeFullSync(out, chunk));
  }

  /** Hands the whole part back as text, a piece at a time, never splitting a character. */
  replay(write: (text: string) => void): void {
    const decoder = new StringDecoder("utf8");
    this.forEachChunk(0, this.bytes, (chunk) => {
      const text = decoder.write(chunk);
      if (text !== "") write(text);
    });
    const rest = decoder.end();
    if (rest !== "") write(rest);
  }

  /**
   * Writes a file at `path` whole: `compose` writes it into a temporary file beside `path`, which is
   * then renamed over it, so a reader never sees half a report; or, with `append`
   * (`$GITHUB_STEP_SUMMARY`, which other steps write to as well), composed here and appended to it.
   */
  publish(path: string, compose: (out: number) => void, append = false): void {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = append
      ? join(this.folder, "report")
      : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    const out = openSync(temporary, "w", 0o644);
    try {
      compose(out);
    } finally {
      closeSync(out);
    }
    try {
      if (append) appendWhole(temporary, path);
      else renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** A scratch file in the part's folder (removed with it), composed by `compose`; returns its path. */
  scratch(compose: (out: number) => void): string {
    const path = join(this.folder, "report");
    const out = openSync(path, "w", 0o600);
    try {
      compose(out);
    } finally {
      closeSync(out);
    }
    return path;
  }

  /** Removes the part and its folder. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private forEachChunk(start: number, end: number, use: (chunk: Buffer) => void): void {
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    for (let at = start; at < end;) {
      const read = readSync(this.fd, buffer, 0, Math.min(buffer.length, end - at), at);
      if (read === 0) break;
      use(buffer.subarray(0, read));
      at += read;
    }
  }
}

/** writeSync until every byte is written. */
export function writeFullSync(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;)
    written += writeSync(fd, bytes, written, bytes.length - written);
}

function appendWhole(from: string, to: string): void {
  const source = openSync(from, "r");
  try {
    const buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
    for (;;) {
      const read = readSync(source, buffer, 0, buffer.length, null);
      if (read === 0) break;
      appendFileSync(to, buffer.subarray(0, read));
    }
  } finally {
    closeSync(source);
  }
}
