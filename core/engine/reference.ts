/**
 * Does the courier's reference belong to this order? Rebooked shipments carry the order id with a
 * suffix (e.g. `-C`, `-C1`, `-R`); comparison ignores case.
 */
export function referenceMatches(reference: string, orderId: string, suffixes: readonly string[]): boolean {
  const ref = reference.trim().toLowerCase();
  const order = orderId.trim().toLowerCase();
  if (ref === order) return true;
  return suffixes.some((suffix) => ref === order + suffix.toLowerCase());
}
