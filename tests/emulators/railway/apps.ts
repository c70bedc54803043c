// What runs behind an emulated Railway service: an app started when a deployment succeeds (the
// Pocket ID emulator, configured from the service's variables, or a bare /healthz server), and
// the HTTPS front door of each service domain. Domains are `127.0.0.1:<port>` served with the
// test-only certificate in ./tls, so `APP_URL = https://<domain>` works on this machine; run the
// tests with NODE_EXTRA_CA_CERTS=tests/emulators/railway/tls/localhost.crt.
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export const TLS_CERT_PATH = join(__dirname, "tls", "localhost.crt");
export const TLS_KEY_PATH = join(__dirname, "tls", "localhost.key");

/** An app process behind a service. */
export interface RunningApp {
  /** Plain-HTTP address the domain proxies to. */
  url: string;
  stop(): Promise<void>;
  /** What the app keeps on its /app/data volume, saved when it stops. */
  snapshot?(): unknown;
}

export interface AppContext {
  deploymentId: string;
  image: string;
  /** Rendered variables of the deployment. */
  variables: Record<string, string>;
  /** What a previous deployment left on the volume at /app/data; undefined without a volume. */
  volumeData: unknown;
}

export type AppFactory = (ctx: AppContext) => Promise<RunningApp>;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** A bare app: `/healthz` answers 204, anything else 200. */
export const healthzApp: AppFactory = async () => {
  const server = createHttpServer((req, res) => {
    res.writeHead(req.url?.startsWith("/healthz") ? 204 : 200);
    res.end();
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => close(server) };
};

/** Why Pocket ID v2 would exit at start-up with these variables (env_config.go checks), or undefined. */
export function pocketIdStartupError(vars: Record<string, string>): string | undefined {
  const key = vars.ENCRYPTION_KEY;
  if (!key) return "ENCRYPTION_KEY or ENCRYPTION_KEY_FILE must be set";
  if (Buffer.byteLength(key, "utf8") < 16) return "ENCRYPTION_KEY must be at least 16 bytes long";
  if (vars.STATIC_API_KEY !== undefined && vars.STATIC_API_KEY.length < 16) {
    return "when set, STATIC_API_KEY must be at least 16 characters long";
  }
  const appUrl = vars.APP_URL;
  if (appUrl) {
    try {
      const u = new URL(appUrl);
      if (u.pathname !== "/" && u.pathname !== "") return "APP_URL must not contain a path";
    } catch {
      return `APP_URL is not a valid URL: ${appUrl}`;
    }
  }
  return undefined;
}

/** The version in an image tag such as `ghcr.io/pocket-id/pocket-id:v2.14.0`, or undefined. */
export function imageVersion(image: string): string | undefined {
  return /:v?(\d+\.\d+\.\d+)/.exec(image)?.[1];
}

/** The Pocket ID emulator (tests/emulators/pocket-id.ts) configured from APP_URL and STATIC_API_KEY. */
export const pocketIdApp: AppFactory = async (ctx) => {
  const { startPocketIdEmulator } = require("../pocket-id") as typeof import("../pocket-id");
  const appUrl = (ctx.variables.APP_URL || `http://localhost:${ctx.variables.PORT || 1411}`)
    .toLowerCase()
    .replace(/\/+$/, "");
  const emulator = await startPocketIdEmulator({
    apiKey: ctx.variables.STATIC_API_KEY || undefined,
    appUrl,
    version: imageVersion(ctx.image),
  });
  // The volume keeps the database: copy what the previous deployment stored.
  const saved = ctx.volumeData as Record<string, unknown> | undefined;
  if (saved) {
    for (const [name, value] of Object.entries(saved)) {
      const target = (emulator.state as unknown as Record<string, unknown>)[name];
      if (value instanceof Map && target instanceof Map) for (const [k, v] of value) target.set(k, v);
    }
  }
  return {
    url: emulator.url,
    stop: () => emulator.stop(),
    snapshot: () => {
      const data: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(emulator.state))
        if (value instanceof Map) data[name] = new Map(value);
      return data;
    },
  };
};

/** What a service domain routes to right now. */
export type DomainTarget = { kind: "app"; url: string } | { kind: "error"; status: number; body: string };

/** The HTTPS front door of one service domain, on its own port of 127.0.0.1. */
export class DomainServer {
  private constructor(
    private readonly server: Server,
    public readonly port: number,
  ) {}

  static async start(route: () => DomainTarget): Promise<DomainServer> {
    const server = createHttpsServer(
      { key: readFileSync(TLS_KEY_PATH), cert: readFileSync(TLS_CERT_PATH) },
      (req, res) => {
        const target = route();
        if (target.kind === "error") {
          res.writeHead(target.status, { "Content-Type": "text/plain" });
          res.end(target.body);
          return;
        }
        const upstream = new URL(req.url ?? "/", target.url);
        const proxied = httpRequest(
          upstream,
          {
            method: req.method,
            headers: {
              ...req.headers,
              "x-forwarded-proto": "https",
              "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
            },
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        proxied.on("error", () => {
          if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
          res.end("Application failed to respond");
        });
        req.pipe(proxied);
      },
    ) as unknown as Server;
    server.keepAliveTimeout = 120_000;
    const port = await listen(server);
    return new DomainServer(server, port);
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}
