// The one place that talks HTTP to /api/v1. It adds the CSRF header to unsafe
// requests, turns problem+json replies into ApiError, and reports a 401 to the
// app (which sends the user to the sign-in page and back afterwards).

import type { Problem } from './types';

const BASE = '/api/v1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from the Retry-After header (429), when present. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get code(): string {
    return this.problem.code;
  }
}

export interface RequestOptions {
  /** Do not treat a 401 as "session expired" (used by GET /me and sign-in). */
  allow401?: boolean;
  signal?: AbortSignal;
  /** Send body as is with this Content-Type (uploads, CSV) instead of JSON. */
  contentType?: string;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.round(secs));
  const when = Date.parse(value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.round((when - Date.now()) / 1000));
}

async function problemFrom(res: Response): Promise<Problem> {
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      if (body && typeof body === 'object') {
        return { ...body, status: body.status ?? res.status, code: body.code ?? statusCode(res.status) };
      }
    } catch {
      /* fall through to a synthetic problem */
    }
  }
  return { status: res.status, code: statusCode(res.status), title: res.statusText };
}

function statusCode(status: number): string {
  switch (status) {
    case 400: return 'validation_failed';
    case 401: return 'unauthenticated';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 429: return 'too_many_attempts';
    default: return status >= 500 ? 'internal' : 'unknown';
  }
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // a raw body (an uploaded file) goes as it is, with the type named or the Blob's own
  const raw = opts.contentType !== undefined || body instanceof Blob;
  if (body !== undefined)
    headers['Content-Type'] = raw ? (opts.contentType ?? (body as Blob).type) : 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network', detail: String(e) });
  }

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const problem = await problemFrom(res);
  if (res.status === 401 && !opts.allow401 && onUnauthorized) onUnauthorized();
  throw new ApiError(problem, parseRetryAfter(res.headers.get('Retry-After')));
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) =>
    request<T>('GET', withQuery(path, query), undefined, opts),
  post: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  /** T: what a DELETE that answers 200 returns (most answer 204: nothing). */
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
  /** POST or PUT a raw body (a file, CSV text) with its own Content-Type. */
  send: <T>(method: 'POST' | 'PUT', path: string, body: BodyInit, contentType: string, opts?: RequestOptions) =>
    request<T>(method, path, body, { ...opts, contentType }),
};

/** Field name -> first error for it, from a validation_failed problem. */
export function fieldErrors(err: unknown): Record<string, { code: string; message: string }> {
  const out: Record<string, { code: string; message: string }> = {};
  if (err instanceof ApiError && err.problem.errors) {
    for (const e of err.problem.errors) {
      if (!out[e.field]) out[e.field] = { code: e.code, message: e.message };
    }
  }
  return out;
}
