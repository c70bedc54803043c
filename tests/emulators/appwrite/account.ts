// Appwrite 1.9.6 account API for the demo app's browser test, as a route module for the Appwrite emulator
// (appwrite/appwrite 1.9.6 app/controllers/api/account.php: GET /v1/account/sessions/oauth2/:provider with
// the success/failure host check and the provider-disabled check, GET /v1/account, DELETE
// /v1/account/sessions/:sessionId; the session cookie `a_session_<projectId>` (+ `_legacy`) and the
// `X-Fallback-Cookies` header of Auth.php; CORS of app/controllers/general.php for Web platform origins).
//
// One deliberate difference: instead of sending the browser on to the IdP (Pocket ID), the OAuth2 route
// redirects to an emulator-only consent page, /v1/emulator/oauth2/consent. "Approve" creates the session
// (cookie) and redirects to `success`, as Appwrite's callback does once the IdP answered; "Deny" redirects to
// `failure` with `?error=<json>` the way Appwrite's failure redirect does.
import { randomBytes } from "crypto";
import * as http from "http";
import {
  EmulatorContext,
  EmulatorRoute,
  RouteError,
  parseJsonBody,
  projectOf,
  readRawBody,
  recordRequest,
  sendJson,
  sendRouteError,
} from "./sites";

/** Providers of app/config/oAuthProviders.php (the subset the emulator knows). */
const OAUTH_PROVIDERS = [
  "amazon",
  "apple",
  "auth0",
  "authentik",
  "github",
  "gitlab",
  "google",
  "keycloak",
  "microsoft",
  "oidc",
  "okta",
];

/** general.php's Access-Control-Allow-Headers @1.9.6. */
const ALLOW_HEADERS = [
  "Origin",
  "Cookie",
  "Set-Cookie",
  "X-Requested-With",
  "Content-Type",
  "Access-Control-Allow-Origin",
  "Access-Control-Request-Headers",
  "Accept",
  "X-Appwrite-Project",
  "X-Appwrite-Key",
  "X-Appwrite-Dev-Key",
  "X-Appwrite-Locale",
  "X-Appwrite-Mode",
  "X-Appwrite-JWT",
  "X-Appwrite-Response-Format",
  "X-Appwrite-Timeout",
  "X-SDK-Version",
  "X-SDK-Name",
  "X-SDK-Language",
  "X-SDK-Platform",
  "X-SDK-GraphQL",
  "X-Appwrite-ID",
  "X-Appwrite-Timestamp",
  "Content-Range",
  "Range",
  "Cache-Control",
  "Expires",
  "Pragma",
  "X-Forwarded-For",
  "X-Forwarded-User-Agent",
  "X-Fallback-Cookies",
].join(", ");

export interface EmulatedUser {
  $id: string;
  name: string;
  email: string;
}

export interface AccountEmulatorOptions {
  /** The user the consent page signs in; default Ada Lovelace. */
  user?: Partial<EmulatedUser>;
  /** Hostnames always accepted as success/failure hosts and CORS origins (_APP_DOMAIN etc.); default localhost, 127.0.0.1. */
  allowedHostnames?: string[];
  /** More accepted hostnames per project, e.g. a SitesEmulator's Web platforms (`sites.webHostnames`). */
  webHostnames?: (projectId: string) => string[];
  /** Refuse the OAuth2 route while the project's provider is disabled (412), as Appwrite does; default true. */
  requireEnabledProvider?: boolean;
}

export interface EmulatedSession {
  $id: string;
  secret: string;
  projectId: string;
  userId: string;
  provider: string;
}

