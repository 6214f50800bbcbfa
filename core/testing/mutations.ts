type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Damaged copies of a real courier answer, as couriers really send them after a change on their side:
 * a field missing, null, of another type, an empty list, or a body of another shape altogether. The
 * contract kit feeds each to the adapter, which must answer or raise a typed error, never crash.
 */
export function damagedCopies(body: unknown, limit = 120): { what: string; body: unknown }[] {
  const copies: { what: string; body: unknown }[] = [
    { what: 'null', body: null },
    { what: 'an empty list', body: [] },
    { what: 'an empty object', body: {} },
    { what: 'a string', body: 'Service temporarily unavailable' },
    { what: 'a number', body: 0 },
  ];
  for (const path of paths(body as Json)) {
    if (copies.length >= limit) break;
    const at = path.join('.') || '(root)';
    const value = get(body as Json, path);
    copies.push({ what: `${at} removed`, body: edit(body as Json, path, undefined) });
    copies.push({ what: `${at} null`, body: edit(body as Json, path, null) });
    if (Array.isArray(value)) copies.push({ what: `${at} an empty list`, body: edit(body as Json, path, []) });
    else if (typeof value === 'string') copies.push({ what: `${at} a number`, body: edit(body as Json, path, 7) });
    else if (value !== null && typeof value === 'object') copies.push({ what: `${at} a string`, body: edit(body as Json, path, 'x') });
  }
  return copies.slice(0, limit);
}

/** Every path to a value, breadth first (the fields that matter most are near the top), one array element each. */
function paths(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const queue: { path: (string | number)[]; value: Json }[] = [{ path: [], value: root }];
  while (queue.length > 0) {
    const { path, value } = queue.shift()!;
    const children: [string | number, Json][] = Array.isArray(value)
      ? value.slice(0, 1).map((v, i) => [i, v])
      : value !== null && typeof value === 'object'
        ? Object.entries(value)
        : [];
    for (const [key, child] of children) {
      out.push([...path, key]);
      queue.push({ path: [...path, key], value: child });
    }
  }
  return out;
}

function get(root: Json, path: readonly (string | number)[]): Json | undefined {
  return path.reduce<Json | undefined>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, Json>)[key] : undefined), root);
}

/** A deep copy with the value at `path` replaced, or removed when `value` is undefined. */
function edit(root: Json, path: readonly (string | number)[], value: Json | undefined): unknown {
  const copy = structuredClone(root);
  const parent = get(copy, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') {
    if (value === undefined) parent.splice(key, 1);
    else parent[key] = value;
  } else if (parent !== null && typeof parent === 'object') {
    const record = parent as Record<string, Json>;
    if (value === undefined) delete record[key];
    else record[key] = value;
  }
  return copy;
}
