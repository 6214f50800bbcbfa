/** A failure the CLI reports on stderr and exits with (1: the service or the request failed, 2: usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get(path: string): Promise<unknown>;
  post(path: string): Promise<unknown>;
}

const TIMEOUT_MS = 30_000;

function errorOf(status: number, body: unknown, fallback: string): CliError {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; error?: unknown };
  const message = typeof fields.message === 'string' ? fields.message : fallback;
  const hint = status === 401 ? ' (set --api-key or WAYBILL_API_KEY)' : '';
  return new CliError(`${status} ${typeof fields.error === 'string' ? fields.error : fallback}: ${message}${hint}`);
}

/** The service's HTTP API at `baseUrl`, with the bearer key the API expects when it is given. */
export function apiClient(baseUrl: string, apiKey: string | undefined): ApiClient {
  const request = async (method: 'GET' | 'POST', path: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), {
        method,
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`cannot reach the Waybill service at ${baseUrl} (${why}); is it running? (set --url or WAYBILL_URL)`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): reported as text below.
    }
    if (!res.ok) throw errorOf(res.status, body, res.statusText || text.slice(0, 200));
    return body;
  };
  return { get: (path) => request('GET', path), post: (path) => request('POST', path) };
}
