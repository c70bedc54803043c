// Pocket ID emulator: behaviour follows pocket-id/pocket-id v2.14.0 (tag v2.14.0, commit 55212662), API-level.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { clientRoutes, randomAlphanumeric } from "./pocket-id/clients";
import { ApiError, errorBody, internalError, notSignedIn, rateLimited } from "./pocket-id/errors";
import { oidcRoutes } from "./pocket-id/oidc";
import {
  compareVersions,
  type ApiRequest,
  type EmulatorContext,
  type Reply,
  type Route,
} from "./pocket-id/routing";
import { createState, type PocketIdState } from "./pocket-id/state";
import { ensureStaticApiKeyUser, userRoutes } from "./pocket-id/users";

export type {
  ClientSecretRecord,
  OidcClientRecord,
  OneTimeTokenRecord,
  PocketIdState,
  UserGroupRecord,
  UserRecord,
} from "./pocket-id/state";
export { STATIC_API_KEY_USER_ID } from "./pocket-id/state";

export interface PocketIdEmulatorOptions {
  /** STATIC_API_KEY; default: 32 random alphanumeric characters. */
  apiKey?: string;
  /** APP_URL (also the issuer); default `http://127.0.0.1:<port>`. */
  appUrl?: string;
  /** The version the emulator reports and behaves as; default "2.14.0". */
  version?: string;
  /** Default: a random free port. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string without `?` ("" when there is none). */
  query: string;
  /** The status sent; 0 when the connection was dropped by a fault. */
  status: number;
  /** The decoded JSON or form body, when there was one. */
  body?: unknown;
}

export interface FaultRule {
  /** Match only this method (case-insensitive). */
  method?: string;
  /** Match the path exactly (string) or by pattern. Rules without a path never match `/healthz`. */
  path?: RegExp | string;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Sets `Retry-After` (429 answers get 1 by default). */
  retryAfterSeconds?: number;
  /** Wait this long first; without status or dropConnection the request is then handled normally. */
  delayMs?: number;
  /** How many matching calls the fault applies to (default 1). */
  times?: number;
  /** Apply only to the nth matching call (1-based); overrides `times`. */
  nth?: number;
  /** Response body instead of Pocket ID's error body for the status. */
  body?: unknown;
  /** Destroy the socket without answering (a network error for the client). */
  dropConnection?: boolean;
}

export interface PocketIdEmulator {
  url: string;
  apiKey: string;
  port: number;
  version: string;
  state: PocketIdState;
  requests: RecordedRequest[];
  /** Every recorded request that is not GET or HEAD. */
  mutatingRequests(): RecordedRequest[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Switches version-dependent behaviour (`/secrets` vs `/secret`, `createdSecret`) and `/api/version/current`. */
  setVersion(version: string): void;
  stop(): Promise<void>;
}

interface ActiveFault {
  rule: FaultRule;
  matched: number;
  applied: number;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

const routes: CompiledRoute[] = [...oidcRoutes, ...clientRoutes, ...userRoutes].map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, regex: new RegExp(`^${source}$`), names };
});

/** Client ids in paths may be `~<base64url>` (`middleware/client_id_param.go`). */
const decodeParam = (name: string, value: string): string => {
  const decoded = decodeURIComponent(value);
  return name === "id" && decoded.startsWith("~")
    ? Buffer.from(decoded.slice(1), "base64url").toString()
    : decoded;
};

function findRoute(method: string, path: string, version: string) {
  const lookup = method === "HEAD" ? "GET" : method;
  for (const { route, regex, names } of routes) {
    if (route.method !== lookup) continue;
    if (route.since && compareVersions(version, route.since) < 0) continue;
    if (route.until && compareVersions(version, route.until) >= 0) continue;
    const match = regex.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decodeParam(name, match[i + 1])));
    return { route, params };
  }
  return undefined;
}

function decodeBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if (/json/i.test(contentType ?? "")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? "")) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Pocket ID's default error body for a status a fault injects. */
function faultBody(status: number, requestId: string): unknown {
  const error =
    status === 429
      ? rateLimited()
      : status >= 500
        ? internalError()
        : new ApiError(status, "injected_fault", `Injected fault with status ${status}`);
  return errorBody(error, requestId);
}

