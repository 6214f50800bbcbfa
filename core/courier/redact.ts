const MARKER = '[redacted]';
const MIN_SECRET_LENGTH = 4;

const JSON_SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A hex number as a pattern matching it in either case (`%2f` and `%2F`, `\u00e9` and `\u00E9`). */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
}

/**
 * Every way one character of a secret can come back from a courier: as is, percent-encoded (a URL or a
 * form, `+` for a space), or JSON-escaped (`\"`, PHP's `\/`, `\uXXXX`).
 */
function characterPattern(char: string): string {
  const forms = [escapeRegExp(char)];
  forms.push([...Buffer.from(char, 'utf8')].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
  if (char === ' ') forms.push('\\+');
  const short = JSON_SHORT_ESCAPES[char];
  if (short) forms.push(escapeRegExp(short));
  forms.push(Array.from({ length: char.length }, (_, i) => `\\\\u${hexPattern(char.charCodeAt(i), 4)}`).join(''));
  return `(?:${forms.join('|')})`;
}

const base64Forms = (text: string): string[] => {
  const standard = Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '');
  return [standard, standard.replace(/\+/g, '-').replace(/\//g, '_')];
};

/** Compiled patterns by secret list: one per courier (and per issued token), so a few are plenty. */
const PATTERNS_KEPT = 64;
const patterns = new Map<string, RegExp | null>();

/**
 * One pattern for all the secrets: each in any mix of its character encodings, and the base64 of every
 * `one:other` pair (HTTP Basic of an id and a secret). Longest first: a client id is often the start of its
 * secret, and redacting it first would leave the rest of the secret readable.
 */
function secretsPattern(secrets: readonly string[]): RegExp | null {
  const key = JSON.stringify(secrets);
  const known = patterns.get(key);
  if (known !== undefined) return known;
  const values = [...new Set(secrets)].filter((s) => s.length > 0);
  const alternatives = values.filter((s) => s.length >= MIN_SECRET_LENGTH).map((s) => ({ length: s.length, pattern: [...s].map(characterPattern).join('') }));
  for (const one of values) {
    for (const other of values) {
      if (one !== other) for (const form of base64Forms(`${one}:${other}`)) alternatives.push({ length: form.length, pattern: escapeRegExp(form) });
    }
  }
  const pattern = alternatives.length === 0 ? null : new RegExp(alternatives.sort((a, b) => b.length - a.length).map((a) => a.pattern).join('|'), 'g');
  if (patterns.size >= PATTERNS_KEPT) patterns.delete(patterns.keys().next().value!);
  patterns.set(key, pattern);
  return pattern;
}

/** Replace every occurrence of a known secret value in `text`, however the courier encoded it, with a marker. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pattern = secretsPattern(secrets);
  return pattern ? text.replace(pattern, MARKER) : text;
}

export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
