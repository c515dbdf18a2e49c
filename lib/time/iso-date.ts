/**
 * ISO calendar dates (`2027-03-31`) used as the last day something holds, such as an exemption's
 * expiry. The day is a UTC day, so that every CI runner agrees on when it is over.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant the day after an ISO date begins (UTC), in epoch milliseconds; undefined for a date that does not exist. */
export function endOfIsoDate(text: unknown): number | undefined {
  if (typeof text !== "string") return undefined;
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day + 1);
}
