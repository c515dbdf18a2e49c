/**
 * ISO 8601 instants with an explicit offset (`2026-01-04T02:00:00Z`, `...+01:00`). A date-time without
 * an offset is refused: its meaning would depend on the machine's time zone, and CI runners differ.
 */
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Why an instant text was refused; undefined when it is a valid instant with an offset. */
export function instantProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return "must be an ISO 8601 instant string such as 2026-01-04T02:00:00Z";
  const match = INSTANT_PATTERN.exec(text);
  if (!match) return "must be an ISO 8601 instant with a time zone, such as 2026-01-04T02:00:00Z";
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)),
  );
  const valid =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s ?? 0) < 60;
  return valid ? undefined : "is not a date and time that exists";
}

/** Parses an ISO 8601 instant with an offset; throws a RangeError that quotes the text otherwise. */
export function parseInstant(text: string): Date {
  const problem = instantProblem(text);
  if (problem) throw new RangeError(`instant "${String(text)}" ${problem}`);
  return new Date(text);
}
