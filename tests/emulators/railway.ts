// Railway emulator: behaviour follows Railway's public GraphQL API v2 — schema.graphql committed in terraform-community-providers/terraform-provider-railway (b1cd755, 2026-04-21) and railwayapp/docs integrations/api (2026-08-21).
//
// GraphQL over HTTP on 127.0.0.1 with graphql-js (buildSchema + root resolvers). What it models:
// token kinds (account: `me` works; workspace: one workspace, `me` fails; project: the
// `Project-Access-Token` header, one environment, cannot create projects or environments), GraphQL
// errors inside HTTP 200, the 10 RPS edge limit for URLs without a query string (answered strictly:
// 429 "error code: 1015"), an hourly per-token rate limit with X-RateLimit-* and Retry-After, faults
// on demand, and a request log. Deployments progress QUEUED → BUILDING → DEPLOYING → SUCCESS on a
// timer (or FAILED / CRASHED on demand, or CRASHED when Pocket ID's required variables are missing);
// a successful one starts an app — the Pocket ID emulator configured from the service's variables —
// behind the service domain `127.0.0.1:<port>`, served over HTTPS with tests/emulators/railway/tls.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { buildSchema, graphql, parse, type OperationDefinitionNode } from "graphql";
import { DomainServer, healthzApp, pocketIdApp, TLS_CERT_PATH, type AppFactory } from "./railway/apps";
import { RailwayEngine, type Principal } from "./railway/resolvers";
import { RAILWAY_SDL } from "./railway/schema";
import { RailwayWorld, type DeploymentRecord } from "./railway/state";

export { TLS_CERT_PATH } from "./railway/apps";
export type { AppFactory, RunningApp } from "./railway/apps";
export { RailwayWorld } from "./railway/state";

export interface RailwayEmulatorOptions {
  /** Milliseconds each deployment stage takes; default 20. */
  stepMs?: number;
  /** What a successful deployment runs: "pocket-id" (default), "healthz" (bare 204 server) or a factory. */
  app?: "pocket-id" | "healthz" | AppFactory;
  /** "local" (default): domains are 127.0.0.1:<port> over HTTPS; "railway": *.up.railway.app names, nothing served. */
  domains?: "local" | "railway";
  /** Per-token limit; default unlimited. Railway's Free plan allows 100 requests an hour. */
  rateLimit?: { limit: number; windowMs: number };
  /** Refuse requests without a query string like Railway's edge does; default true. */
  requireQueryString?: boolean;
  /** Delay before a new volume instance is listed; default 0. */
  volumeInstanceDelayMs?: number;
}

/** One request as the emulator saw it. */
export interface RecordedRequest {
  operationName: string;
  kind: "query" | "mutation" | "unknown";
  auth: Principal["kind"];
  status: number;
  /** The raw query string of the URL ("" when there was none). */
  search: string;
  /** Whether the body had GraphQL errors. */
  graphqlErrors: string[];
}

export interface RailwayFault {
  /** Only requests of this GraphQL operation name. */
  operation?: string;
  /** Answer with this HTTP status (a JSON errors body) instead of executing. */
  status?: number;
  retryAfterSeconds?: number;
  /** Answer HTTP 200 with this GraphQL error instead of executing. */
  graphqlError?: { message: string; code?: string };
  /** Wait this long before answering (the request is then handled as usual unless another effect is set). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  dropConnection?: boolean;
  /** How many matching requests the fault applies to; default 1. */
  times?: number;
}