export async function startPocketIdEmulator(opts: PocketIdEmulatorOptions = {}): Promise<PocketIdEmulator> {
  const apiKey = opts.apiKey ?? randomAlphanumeric(32);
  const host = opts.host ?? "127.0.0.1";
  const context: EmulatorContext = { state: createState(), version: opts.version ?? "2.14.0", appUrl: "" };
  const requests: RecordedRequest[] = [];
  let faults: ActiveFault[] = [];

  function takeFault(method: string, path: string): FaultRule | undefined {
    for (const fault of faults) {
      const { rule } = fault;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path === undefined && path === "/healthz") continue;
      if (typeof rule.path === "string" && rule.path !== path) continue;
      if (rule.path instanceof RegExp && !rule.path.test(path)) continue;
      fault.matched++;
      const applies = rule.nth !== undefined ? fault.matched === rule.nth : fault.applied < (rule.times ?? 1);
      if (!applies) continue;
      fault.applied++;
      return rule;
    }
    return undefined;
  }

  function dispatch(request: ApiRequest): Reply {
    const found = findRoute(request.method, request.path, context.version);
    if (!found) {
      // Gin's NoRoute handler of the image with the embedded frontend.
      if (/^\/(api|\.well-known)\//.test(request.path))
        return { status: 404, json: { error: "API endpoint not found" } };
      return {
        status: 200,
        contentType: "text/html; charset=utf-8",
        text: "<!doctype html><title>Pocket ID</title>",
      };
    }
    request.params = found.params;
    if (found.route.auth !== "public") {
      const key = request.headers["x-api-key"];
      if (typeof key !== "string" || key === "" || key !== apiKey) throw notSignedIn();
      request.userId = ensureStaticApiKeyUser(context);
    }
    return found.route.handle(request, context);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      status: 0,
      ...(raw.length > 0 ? { body: decodeBody(req.headers["content-type"], raw) } : {}),
    };
    const send = (reply: Reply) => {
      record.status = reply.status;
      requests.push(record);
      const headers: Record<string, string> = { "X-Request-ID": requestId, ...reply.headers };
      let payload = "";
      if (reply.json !== undefined) {
        headers["Content-Type"] = "application/json; charset=utf-8";
        payload = JSON.stringify(reply.json);
      } else if (reply.text !== undefined) {
        if (reply.contentType) headers["Content-Type"] = reply.contentType;
        payload = reply.text;
      }
      res.writeHead(reply.status, headers);
      res.end(method === "HEAD" ? undefined : payload);
    };

    const fault = takeFault(method, url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.dropConnection) {
      requests.push(record);
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const retryAfter = fault.retryAfterSeconds ?? (fault.status === 429 ? 1 : undefined);
      send({
        status: fault.status,
        json: fault.body ?? faultBody(fault.status, requestId),
        headers: retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : undefined,
      });
      return;
    }

    const request: ApiRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: raw,
      params: {},
      userId: null,
    };
    try {
      send(dispatch(request));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : internalError();
      if (!(error instanceof ApiError)) console.error("pocket-id emulator: unexpected error", error);
      send({ status: apiError.status, json: errorBody(apiError, requestId) });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("pocket-id emulator: request failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  context.appUrl = (opts.appUrl ?? `http://${host.includes(":") ? `[${host}]` : host}:${port}`)
    .toLowerCase()
    .replace(/\/+$/, "");

  const emulator: PocketIdEmulator = {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    apiKey,
    port,
    get version() {
      return context.version;
    },
    state: context.state,
    requests,
    mutatingRequests: () => requests.filter((r) => r.method !== "GET" && r.method !== "HEAD"),
    injectFault: (rule) => faults.push({ rule, matched: 0, applied: 0 }),
    clearFaults: () => {
      faults = [];
    },
    setVersion: (version) => {
      context.version = version;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return emulator;
}

function parseArgs(argv: string[]): PocketIdEmulatorOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const port = value("--port");
  return {
    port: port ? Number(port) : 1411,
    apiKey: value("--api-key"),
    appUrl: value("--app-url"),
    version: value("--version"),
    host: value("--host"),
  };
}

if (require.main === module) {
  startPocketIdEmulator(parseArgs(process.argv.slice(2))).then(
    (emulator) => {
      console.log(`Pocket ID emulator v${emulator.version} listening on ${emulator.url}`);
      console.log(`STATIC_API_KEY=${emulator.apiKey}`);
      const shutdown = () => void emulator.stop().then(() => process.exit(0));
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
