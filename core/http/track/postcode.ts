/** The destination postcode a shipment's metadata holds: `metadata.destination.postcode`, else `metadata.postcode`. */
export function destinationPostcode(metadata: Record<string, unknown>): string | null {
  const destination = metadata.destination;
  const nested = typeof destination === 'object' && destination !== null ? (destination as Record<string, unknown>).postcode : undefined;
  const postcode = nested ?? metadata.postcode;
  return typeof postcode === 'string' || typeof postcode === 'number' ? normalizePostcode(String(postcode)) : null;
}

/** Postcodes compare without case, spaces or dashes: "sw1a 1aa" is "SW1A1AA". */
export function normalizePostcode(postcode: string): string {
  return postcode.replace(/[\s-]/g, '').toUpperCase();
}
