// Railway public GraphQL API v2 transport: bearer auth, a query string on every URL (requests
// without one hit a 10 RPS edge limit), GraphQL `errors[]` inside HTTP 200 turned into typed errors,
// and an explicit retry rule: queries are reads and are retried on 429/502/503/504 and network
// errors (honouring Retry-After and X-RateLimit-Reset); mutations are sent once, and repeated only
// after a 429, which Railway answers before executing anything.
//
// Dynamic providers serialize the functions they call, so this file uses only globals and the
// shared transport, and holds no module-level state.
import { NetworkError, retryAfterMs, send } from "../../http";

export const RAILWAY_API_URL = "https://backboard.railway.com/graphql/v2";
/** Sent as `?source=` so requests are not limited at the edge (terraform-provider-railway PR #55). */
export const RAILWAY_API_SOURCE = "pocket-id-appwrite";

/** Where and how to reach the Railway API. Built inside provider methods, never captured. */
export interface RailwayConnection {
  /** Account or workspace token, sent as `Authorization: Bearer`. */
  token: string;
  /** GraphQL endpoint; default Railway's. A query string is added when it has none. */
  apiUrl?: string;
  /** Per-request timeout in milliseconds; default 30 s. */
  timeoutMs?: number;
  /** Retries of a query (and of a mutation refused with 429); default 4. */
  retries?: number;
  /** Base backoff in milliseconds; default 500. */
  backoffMs?: number;
  /** Longest single wait for a rate limit to reset; longer waits fail with the reset time. Default 60 s. */
  maxWaitMs?: number;
}

/** Rate-limit state Railway reported on the last answer. */
export interface RateLimit {
  limit?: number;
  remaining?: number;
  /** Epoch milliseconds when the window resets. */
  resetAt?: number;
}

/** A Railway API failure: an HTTP error or a GraphQL error inside HTTP 200. Never carries the token. */
export class RailwayApiError extends Error {
  constructor(
    /** The GraphQL operation name, e.g. `projectCreate`. */
    public readonly operation: string,
    /** What Railway said. */
    public readonly serverMessage: string,
    /** HTTP status of the answer (200 for GraphQL errors). */
    public readonly status: number,
    /** `errors[0].extensions.code`, when present. */
    public readonly code: string | undefined,
    /** Request or trace id to quote to Railway support, when present. */
    public readonly requestId: string | undefined,
    public readonly rateLimit?: RateLimit,
  ) {
    const ids = [`HTTP ${status}`, code && `code ${code}`, requestId && `request id ${requestId}`].filter(
      Boolean,
    );
    super(`Railway API ${operation} failed: ${serverMessage} (${ids.join(", ")})`);
    this.name = "RailwayApiError";
  }

  /** The object does not exist (deleted outside Pulumi, or never created). */
  get isNotFound(): boolean {
    if (this.code === "NOT_FOUND") return true;
    return /not found/i.test(this.serverMessage) && !/token/i.test(this.serverMessage);
  }

  /** The token was refused, or it may not touch this object. */
  get isUnauthorized(): boolean {
    if (this.status === 401 || this.status === 403) return true;
    if (this.code === "UNAUTHENTICATED" || this.code === "FORBIDDEN") return true;
    return /not authori[sz]ed|unauthori[sz]ed|authentication required|invalid token|token not found/i.test(
      this.serverMessage,
    );
  }

  get isRateLimited(): boolean {
    return this.status === 429;
  }
}

/** The endpoint with `?source=` added when it carries no query string. */
export function apiUrl(endpoint: string = RAILWAY_API_URL): string {
  const url = new URL(endpoint);
  if (url.search === "") url.searchParams.set("source", RAILWAY_API_SOURCE);
  return url.toString();
}

/** The token the stack uses: config `railwayToken`, else `RAILWAY_API_TOKEN`, else `RAILWAY_TOKEN`. */
export function resolveRailwayToken(
  configured: string | undefined,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  for (const candidate of [configured, env.RAILWAY_API_TOKEN, env.RAILWAY_TOKEN]) {
    if (candidate && candidate.trim() !== "") return candidate.trim();
  }
  return undefined;
}

