const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A DoorDash time (ISO-8601 UTC, often with microseconds: "…22.791883Z") as ISO-8601 UTC; undefined if unreadable. */
export function instant(value: unknown): string | undefined {
  // Date.parse alone would read "42" or "May 1" as some time: DoorDash only writes ISO-8601.
  if (typeof value !== 'string' || !ISO_8601.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