export interface AccountEmulator {
  /** Mount this in the emulator (extraRoutes). */
  handle: EmulatorRoute;
  user: EmulatedUser;
  sessions: EmulatedSession[];
  /** Ends every session, as if they expired. */
  clearSessions(): void;
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cookies(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Appwrite's failure redirect: the failure URL with `error={"message","type","code"}` merged into its query. */
function failureUrl(failure: string, err: RouteError): string {
  const u = new URL(failure);
  u.searchParams.set("error", JSON.stringify({ message: err.message, type: err.type, code: err.code }));
  return u.toString();
}

export function createAccountRoutes(opts: AccountEmulatorOptions = {}): AccountEmulator {
  const user: EmulatedUser = {
    $id: "6650e6b1d2c4f0a1b2c3",
    name: "Ada Lovelace",
    email: "ada@example.com",
    ...opts.user,
  };
  const sessions: EmulatedSession[] = [];
  const baseHosts = opts.allowedHostnames ?? ["localhost", "127.0.0.1"];
  const allowedHosts = (projectId: string) => [...baseHosts, ...(opts.webHostnames?.(projectId) ?? [])];
  const createdAt = new Date().toISOString();

  const userModel = () => ({
    $id: user.$id,
    $createdAt: createdAt,
    $updatedAt: createdAt,
    name: user.name,
    registration: createdAt,
    status: true,
    labels: [],
    passwordUpdate: "",
    email: user.email,
    phone: "",
    emailVerification: true,
    phoneVerification: false,
    mfa: false,
    prefs: {},
    targets: [],
    accessedAt: new Date().toISOString(),
  });

  /** The session of this request: the project's cookie, or the SDK's X-Fallback-Cookies JSON. */
  const sessionOf = (req: http.IncomingMessage, projectId: string): EmulatedSession | undefined => {
    const name = `a_session_${projectId}`;
    let secret: string | undefined = cookies(req)[name] ?? cookies(req)[`${name}_legacy`];
    const fallback = req.headers["x-fallback-cookies"];
    if (!secret && typeof fallback === "string") {
      try {
        secret = (JSON.parse(fallback) as Record<string, string>)[name];
      } catch {
        secret = undefined;
      }
    }
    return secret ? sessions.find((s) => s.secret === secret && s.projectId === projectId) : undefined;
  };

  /** CORS for an allowed Origin (with credentials); none for others, so the browser blocks the response. */
  const corsHeaders = (
    req: http.IncomingMessage,
    projectId: string | undefined,
    anyOrigin = false,
  ): Record<string, string> => {
    const origin = req.headers.origin;
    if (typeof origin !== "string") return {};
    const host = hostnameOf(origin);
    const allowed =
      anyOrigin || (host !== undefined && (projectId ? allowedHosts(projectId) : baseHosts).includes(host));
    if (!allowed) return {};
    return {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Credentials": "true",
      "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE",
      "Access-Control-Allow-Headers": ALLOW_HEADERS,
      "Access-Control-Expose-Headers": "X-Appwrite-Session, X-Fallback-Cookies",
      Vary: "Origin",
    };
  };

  const renderError = (res: http.ServerResponse, record: { status?: number }, err: RouteError) => {
    // Browser routes (label 'error') render app/views/general/error.phtml.
    record.status = err.code;
    res.writeHead(err.code, { "Content-Type": "text/html; charset=UTF-8" });
    res.end(
      `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>${htmlEscape(err.message)}</h1>` +
        `<p><span class='code'>${err.code}</span> <span class='type'>${htmlEscape(err.type)}</span></p></body></html>`,
    );
  };

  const consentPage = (params: URLSearchParams, projectId: string) => {
    const hidden = ["project", "provider", "success", "failure"]
      .map((k) => `<input type="hidden" name="${k}" value="${htmlEscape(params.get(k) ?? "")}">`)
      .join("");
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in · emulated identity provider</title>
<style>body{font-family:system-ui,sans-serif;background:#f4f4f7;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.08);max-width:28rem}
button{font:inherit;padding:.6rem 1.1rem;border-radius:8px;border:1px solid #ccc;cursor:pointer;margin-right:.5rem}
#approve{background:#111;color:#fff;border-color:#111}</style></head>
<body><main><h1>Emulated identity provider</h1>
<p>Appwrite project <b>${htmlEscape(projectId)}</b> asks to sign you in with <b>${htmlEscape(params.get("provider") ?? "")}</b> as
<b>${htmlEscape(user.name)}</b> (${htmlEscape(user.email)}).</p>
<form method="post" action="/v1/emulator/oauth2/consent">${hidden}
<button id="approve" name="decision" value="approve" type="submit">Approve</button>
<button id="deny" name="decision" value="deny" type="submit">Deny</button></form></main></body></html>`;
  };

  const handle: EmulatorRoute = async (req, res, ctx: EmulatorContext) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const isAccount = path === "/v1/account" || path.startsWith("/v1/account/");
    const isConsent = path === "/v1/emulator/oauth2/consent";
    const oauthRoute = /^\/v1\/account\/sessions\/oauth2\/([^/]+)$/.exec(path);
    // The guest token flow (/v1/account/tokens/oauth2/...) stays with the main emulator.
    if (!(isConsent || path === "/v1/account" || path.startsWith("/v1/account/sessions"))) return false;
    if (isAccount && !oauthRoute && method !== "OPTIONS" && !["GET", "DELETE"].includes(method)) return false;

    const raw = await readRawBody(req);
    const record = recordRequest(ctx, req, url, raw.length ? parseJsonBody(raw) : undefined);
    const headerProject =
      typeof req.headers["x-appwrite-project"] === "string" ? req.headers["x-appwrite-project"] : undefined;

    if (method === "OPTIONS") {
      // general.php answers every preflight with the request's Origin; the origin is judged on the real request.
      record.status = 204;
      res.writeHead(204, corsHeaders(req, undefined, true));
      res.end();
      return true;
    }

    if (oauthRoute && method === "GET") {
      try {
        const project = projectOf(req, url, ctx);
        const provider = decodeURIComponent(oauthRoute[1]);
        if (!OAUTH_PROVIDERS.includes(provider)) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            `Invalid \`provider\` param: Value must be one of (${OAUTH_PROVIDERS.join(", ")})`,
          );
        }
        for (const name of ["success", "failure"] as const) {
          const value = url.searchParams.get(name);
          if (!value) continue;
          const host = hostnameOf(value);
          if (!host || !allowedHosts(project.id).includes(host)) {
            throw new RouteError(
              400,
              `project_invalid_${name}_url`,
              `Invalid URL received for OAuth ${name} redirect.`,
            );
          }
        }
        if (
          opts.requireEnabledProvider !== false &&
          project.oAuthProviders?.[`${provider}Enabled`] !== true
        ) {
          throw new RouteError(
            412,
            "project_provider_disabled",
            "This provider is disabled. Please enable the provider from your Appwrite console to continue.",
          );
        }
        const consent = new URLSearchParams({
          project: project.id,
          provider,
          success: url.searchParams.get("success") ?? "",
          failure: url.searchParams.get("failure") ?? "",
        });
        record.status = 301;
        res.writeHead(301, {
          Location: `/v1/emulator/oauth2/consent?${consent}`,
          "Cache-Control": "no-store",
        });
        res.end();
      } catch (err) {
        renderError(
          res,
          record,
          err instanceof RouteError ? err : new RouteError(500, "general_unknown", String(err)),
        );
      }
      return true;
    }

    if (isConsent) {
      const params = method === "POST" ? new URLSearchParams(raw.toString("utf8")) : url.searchParams;
      const projectId = params.get("project") ?? "";
      if (!ctx.state.projects.has(projectId)) {
        renderError(
          res,
          record,
          new RouteError(404, "project_not_found", "Project with the requested ID could not be found."),
        );
        return true;
      }
      if (method === "GET") {
        record.status = 200;
        res.writeHead(200, { "Content-Type": "text/html; charset=UTF-8" });
        res.end(consentPage(params, projectId));
        return true;
      }
      const success = params.get("success") || "http://localhost/console/auth/oauth2/success";
      const failure = params.get("failure") || "http://localhost/console/auth/oauth2/failure";
      if (params.get("decision") !== "approve") {
        record.status = 301;
        res.writeHead(301, {
          Location: failureUrl(
            failure,
            new RouteError(
              401,
              "user_oauth2_unauthorized",
              "The identity provider refused the sign-in (access_denied).",
            ),
          ),
        });
        res.end();
        return true;
      }
      const session: EmulatedSession = {
        $id: randomBytes(10).toString("hex"),
        secret: randomBytes(32).toString("hex"),
        projectId,
        userId: user.$id,
        provider: params.get("provider") ?? "oidc",
      };
      sessions.push(session);
      const cookie = `a_session_${projectId}`;
      // Over http a SameSite=None cookie would be refused, which is why Appwrite also sets the _legacy one.
      const attributes = "Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000";
      record.status = 303;
      res.writeHead(303, {
        Location: success,
        "Set-Cookie": [
          `${cookie}=${session.secret}; ${attributes}`,
          `${cookie}_legacy=${session.secret}; ${attributes}`,
        ],
        "Cache-Control": "no-store",
      });
      res.end();
      return true;
    }

    // JSON routes called by the Web SDK with fetch(credentials: "include").
    const cors = corsHeaders(req, headerProject);
    try {
      const project = projectOf(req, url, ctx);
      const origin = req.headers.origin;
      if (typeof origin === "string" && !cors["Access-Control-Allow-Origin"]) {
        throw new RouteError(
          403,
          "general_unknown_origin",
          `Invalid Origin. Register your new client (${hostnameOf(origin) ?? origin}) as a new Web platform on your project console dashboard`,
        );
      }
      const session = sessionOf(req, project.id);
      const deleteRoute = /^\/v1\/account\/sessions\/([^/]+)$/.exec(path);
      if (method === "GET" && path === "/v1/account") {
        if (!session)
          throw new RouteError(
            401,
            "general_unauthorized_scope",
            'User (role: guests) missing scopes (["account"])',
          );
        sendJson(res, record, 200, userModel(), ctx, cors);
        return true;
      }
      if (method === "DELETE" && deleteRoute) {
        if (!session)
          throw new RouteError(
            401,
            "general_unauthorized_scope",
            'User (role: guests) missing scopes (["account"])',
          );
        const id = decodeURIComponent(deleteRoute[1]);
        const target =
          id === "current" ? session : sessions.find((s) => s.$id === id && s.userId === session.userId);
        if (!target)
          throw new RouteError(404, "user_session_not_found", "The current user session could not be found.");
        sessions.splice(sessions.indexOf(target), 1);
        const expired = "Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
        sendJson(res, record, 204, undefined, ctx, {
          ...cors,
          "Set-Cookie": [
            `a_session_${project.id}=; ${expired}`,
            `a_session_${project.id}_legacy=; ${expired}`,
          ],
        });
        return true;
      }
      throw new RouteError(404, "general_route_not_found", "Not Found");
    } catch (err) {
      sendRouteError(
        res,
        record,
        err instanceof RouteError ? err : new RouteError(500, "general_unknown", String(err)),
        ctx,
        cors,
      );
      return true;
    }
  };

  return {
    handle,
    user,
    sessions,
    clearSessions() {
      sessions.splice(0, sessions.length);
    },
  };
}