export interface RailwayEmulator {
  /** GraphQL endpoint without a query string (the client must add one). */
  url: string;
  world: RailwayWorld;
  requests: RecordedRequest[];
  /** An account token that sees workspace `workspaceId`. */
  accountToken: string;
  /** A workspace token of `workspaceId`. */
  workspaceToken: string;
  workspaceId: string;
  /** The certificate to trust (NODE_EXTRA_CA_CERTS) for the service domains. */
  caCertPath: string;
  /** Requests so far, optionally only those of one operation. */
  requestCount(operation?: string): number;
  resetRequests(): void;
  addWorkspace(name: string): string;
  /** An account token seeing the given workspaces. */
  addAccountToken(workspaceIds: string[]): string;
  /** A project token for one environment of one project (sent with the Project-Access-Token header). */
  createProjectToken(projectId: string, environmentId: string): string;
  /** Makes a token unknown, as deleting it in Railway's dashboard does. */
  revokeToken(token: string): void;
  injectFault(fault: RailwayFault): void;
  clearFaults(): void;
  /** The next deployment ends FAILED (at build) or CRASHED (at start) with these log lines. */
  failNextDeployment(status: "FAILED" | "CRASHED", logs?: string[]): void;
  setStepMs(ms: number): void;
  /** Deployments of a service instance, oldest first. */
  deploymentsOf(serviceId: string, environmentId: string): DeploymentRecord[];
  /** Resolves when no deployment is in progress. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface TokenRecord {
  principal: Principal;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function describeOperation(
  source: string,
  operationName?: string,
): { name: string; kind: RecordedRequest["kind"] } {
  try {
    const ops = parse(source).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
    );
    const op = ops.find((o) => o.name?.value === operationName) ?? ops[0];
    const name = operationName ?? op?.name?.value ?? "anonymous";
    return {
      name,
      kind: op?.operation === "mutation" ? "mutation" : op?.operation === "query" ? "query" : "unknown",
    };
  } catch {
    return { name: operationName ?? "unparseable", kind: "unknown" };
  }
}

export async function startRailwayEmulator(options: RailwayEmulatorOptions = {}): Promise<RailwayEmulator> {
  const world = new RailwayWorld();
  let stepMs = options.stepMs ?? 20;
  const app: AppFactory =
    typeof options.app === "function" ? options.app : options.app === "healthz" ? healthzApp : pocketIdApp;
  const engine = new RailwayEngine(world, {
    stepMs: () => stepMs,
    app,
    domainMode: options.domains ?? "local",
    startDomainServer: (route) => DomainServer.start(route),
    volumeInstanceDelayMs: () => options.volumeInstanceDelayMs ?? 0,
  });
  const schema = buildSchema(RAILWAY_SDL);
  const rootValue = engine.rootValue();
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, TokenRecord>();
  const projectTokens = new Map<string, TokenRecord>();
  const usage = new Map<string, number[]>();
  let faults: { fault: RailwayFault; left: number }[] = [];

  const addWorkspace = (name: string): string => {
    const id = randomUUID();
    world.workspaces.set(id, { id, name });
    return id;
  };
  const addAccountToken = (workspaceIds: string[]): string => {
    const token = `acct_${randomUUID()}`;
    tokens.set(token, {
      principal: { kind: "account", token, userId: randomUUID(), email: "owner@example.com", workspaceIds },
    });
    return token;
  };
  const workspaceId = addWorkspace("Personal");
  const accountToken = addAccountToken([workspaceId]);
  const workspaceToken = `ws_${randomUUID()}`;
  tokens.set(workspaceToken, { principal: { kind: "workspace", token: workspaceToken, workspaceId } });

  function principalOf(req: IncomingMessage): Principal {
    const projectHeader = req.headers["project-access-token"];
    if (typeof projectHeader === "string" && projectHeader !== "") {
      return projectTokens.get(projectHeader)?.principal ?? { kind: "invalid" };
    }
    const auth = req.headers.authorization;
    if (typeof auth === "string" && auth.startsWith("Bearer ")) {
      // A project token sent as a bearer token is not a bearer token: it is refused like any unknown one.
      return tokens.get(auth.slice("Bearer ".length))?.principal ?? { kind: "invalid" };
    }
    return { kind: "none" };
  }

  function takeFault(operation: string): RailwayFault | undefined {
    const entry = faults.find((f) => f.left > 0 && (!f.fault.operation || f.fault.operation === operation));
    if (!entry) return undefined;
    entry.left--;
    faults = faults.filter((f) => f.left > 0);
    return entry.fault;
  }

  function rateLimitHeaders(key: string): {
    headers: Record<string, string>;
    exceeded: boolean;
    retryAfter: number;
  } {
    const limit = options.rateLimit;
    if (!limit) return { headers: {}, exceeded: false, retryAfter: 0 };
    const now = Date.now();
    const recent = (usage.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    const exceeded = recent.length >= limit.limit;
    if (!exceeded) recent.push(now);
    usage.set(key, recent);
    const resetAt = (recent[0] ?? now) + limit.windowMs;
    return {
      headers: {
        "X-RateLimit-Limit": String(limit.limit),
        "X-RateLimit-Remaining": String(Math.max(0, limit.limit - recent.length)),
        "X-RateLimit-Reset": String(Math.ceil(resetAt / 1000)),
      },
      exceeded,
      retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const raw = await readBody(req);
    let body: { query?: string; variables?: Record<string, unknown>; operationName?: string } = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = {};
    }
    const op = describeOperation(body.query ?? "", body.operationName);
    const principal = principalOf(req);
    const record: RecordedRequest = {
      operationName: op.name,
      kind: op.kind,
      auth: principal.kind,
      status: 0,
      search: url.search.replace(/^\?/, ""),
      graphqlErrors: [],
    };
    requests.push(record);
    const requestId = randomUUID();
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        "Content-Type": typeof payload === "string" ? "text/plain" : "application/json",
        "X-Request-Id": requestId,
        ...headers,
      });
      res.end(text);
    };

    if (url.pathname !== "/graphql/v2" || req.method !== "POST")
      return reply(404, { errors: [{ message: "Not Found" }] });
    if ((options.requireQueryString ?? true) && url.search === "") {
      return reply(429, "error code: 1015", { "Retry-After": "60" });
    }
    const fault = takeFault(op.name);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.dropConnection) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
      return reply(fault.status, { errors: [{ message: `Injected HTTP ${fault.status}` }] }, headers);
    }
    if (fault?.graphqlError) {
      record.graphqlErrors.push(fault.graphqlError.message);
      return reply(200, {
        data: null,
        errors: [
          {
            message: fault.graphqlError.message,
            extensions: fault.graphqlError.code ? { code: fault.graphqlError.code } : {},
          },
        ],
      });
    }
    const limiterKey = "token" in principal ? principal.token : (req.socket.remoteAddress ?? "anonymous");
    const rl = rateLimitHeaders(limiterKey);
    if (rl.exceeded) {
      return reply(
        429,
        {
          errors: [
            { message: "Rate limit exceeded. Please try again later.", extensions: { code: "RATELIMITED" } },
          ],
        },
        { ...rl.headers, "Retry-After": String(rl.retryAfter) },
      );
    }
    if (!body.query) return reply(400, { errors: [{ message: "Must provide query string." }] }, rl.headers);
    const result = await graphql({
      schema,
      source: body.query,
      rootValue,
      contextValue: { principal },
      variableValues: body.variables ?? {},
      operationName: body.operationName,
    });
    record.graphqlErrors = (result.errors ?? []).map((e) => e.message);
    reply(200, result, rl.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ errors: [{ message: `emulator error: ${(err as Error).message}` }] }));
    });
  });
  // Longer than any pause between a test's requests, so a pooled connection is never closed under a request.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/graphql/v2`,
    world,
    requests,
    accountToken,
    workspaceToken,
    workspaceId,
    caCertPath: TLS_CERT_PATH,
    requestCount: (operation) => requests.filter((r) => !operation || r.operationName === operation).length,
    resetRequests: () => {
      requests.length = 0;
    },
    addWorkspace,
    addAccountToken,
    createProjectToken: (projectId, environmentId) => {
      const token = `proj_${randomUUID()}`;
      projectTokens.set(token, {
        principal: { kind: "project", token, tokenId: randomUUID(), projectId, environmentId },
      });
      return token;
    },
    revokeToken: (token) => {
      tokens.delete(token);
      projectTokens.delete(token);
    },
    injectFault: (fault) => {
      faults.push({ fault, left: fault.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
    },
    failNextDeployment: (status, logs = []) => {
      engine.plannedOutcomes.push({ status, logs });
    },
    setStepMs: (ms) => {
      stepMs = ms;
    },
    deploymentsOf: (serviceId, environmentId) => world.deploymentsOf(serviceId, environmentId),
    settle: async (timeoutMs = 10_000) => {
      const start = Date.now();
      const busy = () =>
        [...world.deployments.values()].some((d) =>
          ["QUEUED", "BUILDING", "DEPLOYING", "INITIALIZING"].includes(d.status),
        );
      while (busy()) {
        if (Date.now() - start > timeoutMs)
          throw new Error("Railway emulator: deployments still in progress");
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop: async () => {
      await engine.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
