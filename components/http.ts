// HTTP transport shared by the Pocket ID, Appwrite-probe and Railway clients: every call has a
// timeout; only idempotent reads are retried (429/502/503/504 and network errors, with backoff that
// honours Retry-After); mutations are sent exactly once.
//
// Dynamic providers serialize the functions they call, so this file uses only globals (fetch,
// AbortController, setTimeout) and holds no module-level state.

/** Options of one HTTP exchange. */
export interface HttpRequest {
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** A JSON body (serialized here) or a raw string/form body. */
  json?: unknown;
  body?: string;
  /** Milliseconds before the call is abandoned; default 30 s. */
  timeoutMs?: number;
  /** Retries for GET/HEAD; default 4. Ignored for mutations. */
  retries?: number;
  /** Base delay of the exponential backoff; default 250 ms. */
  backoffMs?: number;
  /** Upper bound of any single wait, including a server's Retry-After; default 30 s. */
  maxWaitMs?: number;
  /** Do not follow redirects (used to read Location headers). */
  manualRedirect?: boolean;
}

/** What came back. `text` is the raw body; `json` is parsed when the body is JSON. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** A failure before any HTTP status was received: DNS, refused connection, TLS, timeout. */
export class NetworkError extends Error {
  constructor(
    message: string,
    public readonly url: string,
    public readonly timedOut: boolean,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

const RETRYABLE_STATUS = [429, 502, 503, 504];

/** Seconds or an HTTP date in Retry-After, as milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The URL without its query string, safe to put in error messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

function isIdempotent(method: HttpRequest["method"]): boolean {
  return method === "GET" || method === "HEAD";
}

async function sendOnce(req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timeoutMs = req.timeoutMs ?? 30_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers: Record<string, string> = { Accept: "application/json", ...(req.headers ?? {}) };
  let body: string | undefined = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers["Content-Type"] = "application/json";
  }
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers,
      body,
      signal: controller.signal,
      redirect: req.manualRedirect ? "manual" : "follow",
    });
    const text = await res.text();
    let json: unknown = undefined;
    if (text && (res.headers.get("content-type") ?? "").includes("json")) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, headers: res.headers, text, json };
  } catch (err) {
    const timedOut = controller.signal.aborted;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = timedOut
      ? `no answer within ${timeoutMs} ms`
      : [cause?.code, cause?.message ?? (err as Error).message].filter(Boolean).join(": ");
    throw new NetworkError(
      `${req.method} ${describeUrl(req.url)} failed: ${detail}`,
      describeUrl(req.url),
      timedOut,
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends a request. GET/HEAD are retried on 429/502/503/504 and network errors (bounded, with
 * backoff and Retry-After); POST/PUT/PATCH/DELETE are never retried, because a repeated create
 * leaves an orphan and a repeated secret creation leaves an extra active secret.
 */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  const retries = isIdempotent(req.method) ? (req.retries ?? 4) : 0;
  const backoffMs = req.backoffMs ?? 250;
  const maxWaitMs = req.maxWaitMs ?? 30_000;
  for (let attempt = 0; ; attempt++) {
    let wait: number;
    try {
      const res = await sendOnce(req);
      if (attempt >= retries || !RETRYABLE_STATUS.includes(res.status)) return res;
      wait = retryAfterMs(res.headers.get("retry-after")) ?? backoffMs * 2 ** attempt;
    } catch (err) {
      if (attempt >= retries || !(err instanceof NetworkError)) throw err;
      wait = backoffMs * 2 ** attempt;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, maxWaitMs)));
  }
}
