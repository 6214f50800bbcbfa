/** What a label value becomes once its key has met as many distinct values as it may keep. */
export const OTHER_LABEL_VALUE = 'other';

/**
 * Keeps a label fed by outside data (a courier's raw status) to a bounded number of series: at most
 * `maxValues` distinct values per key (a courier), each cut to `maxLength` characters; later newcomers
 * are folded into `other`. Values already seen keep their own series.
 */
export class BoundedLabel {
  readonly #seen = new Map<string, Set<string>>();

  constructor(
    private readonly maxValues = 50,
    private readonly maxLength = 64,
  ) {}

  value(key: string, raw: string): string {
    const value = raw.length > this.maxLength ? raw.slice(0, this.maxLength) : raw;
    let seen = this.#seen.get(key);
    if (!seen) this.#seen.set(key, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size >= this.maxValues) return OTHER_LABEL_VALUE;
    seen.add(value);
    return value;
  }
}
