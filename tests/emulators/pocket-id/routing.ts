// Route table types shared by the Pocket ID v2.14.0 emulator's route modules.
import type { IncomingHttpHeaders } from "node:http";
import type { PocketIdState } from "./state";

/** What a route handler sees of the emulator. */
export interface EmulatorContext {
  state: PocketIdState;
  /** The emulated server version (`/api/version/current`), which switches version-dependent routes. */
  version: string;
  /** APP_URL: issuer and base of every absolute URL the server builds. */
  appUrl: string;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
  /** The authenticated user's id (the static API key user), or null on public routes. */
  userId: string | null;
}

export interface Reply {
  status: number;
  /** Serialised as `application/json; charset=utf-8`. */
  json?: unknown;
  /** A raw body with its own content type. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** `admin`: X-API-Key of an admin; `signedIn`: any authenticated user; `public`: no auth. */
export type RouteAuth = "admin" | "signedIn" | "public";

export interface Route {
  method: string;
  /** Express-style path with `:name` parameters. */
  path: string;
  auth: RouteAuth;
  /** The route exists from this version on (inclusive). */
  since?: string;
  /** The route exists before this version (exclusive). */
  until?: string;
  handle(request: ApiRequest, context: EmulatorContext): Reply;
}

/** Compares dotted versions numerically ("2.9.0" < "2.14.0"); a leading "v" is ignored. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) =>
    v
      .replace(/^v/, "")
      .split(/[.-]/)
      .map((part) => Number.parseInt(part, 10) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export const atLeast = (version: string, minimum: string): boolean => compareVersions(version, minimum) >= 0;

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  headers,
});

export const noContent = (): Reply => ({ status: 204 });
