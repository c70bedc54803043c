// Pocket ID admin API transport: X-API-Key auth, the v2.13+ error body, pagination.
import { describeUrl, send } from "../../http";

/** Where and how to reach one Pocket ID instance's admin API. */
export interface PocketIdConnection {
  /** Base URL, e.g. https://id.example.com (no trailing slash). */
  url: string;
  /** STATIC_API_KEY or an admin API key, sent as X-API-Key. */
  apiKey: string;
  /** Per-call timeout in milliseconds; default 30 s. */
  timeoutMs?: number;
  /** GET retries; default 4. */
  retries?: number;
  /** Base backoff in milliseconds; default 250. */
  backoffMs?: number;
}

/** A non-2xx answer from Pocket ID. Never carries the API key. */
export class PocketIdApiError extends Error {
  constructor(
    public readonly method: string,
    public readonly endpoint: string,
    public readonly status: number,
    public readonly code: string | undefined,
    public readonly requestId: string | undefined,
    public readonly serverMessage: string,
    public readonly details?: unknown,
  ) {
    const ids = [code && `code ${code}`, requestId && `request id ${requestId}`].filter(Boolean).join(", ");
    super(`Pocket ID ${method} ${endpoint} returned ${status}: ${serverMessage}${ids ? ` (${ids})` : ""}`);
    this.name = "PocketIdApiError";
  }

  /** 404 for a resource that does not exist (as opposed to a route this server lacks). */
  get isNotFound(): boolean {
    return this.status === 404 && this.code !== undefined;
  }

  /** 404 "API endpoint not found": the server has no such route (too old or too new). */
  get isMissingRoute(): boolean {
    return this.status === 404 && this.code === undefined;
  }
}

export interface CallOptions {
  json?: unknown;
  query?: Record<string, string | number | undefined>;
}

/** Builds the full URL of an API path such as `/api/oidc/clients`. */
export function apiUrl(conn: PocketIdConnection, path: string, query?: CallOptions["query"]): string {
  const url = new URL(conn.url.replace(/\/+$/, "") + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Path segment for a client, user, group or secret id (custom client ids may hold dots). */
export function seg(id: string): string {
  return encodeURIComponent(id);
}

/** One call to the admin API; resolves with the parsed body of a 2xx answer, throws PocketIdApiError otherwise. */
export async function call<T>(
  conn: PocketIdConnection,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: CallOptions = {},
): Promise<T> {
  const url = apiUrl(conn, path, options.query);
  const res = await send({
    method,
    url,
    headers: { "X-API-Key": conn.apiKey },
    json: options.json,
    timeoutMs: conn.timeoutMs,
    retries: conn.retries,
    backoffMs: conn.backoffMs,
  });
  if (res.status >= 200 && res.status < 300) return res.json as T;
  const body = (res.json ?? {}) as { error?: string; code?: string; details?: unknown; request_id?: string };
  throw new PocketIdApiError(
    method,
    describeUrl(url).replace(conn.url.replace(/\/+$/, ""), ""),
    res.status,
    body.code,
    body.request_id ?? res.headers.get("x-request-id") ?? undefined,
    body.error ?? (res.text.slice(0, 200) || "no body"),
    body.details,
  );
}

/** GET that resolves to undefined for a missing resource (404 with a code). */
export async function callOrUndefined<T>(
  conn: PocketIdConnection,
  method: "GET",
  path: string,
): Promise<T | undefined> {
  try {
    return await call<T>(conn, method, path);
  } catch (err) {
    if (err instanceof PocketIdApiError && err.isNotFound) return undefined;
    throw err;
  }
}

/** DELETE that treats a missing resource as done; resolves false when it was already gone. */
export async function deleteIfPresent(conn: PocketIdConnection, path: string): Promise<boolean> {
  try {
    await call(conn, "DELETE", path);
    return true;
  } catch (err) {
    if (err instanceof PocketIdApiError && err.isNotFound) return false;
    throw err;
  }
}

/** Pocket ID's paginated list envelope. */
export interface Paginated<T> {
  data: T[];
  pagination: { totalPages: number; totalItems: number; currentPage: number; itemsPerPage: number };
}

/**
 * Every item of a paginated list. Loops on totalPages: a page past the end is clamped to the last
 * page by the server, so "until empty" would never stop.
 */
export async function listAll<T>(
  conn: PocketIdConnection,
  path: string,
  query: Record<string, string | undefined> = {},
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const res = await call<Paginated<T>>(conn, "GET", path, {
      query: { ...query, "pagination[page]": page, "pagination[limit]": 100 },
    });
    items.push(...(res.data ?? []));
    if (page >= (res.pagination?.totalPages ?? 1)) return items;
  }
}
