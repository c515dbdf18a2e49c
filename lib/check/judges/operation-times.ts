/** An operation's time field as an instant; undefined when absent or not a date. */
export function parseTime(text: string | null): Date | undefined {
  if (text === null) return undefined;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
