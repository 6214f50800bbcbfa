/**
 * USPS's error bodies. The API's: `{apiVersion, error: {code, message, errors: [{status, code, title, detail,
 * source}]}}` [doc: ErrorMessage schema; a live 401 quoted in USPS/api-examples#56]. The token endpoint's:
 * OAuth 2.0 `{error, error_description, error_uri}` [code: Karrio's fixture].
 */
export const API_VERSION = '/tracking/v3';

export function apiError(status: number, message: string, detail?: { code?: string; title: string; detail: string; parameter?: string }) {
  const errors = detail ? [{ status: String(status), code: detail.code ?? String(status), title: detail.title, detail: detail.detail, ...(detail.parameter ? { source: { parameter: detail.parameter, example: '9400100000000000000000' } } : {}) }] : [];
  return { apiVersion: API_VERSION, error: { code: String(status), message, errors } };
}

export const oauthError = (error: string, description: string) => ({ error, error_description: description, error_uri: 'https://datatracker.ietf.org/doc/html/rfc6749#page-45' });

export const NOT_FOUND_MESSAGE =
  'Tracking is not available for this item. This may be because the tracking number is invalid; USPS has not yet received payment; USPS has not yet received the item; the item does not include tracking; or other reasons.';

/** The `WWW-Authenticate` hint USPS documents on 401 (its example: `Bearer realm="https://api.usps.com"`). */
export const bearerChallenge = (error?: string) => `Bearer realm="https://api.usps.com"${error ? `, error="${error}"` : ''}`;
