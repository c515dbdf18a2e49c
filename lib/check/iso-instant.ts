/** An instant as findings print it: ISO 8601 in UTC, without milliseconds when they are zero. */
export function isoInstant(instant: Date): string {
  return instant.toISOString().replace(".000Z", "Z");
}