/** X-RateLimit-* headers as numbers; the reset header may be epoch seconds, epoch ms or seconds from now. */
export function parseRateLimit(headers: Headers, now: number = Date.now()): RateLimit {
  const num = (name: string): number | undefined => {
    const v = headers.get(name);
    if (v === null || v.trim() === "") return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const reset = num("x-ratelimit-reset");
  let resetAt: number | undefined;
  if (reset !== undefined) {
    if (reset > 1e12) resetAt = reset;
    else if (reset > 1e9) resetAt = reset * 1000;
    else resetAt = now + reset * 1000;
  }
  return { limit: num("x-ratelimit-limit"), remaining: num("x-ratelimit-remaining"), resetAt };
}

/** How long to wait before retrying a refused request: Retry-After, else the rate-limit reset, else backoff. */
export function retryDelayMs(
  headers: Headers,
  attempt: number,
  backoffMs: number,
  now: number = Date.now(),
): number {
  const after = retryAfterMs(headers.get("retry-after"), now);
  if (after !== undefined) return after;
  const rl = parseRateLimit(headers, now);
  if (rl.remaining === 0 && rl.resetAt !== undefined) return Math.max(0, rl.resetAt - now);
  return backoffMs * 2 ** attempt;
}

/** Removes the token from text that is about to appear in an error message. */
export function redactToken(text: string, token: string): string {
  return token.length >= 8 ? text.split(token).join("[redacted]") : text;
}

interface GraphQlBody<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string; traceId?: string; requestId?: string } }[];
}

const RETRYABLE_STATUS = [429, 502, 503, 504];

export type OperationKind = "query" | "mutation";

/** Extra request options used by the token probe. */
export interface RequestOptions {
  /** Send the token as `Project-Access-Token` instead of bearer (only to identify project tokens). */
  asProjectToken?: boolean;
}

async function execute<T>(
  conn: RailwayConnection,
  kind: OperationKind,
  operationName: string,
  document: string,
  variables: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<T> {
  const url = apiUrl(conn.apiUrl);
  const retries = conn.retries ?? 4;
  const backoffMs = conn.backoffMs ?? 500;
  const maxWaitMs = conn.maxWaitMs ?? 60_000;
  const headers: Record<string, string> = options.asProjectToken
    ? { "Project-Access-Token": conn.token }
    : { Authorization: `Bearer ${conn.token}` };
  for (let attempt = 0; ; attempt++) {
    let wait: number;
    let refused: RailwayApiError;
    try {
      // The shared transport never retries a POST; the retry rule for GraphQL lives here.
      const res = await send({
        method: "POST",
        url,
        headers,
        json: { query: document, variables, operationName },
        timeoutMs: conn.timeoutMs ?? 30_000,
        retries: 0,
      });
      const requestId =
        res.headers.get("x-request-id") ??
        res.headers.get("x-railway-request-id") ??
        res.headers.get("cf-ray") ??
        undefined;
      const rateLimit = parseRateLimit(res.headers);
      const body = (res.json ?? {}) as GraphQlBody<T>;
      if (res.status >= 200 && res.status < 300 && !body.errors?.length && body.data) return body.data;
      const first = body.errors?.[0];
      const message = redactToken(
        first?.message ?? (res.text.trim().slice(0, 300) || `HTTP ${res.status} with no body`),
        conn.token,
      );
      refused = new RailwayApiError(
        operationName,
        message,
        res.status,
        first?.extensions?.code,
        requestId ?? first?.extensions?.requestId ?? first?.extensions?.traceId,
        rateLimit,
      );
      const retryable = kind === "query" ? RETRYABLE_STATUS.includes(res.status) : res.status === 429;
      if (!retryable || attempt >= retries) throw refused;
      wait = retryDelayMs(res.headers, attempt, backoffMs);
    } catch (err) {
      if (err instanceof RailwayApiError) throw err;
      // A mutation that timed out or lost its connection may have been applied: never resend it.
      if (!(err instanceof NetworkError) || kind === "mutation" || attempt >= retries) throw err;
      wait = backoffMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
      continue;
    }
    if (wait > maxWaitMs) {
      const seconds = Math.ceil(wait / 1000);
      throw new RailwayApiError(
        operationName,
        `rate limited; Railway asks to wait ${seconds} s, longer than the ${Math.round(maxWaitMs / 1000)} s this ` +
          `stack waits (the Free plan allows about 100 requests an hour). Run again after that`,
        refused.status,
        refused.code,
        refused.requestId,
        refused.rateLimit,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** A read. Retried on 429/502/503/504 and network errors with backoff and Retry-After. */
export function railwayQuery<T>(
  conn: RailwayConnection,
  operationName: string,
  document: string,
  variables: Record<string, unknown> = {},
  options?: RequestOptions,
): Promise<T> {
  return execute<T>(conn, "query", operationName, document, variables, options);
}

/** A write. Sent once; repeated only after a 429 (Railway refused it before running it). */
export function railwayMutation<T>(
  conn: RailwayConnection,
  operationName: string,
  document: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  return execute<T>(conn, "mutation", operationName, document, variables);
}

/** Resolves to undefined when the object does not exist; rethrows anything else. */
export async function orUndefined<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof RailwayApiError && err.isNotFound) return undefined;
    throw err;
  }
}

/** Runs a delete; an object that is already gone counts as deleted. Resolves false in that case. */
export async function deleteIfPresent(request: () => Promise<unknown>): Promise<boolean> {
  try {
    await request();
    return true;
  } catch (err) {
    if (err instanceof RailwayApiError && err.isNotFound) return false;
    throw err;
  }
}
