// Appwrite 1.9.6 emulator (appwrite/appwrite tag 1.9.6: Modules/Project/Http/Project/OAuth2/{Get,Base,Oidc/Update}.php,
// app/controllers/api/account.php createOAuth2Token, app/controllers/shared/api.php scope check, Auth/OAuth2/Oidc.php).
// Real HTTP on 127.0.0.1 with the routes the stack uses: /v1/health/version, GET/PATCH /v1/project/oauth2/oidc and
// the guest OAuth2 token redirect. Other versions: "1.9.5" (same as 1.9.6), "1.9.0" (no /v1/project/oauth2 routes:
// 404 general_route_not_found), "1.9.7" (a later server: project.oauth2.* scopes as on main after f8791f06eb, and
// an empty clientSecret refused on enable as AW-newer Base.php hasClientSecret() does).
//
// Organizations (1.9.5+; Modules/Organization/Http/{Init,Projects/*}.php, Modules/Project/Http/Project/Keys/*.php,
// app/init/resources/request.php 'project'/'team'/'apiKey', Auth/Key.php decode): organization API keys
// (`organization_…`, createOrganizationKey), GET/POST /v1/organization/projects, GET/PATCH/DELETE
// /v1/organization/projects/:projectId, and GET/POST /v1/project/keys, GET/PUT/DELETE /v1/project/keys/:keyId
// (with their /v1/projects/:projectId/keys aliases). An organization key authenticates with X-Appwrite-Key plus
// X-Appwrite-Organization: <organization id>; on the organization routes X-Appwrite-Project is `console` (or
// empty), on the project routes it is the project, whose organization must hold the key.
import { randomBytes } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";

/** Providers of app/config/oAuthProviders.php (a subset is enough for the whitelist errors). */
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

/** Project API key scopes of app/config/scopes/project.php @1.9.6 (the part the stack meets). */
const SCOPES_196 = [
  "sessions.write",
  "users.read",
  "users.write",
  "teams.read",
  "teams.write",
  "project.read",
  "project.write",
  "keys.read",
  "keys.write",
  "platforms.read",
  "platforms.write",
  "oauth2.read",
  "oauth2.write",
  "sites.read",
  "sites.write",
  "rules.read",
  "rules.write",
  "health.read",
];

/** Guests' scopes (app/config/roles.php): enough for the OAuth2 token flow, nothing on /v1/project. */
const GUEST_SCOPES = ["sessions.write", "public", "home", "global"];

/**
 * Organization API key scopes: OrganizationKeyScopes of node-appwrite 27.1.0. 1.9.6's
 * app/config/scopes/organization.php lists only projects.* and devKeys.*, and 1.9.6 has no route that creates
 * organization keys (the SDK's Organization.createKey, POST /v1/organization/keys, is not in 1.9.6); keys.write is
 * the scope Project.createKey checks (label 'scope' of Project/Keys/Create.php), whichever key calls it.
 */
const ORGANIZATION_SCOPES = [
  "projects.read",
  "projects.write",
  "devKeys.read",
  "devKeys.write",
  "organization.keys.read",
  "organization.keys.write",
  "organization.installations.read",
  "organization.installations.write",
  "organization.memberships.read",
  "organization.memberships.write",
  "organization.read",
  "organization.write",
  "domains.read",
  "domains.write",
  "keys.read",
  "keys.write",
];

/** Utopia/Database/Validator/ProjectId.php @1.9.6: a-z, 0-9 and hyphen, no leading hyphen, at most 36. */
const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,35}$/;

/** CustomId / UID (key ids): a-z, A-Z, 0-9, period, hyphen, underscore; no leading special char; at most 36. */
const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;

/** What Appwrite Cloud answers over a plan's project limit: not in public source (UNVERIFIED); wording as its platform limit. */
const DEFAULT_PROJECT_LIMIT_ERROR = {
  code: 403,
  type: "organization_project_limit_exceeded",
  message:
    "The maximum number of projects allowed for the selected plan has been reached. Upgrade to increase the limit.",
};

export type AppwriteVersion = "1.9.0" | "1.9.5" | "1.9.6" | "1.9.7";

export interface AppwriteEmulatorOptions {
  /** Server version to behave like; default 1.9.6. */
  version?: AppwriteVersion;
  /** Projects that exist from the start. */
  projects?: string[];
  /** `_APP_OPTIONS_FORCE_HTTPS`; the callback is http only when this is exactly "disabled" (the default). */
  forceHttps?: string;
  /**
   * Which scope names guard the OIDC routes. Default: "oauth2" up to 1.9.6, "project.oauth2" after. `main`
   * (unreleased) reports version 1.9.6 but uses "project.oauth2": set this to emulate it.
   */
  scopeStyle?: "oauth2" | "project.oauth2";
  /**
   * Answer `GET /v1/project/oauth2/oidc` with 400 project_provider_unsupported while the project's OIDC is
   * disabled (the reading in reference §1.1). 1.9.6 itself answers 200 with `enabled: false`.
   */
  unsupportedWhenDisabled?: boolean;
  /** Hostnames allowed for success/failure URLs (the project's Web platforms plus _APP_DOMAIN). */
  allowedHostnames?: string[];
  port?: number;
  /** Route modules tried before the emulator's own routes (tests/emulators/appwrite/sites.ts, account.ts). */
  extraRoutes?: ExtraRoute[];
  /** Organizations (teams) that exist from the start. */
  organizations?: string[];
  /**
   * Most projects one organization may hold (a plan limit, as on Appwrite Cloud); default unlimited, as a
   * self-hosted 1.9.6 is. Beyond it POST /v1/organization/projects answers `projectLimitError`.
   */
  projectLimit?: number;
  /** The answer beyond projectLimit; default a 403 worded like Cloud's plan limits (UNVERIFIED). */
  projectLimitError?: { code: number; type: string; message: string };
}

/**
 * A route module: answers the request and resolves true, or resolves false without reading it. It sees the
 * emulator's state, request log and version.
 */
export type ExtraRoute = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: { state: AppwriteEmulator["state"]; requests: RecordedRequest[]; version: AppwriteVersion },
) => Promise<boolean>;

/** The OIDC settings of one project, decoded from `oAuthProviders` the way buildReadResponse does. */
export interface OidcState {
  enabled: boolean;
  clientId: string;
  clientSecret: string;
  wellKnownURL: string;
  authorizationURL: string;
  tokenURL: string;
  userInfoURL: string;
}

export interface ProjectState {
  id: string;
  /** Appwrite's storage: `oidcAppid`, `oidcSecret` (a JSON string) and `oidcEnabled`. */
  oAuthProviders: Record<string, string | boolean>;
  keys: { secret: string; scopes: string[]; name: string; id?: string }[];
  /** The OIDC settings decoded from `oAuthProviders` (the secret included, for assertions). */
  readonly oidc: OidcState;
  /** The organization (team) that owns the project; unset for projects made by createProject(id) alone. */
  teamId?: string;
  name?: string;
  /** `$createdAt` (ISO 8601). */
  createdAt?: string;
}

/** An organization (a team in Appwrite's platform database) and its API keys (`organization_…`). */
export interface OrganizationState {
  id: string;
  keys: { secret: string; scopes: string[]; name: string }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status?: number;
}

export interface FaultRule {
  method?: string;
  /** Exact path (e.g. /v1/project/oauth2/oidc) or a prefix ending in `*`. */
  path?: string;
  /** Status to answer with; omitted with delayMs: only delay, then answer normally. */
  status?: number;
  type?: string;
  message?: string;
  /** Fail the nth matching request (1-based) and the `times - 1` after it; default: the first one. */
  nth?: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  delayMs?: number;
}

interface ActiveFault extends FaultRule {
  seen: number;
  fired: number;
}

export interface AppwriteEmulator {
  /** `http://127.0.0.1:<port>/v1` */
  endpoint: string;
  port: number;
  version: AppwriteVersion;
  createProject(id: string, opts?: { teamId?: string; name?: string }): ProjectState;
  /** Creates an organization (team) if it does not exist. */
  createOrganization(id: string): OrganizationState;
  /**
   * Creates an organization API key (the organization is created if missing); throws for a scope that is not an
   * organization key scope.
   */
  createOrganizationKey(organizationId: string, scopes: string[]): string;
  /** Creates a standard project key; throws for a scope this version does not know (as key creation does). */
  createApiKey(projectId: string, scopes: string[]): string;
  /** The decoded OIDC settings of a project (the secret included, for assertions). */
  oidc(projectId: string): OidcState;
  /** Changes a project's OIDC settings behind the stack's back (merge of the given fields). */
  setOidc(projectId: string, changes: Partial<OidcState>): void;
  state: {
    projects: Map<string, ProjectState>;
    forceHttps: string;
    organizations: Map<string, OrganizationState>;
  };
  requests: RecordedRequest[];
  mutatingRequests(): RecordedRequest[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    public readonly code: number,
    public readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function versionAtLeast(version: string, min: string): boolean {
  const a = version.split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

function emptyOidc(): OidcState {
  return {
    enabled: false,
    clientId: "",
    clientSecret: "",
    wellKnownURL: "",
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
  };
}

/** decodeStoredSecret + buildReadResponse, but with the secret kept (the emulator's own view). */
function decodeOidc(project: ProjectState): OidcState {
  const p = project.oAuthProviders;
  let decoded: Record<string, string> = {};
  try {
    const raw = p.oidcSecret;
    decoded = typeof raw === "string" && raw ? (JSON.parse(raw) ?? {}) : {};
  } catch {
    decoded = {};
  }
  return {
    enabled: p.oidcEnabled === true,
    clientId: typeof p.oidcAppid === "string" ? p.oidcAppid : "",
    clientSecret: decoded.clientSecret ?? "",
    wellKnownURL: decoded.wellKnownEndpoint ?? "",
    authorizationURL: decoded.authorizationEndpoint ?? "",
    tokenURL: decoded.tokenEndpoint ?? "",
    userInfoURL: decoded.userInfoEndpoint ?? "",
  };
}

/** The MODEL_OAUTH2_OIDC response: the secret is write-only and always "". */
function oidcModel(project: ProjectState): Record<string, unknown> {
  const o = decodeOidc(project);
  return {
    $id: "oidc",
    enabled: o.enabled,
    clientId: o.clientId,
    clientSecret: "",
    wellKnownURL: o.wellKnownURL,
    authorizationURL: o.authorizationURL,
    tokenURL: o.tokenURL,
    userInfoURL: o.userInfoURL,
  };
}

/** utopia-php URL validator: filter_var(FILTER_VALIDATE_URL), any scheme; "" allowed (it clears). */
function isValidUrl(value: string): boolean {
  if (value === "") return true;
  try {
    const u = new URL(value);
    return u.protocol.length > 1 && (u.host !== "" || u.protocol === "file:");
  } catch {
    return false;
  }
}

/** Filters/V25.php: clients asking for a response format below 1.9.4 get tokenUrl/userInfoUrl. */
function applyResponseFormat(payload: unknown, format: string | string[] | undefined): unknown {
  const wanted = typeof format === "string" ? format : undefined;
  if (!wanted || versionAtLeast(wanted, "1.9.4") || typeof payload !== "object" || payload === null)
    return payload;
  const p = payload as Record<string, unknown>;
  if (p.$id !== "oidc" || !("tokenURL" in p)) return payload;
  const { tokenURL, userInfoURL, ...rest } = p;
  return { ...rest, tokenUrl: tokenURL, userInfoUrl: userInfoURL };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startAppwriteEmulator(opts: AppwriteEmulatorOptions = {}): Promise<AppwriteEmulator> {
  const version: AppwriteVersion = opts.version ?? "1.9.6";
  const hasOidcRoutes = versionAtLeast(version, "1.9.5");
  const scopeStyle = opts.scopeStyle ?? (versionAtLeast(version, "1.9.7") ? "project.oauth2" : "oauth2");
  const readScope = scopeStyle === "oauth2" ? "oauth2.read" : "project.oauth2.read";
  const writeScope = scopeStyle === "oauth2" ? "oauth2.write" : "project.oauth2.write";
  const knownScopes =
    scopeStyle === "oauth2" ? SCOPES_196 : [...SCOPES_196, "project.oauth2.read", "project.oauth2.write"];
  const allowedHostnames = opts.allowedHostnames ?? ["localhost", "127.0.0.1"];

  const projects = new Map<string, ProjectState>();
  const organizations = new Map<string, OrganizationState>();
  const state = { projects, forceHttps: opts.forceHttps ?? "disabled", organizations };
  const requests: RecordedRequest[] = [];
  let faults: ActiveFault[] = [];

  const createProject = (id: string, extra: { teamId?: string; name?: string } = {}): ProjectState => {
    const project: ProjectState = {
      id,
      oAuthProviders: {},
      keys: [],
      get oidc() {
        return decodeOidc(project);
      },
    };
    if (extra.teamId !== undefined) {
      createOrganization(extra.teamId);
      project.teamId = extra.teamId;
      project.name = extra.name ?? id;
      project.createdAt = new Date().toISOString();
    } else if (extra.name !== undefined) {
      project.name = extra.name;
    }
    projects.set(id, project);
    return project;
  };
  const createOrganization = (id: string): OrganizationState => {
    const existing = organizations.get(id);
    if (existing) return existing;
    const organization: OrganizationState = { id, keys: [] };
    organizations.set(id, organization);
    return organization;
  };
  for (const id of opts.organizations ?? []) createOrganization(id);
  for (const id of opts.projects ?? []) createProject(id);

  const requireProject = (id: string): ProjectState => {
    const project = projects.get(id);
    if (!project) throw new Error(`emulator: no project ${id}`);
    return project;
  };

  /** api.php: a key that matches no project key is a guest (role "guests"); the route's scope must be held. */
  const authorize = (req: http.IncomingMessage, project: ProjectState, scope: string): void => {
    const keyHeader = req.headers["x-appwrite-key"];
    const key = typeof keyHeader === "string" ? project.keys.find((k) => k.secret === keyHeader) : undefined;
    const scopes = key ? key.scopes : GUEST_SCOPES;
    if (!scopes.includes(scope)) {
      const who = key
        ? `app.${project.id}@service.${(req.headers.host ?? "").split(":")[0]} (role: applications)`
        : "User (role: guests)";
      throw new ApiError(
        401,
        "general_unauthorized_scope",
        `${who} missing scopes (${JSON.stringify([scope])})`,
      );
    }
  };

  const projectOf = (req: http.IncomingMessage, query: Record<string, string>): ProjectState => {
    const header = req.headers["x-appwrite-project"];
    const id = (typeof header === "string" ? header : undefined) ?? query.project ?? "console";
    const project = projects.get(id);
    if (!project) {
      throw new ApiError(
        404,
        "project_not_found",
        "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.",
      );
    }
    return project;
  };

  /** Oidc/Update.php handle() + Base.php persistCredentials() @1.9.6. */
  const patchOidc = (project: ProjectState, body: Record<string, unknown>): Record<string, unknown> => {
    const nullableText = (name: string, max: number): string | null => {
      const v = body[name];
      if (v === undefined || v === null) return null;
      if (typeof v !== "string" || v.length > max) {
        throw new ApiError(
          400,
          "general_argument_invalid",
          `Invalid \`${name}\` param: Value must be a valid string and at least 0 chars and no longer than ${max} chars`,
        );
      }
      return v;
    };
    const nullableUrl = (name: string, alias?: string): string | null => {
      const v = body[name] ?? (alias ? body[alias] : undefined);
      if (v === undefined || v === null) return null;
      if (typeof v !== "string" || !isValidUrl(v)) {
        throw new ApiError(
          400,
          "general_argument_invalid",
          `Invalid \`${name}\` param: Value must be a valid URL`,
        );
      }
      return v;
    };
    const clientId = nullableText("clientId", 256);
    const clientSecret = nullableText("clientSecret", 512);
    const wellKnownURL = nullableUrl("wellKnownURL");
    const authorizationURL = nullableUrl("authorizationURL");
    const tokenURL = nullableUrl("tokenURL", "tokenUrl");
    const userInfoURL = nullableUrl("userInfoURL", "userInfoUrl");
    const rawEnabled = body.enabled;
    if (rawEnabled !== undefined && rawEnabled !== null && typeof rawEnabled !== "boolean") {
      throw new ApiError(
        400,
        "general_argument_invalid",
        "Invalid `enabled` param: Value must be a valid boolean",
      );
    }
    const enabled = typeof rawEnabled === "boolean" ? rawEnabled : null;

    const existing = decodeOidc(project);
    // Omitted (null) keeps the stored value; "" overwrites it. Re-encoding keeps only these keys.
    const merged = {
      clientSecret: clientSecret ?? existing.clientSecret,
      wellKnownEndpoint: wellKnownURL ?? existing.wellKnownURL,
      authorizationEndpoint: authorizationURL ?? existing.authorizationURL,
      tokenEndpoint: tokenURL ?? existing.tokenURL,
      userInfoEndpoint: userInfoURL ?? existing.userInfoURL,
    };
    if (enabled === true) {
      const hasWellKnown = merged.wellKnownEndpoint !== "";
      const hasAll =
        merged.authorizationEndpoint !== "" && merged.tokenEndpoint !== "" && merged.userInfoEndpoint !== "";
      if (!hasWellKnown && !hasAll) {
        throw new ApiError(
          400,
          "general_argument_invalid",
          "Enabling OpenID Connect requires either wellKnownURL, or all of authorizationURL, tokenURL, and userInfoURL.",
        );
      }
    }
    const encodedSecret = JSON.stringify(merged);

    const next = { ...project.oAuthProviders };
    if (clientId !== null) next.oidcAppid = clientId;
    next.oidcSecret = encodedSecret;
    if (enabled !== null) next.oidcEnabled = enabled;
    if (enabled === true || enabled === null) {
      // 1.9.6 checks the JSON blob, which is never empty: an empty clientSecret passes. Omitting `enabled`
      // enables silently when the check passes and swallows the error when it does not.
      const appId = typeof next.oidcAppid === "string" ? next.oidcAppid : "";
      const secretBlob = typeof next.oidcSecret === "string" ? next.oidcSecret : "";
      const emptySecretRejected = versionAtLeast(version, "1.9.7") && merged.clientSecret === "";
      if (appId === "" || secretBlob === "" || emptySecretRejected) {
        if (enabled === true) {
          throw new ApiError(
            400,
            "general_argument_invalid",
            "Could not enable OAuth2 provider: Client ID and Client Secret are required when enabling OAuth2 provider.",
          );
        }
      } else {
        next.oidcEnabled = true;
      }
    }
    project.oAuthProviders = next;
    return oidcModel(project);
  };

  /** account.php GET /v1/account/tokens/oauth2/:provider @1.9.6 with Oidc::getLoginURL(). */
  const oauth2TokenRedirect = async (
    req: http.IncomingMessage,
    project: ProjectState,
    provider: string,
    query: Record<string, string>,
  ): Promise<string> => {
    if (!OAUTH_PROVIDERS.includes(provider)) {
      throw new ApiError(
        400,
        "general_argument_invalid",
        `Invalid \`provider\` param: Value must be one of (${OAUTH_PROVIDERS.join(", ")})`,
      );
    }
    for (const name of ["success", "failure"] as const) {
      const value = query[name];
      if (value === undefined || value === "") continue;
      let host = "";
      try {
        host = new URL(value).hostname;
      } catch {
        host = "";
      }
      if (!allowedHostnames.includes(host)) {
        throw new ApiError(400, `project_invalid_${name}_url`, `Invalid redirect URL for OAuth ${name}.`);
      }
    }
    const protocol = state.forceHttps === "disabled" ? "http" : "https";
    const hostHeader = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "");
    const hostname = hostHeader.replace(/:\d+$/, "").toLowerCase();
    const port = String(
      req.headers["x-forwarded-port"] ??
        /:(\d+)$/.exec(hostHeader)?.[1] ??
        (protocol === "https" ? "443" : "80"),
    );
    let callbackBase = `${protocol}://${hostname}`;
    if ((protocol === "https" && port !== "443") || (protocol === "http" && port !== "80"))
      callbackBase += `:${port}`;
    const callback = `${callbackBase}/v1/account/sessions/oauth2/callback/${provider}/${project.id}`;

    const p = project.oAuthProviders;
    if (p[`${provider}Enabled`] !== true) {
      throw new ApiError(
        412,
        "project_provider_disabled",
        "This provider is disabled. Please enable the provider from your Appwrite console to continue.",
      );
    }
    const appId = typeof p[`${provider}Appid`] === "string" ? (p[`${provider}Appid`] as string) : "";
    const appSecret = typeof p[`${provider}Secret`] === "string" ? (p[`${provider}Secret`] as string) : "";
    if (appId === "" || appSecret === "") {
      throw new ApiError(
        412,
        "project_provider_disabled",
        "This provider is disabled. Please configure the provider app ID and app secret key from your Appwrite console to continue.",
      );
    }
    if (provider !== "oidc")
      throw new ApiError(501, "general_not_implemented", "emulator: only oidc is emulated");

    const oidc = decodeOidc(project);
    let authorizationEndpoint = oidc.authorizationURL;
    if (authorizationEndpoint === "") {
      // getWellKnownConfiguration(): curl GET at login time, from the server; failures surface as errors.
      let text = "";
      let status = 0;
      try {
        const res = await fetch(oidc.wellKnownURL, {
          signal: AbortSignal.timeout(10_000),
          headers: { "User-Agent": "Appwrite OAuth2" },
        });
        status = res.status;
        text = await res.text();
      } catch {
        text = ""; // curl_exec() false: unreachable, DNS, TLS
      }
      if (status >= 400) {
        // OAuth2\Exception($body, $code): the type follows the code; codes not allowed publicly become 500.
        const type =
          status === 400
            ? "user_oauth2_bad_request"
            : status === 401
              ? "user_oauth2_unauthorized"
              : "user_oauth2_provider_error";
        const publicCodes = [400, 401, 402, 403, 404, 405, 408, 409, 412, 416, 422, 429, 451, 501, 503];
        throw new ApiError(
          publicCodes.includes(status) ? status : 500,
          type,
          publicCodes.includes(status) ? text : "Server Error",
        );
      }
      if (text === "") {
        // Exception('Invalid well-known configuration') with code 0: reported as a 500 with the message hidden.
        throw new ApiError(500, "user_oauth2_provider_error", "Server Error");
      }
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        doc = null;
      }
      if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        // json_decode() null assigned to a typed array property: a TypeError, general_unknown.
        throw new ApiError(500, "general_unknown", "Server Error");
      }
      const endpoint = (doc as Record<string, unknown>).authorization_endpoint;
      authorizationEndpoint = typeof endpoint === "string" ? endpoint : "";
    }
    const params = new URLSearchParams({
      client_id: appId,
      redirect_uri: callback,
      state: JSON.stringify({
        success: query.success || "http://localhost/console/auth/oauth2/success",
        failure: query.failure || "http://localhost/console/auth/oauth2/failure",
        token: true,
      }),
      scope: "openid profile email",
      response_type: "code",
    });
    return `${authorizationEndpoint}?${params.toString()}`;
  };

  const projectNotFound = () =>
    new ApiError(
      404,
      "project_not_found",
      "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.",
    );
  const invalidParam = (name: string, description: string) =>
    new ApiError(400, "general_argument_invalid", `Invalid \`${name}\` param: ${description}`);

  /** request.php 'project': ?project= or X-Appwrite-Project (empty = console), or the id in a /v1/projects/:id alias. */
  const routeProject = (
    req: http.IncomingMessage,
    query: Record<string, string>,
    aliasProjectId?: string,
  ): ProjectState | "console" => {
    const header = req.headers["x-appwrite-project"];
    const id = aliasProjectId ?? (query.project || (typeof header === "string" ? header : ""));
    if (id === "" || id === "console") return "console";
    const project = projects.get(id);
    if (!project) throw projectNotFound();
    return project;
  };

  /** request.php 'team': a project's own organization; on the console, the X-Appwrite-Organization header's. */
  const routeTeam = (
    req: http.IncomingMessage,
    project: ProjectState | "console",
  ): OrganizationState | undefined => {
    if (project !== "console") return project.teamId ? organizations.get(project.teamId) : undefined;
    const header = req.headers["x-appwrite-organization"];
    return typeof header === "string" && header !== "" ? organizations.get(header) : undefined;
  };

  /**
   * Key::decode (the prefix before "_" is the key type; an organization key is looked up in the team, a standard
   * key in the project; no match = guest), the 'apiKey' resource (an organization key needs X-Appwrite-Organization
   * equal to its organization: 403 organization_id_missing) and the scope check of shared/api.php.
   */
  const requireScope = (
    req: http.IncomingMessage,
    project: ProjectState | "console",
    team: OrganizationState | undefined,
    scope: string,
  ): void => {
    const keyHeader = req.headers["x-appwrite-key"];
    const secret = typeof keyHeader === "string" ? keyHeader : "";
    const type = secret.includes("_") ? secret.slice(0, secret.indexOf("_")) : "standard";
    let scopes = GUEST_SCOPES;
    let who = "User (role: guests)";
    const asApplication = () =>
      `app.${project === "console" ? "console" : project.id}@service.${(req.headers.host ?? "").split(":")[0]} (role: applications)`;
    if (secret !== "" && type === "organization" && team) {
      const key = team.keys.find((k) => k.secret === secret);
      if (key) {
        if (req.headers["x-appwrite-organization"] !== team.id) {
          throw new ApiError(
            403,
            "organization_id_missing",
            "When using organization API key, make sure to pass x-appwrite-organization header with your organization ID.",
          );
        }
        scopes = key.scopes;
        who = asApplication();
      }
    } else if (secret !== "" && type === "standard" && project !== "console") {
      const key = project.keys.find((k) => k.secret === secret);
      if (key) {
        scopes = key.scopes;
        who = asApplication();
      }
    }
    if (!scopes.includes(scope)) {
      throw new ApiError(
        401,
        "general_unauthorized_scope",
        `${who} missing scopes (${JSON.stringify([scope])})`,
      );
    }
  };

  const projectModel = (p: ProjectState): Record<string, unknown> => ({
    $id: p.id,
    $createdAt: p.createdAt ?? "",
    $updatedAt: p.createdAt ?? "",
    name: p.name ?? p.id,
    teamId: p.teamId ?? "",
    region: "default",
    status: "active",
    platforms: [],
    webhooks: [],
    // MODEL_PROJECT lists the keys too; the emulator leaves them out so no secret is echoed.
    keys: [],
  });
  const keyModel = (k: ProjectState["keys"][number], withSecret: boolean): Record<string, unknown> => ({
    $id: k.id ?? "",
    $createdAt: "",
    $updatedAt: "",
    name: k.name,
    expire: "",
    scopes: [...k.scopes],
    secret: withSecret ? k.secret : "",
    accessedAt: "",
    sdks: [],
  });
  const textParam = (params: Record<string, unknown>, name: string, max: number): string => {
    const v = params[name];
    if (typeof v !== "string" || v.length > max) {
      throw invalidParam(
        name,
        `Value must be a valid string and at least 1 chars and no longer than ${max} chars`,
      );
    }
    return v;
  };
  const scopesParam = (params: Record<string, unknown>): string[] => {
    const v = params.scopes;
    if (
      !Array.isArray(v) ||
      v.length > 100 ||
      v.some((s) => typeof s !== "string" || !knownScopes.includes(s))
    ) {
      throw invalidParam(
        "scopes",
        `Value must a valid array no longer than 100 items and Value must be one of (${knownScopes.join(", ")})`,
      );
    }
    return [...(v as string[])];
  };

  /** The organization and project-key routes (1.9.5+); undefined when the path is not one of them. */
  const organizationRoute = (
    req: http.IncomingMessage,
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): { status: number; payload?: unknown } | undefined => {
    if (!hasOidcRoutes) return undefined;
    const params = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const orgRoute = /^\/v1\/organization\/projects(?:\/([^/]+))?$/.exec(path);
    if (orgRoute) {
      const project = routeProject(req, query);
      const team = routeTeam(req, project);
      const projectId = orgRoute[1] === undefined ? undefined : decodeURIComponent(orgRoute[1]);
      const write = method !== "GET";
      requireScope(req, project, team, write ? "projects.write" : "projects.read");
      if (!team) throw new ApiError(404, "team_not_found", "Team with the requested ID could not be found.");
      if (projectId === undefined && method === "GET") {
        const list = [...projects.values()].filter((p) => p.teamId === team.id).map(projectModel);
        return { status: 200, payload: { total: list.length, projects: list } };
      }
      if (projectId === undefined && method === "POST") {
        const id = params.projectId;
        if (typeof id !== "string" || (id !== "unique()" && !PROJECT_ID_PATTERN.test(id))) {
          throw invalidParam(
            "projectId",
            "Project IDs must contain at most 36 chars. Valid chars are a-z, 0-9, and hyphen. Can't start with a special char.",
          );
        }
        const name = textParam(params, "name", 128);
        if (params.region !== undefined && params.region !== "default") {
          throw invalidParam("region", "Value must be one of (default)");
        }
        const newId = id === "unique()" ? randomBytes(10).toString("hex") : id;
        if (newId === "console") {
          throw new ApiError(400, "project_reserved_project", "'console' is a reserved project.");
        }
        const held = [...projects.values()].filter((p) => p.teamId === team.id).length;
        if (opts.projectLimit !== undefined && held >= opts.projectLimit) {
          const e = opts.projectLimitError ?? DEFAULT_PROJECT_LIMIT_ERROR;
          throw new ApiError(e.code, e.type, e.message);
        }
        // Project ids are unique in the whole instance, whichever organization holds them.
        if (projects.has(newId)) {
          throw new ApiError(
            409,
            "project_already_exists",
            "Project with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.",
          );
        }
        return { status: 201, payload: projectModel(createProject(newId, { teamId: team.id, name })) };
      }
      if (projectId !== undefined) {
        if (!CUSTOM_ID_PATTERN.test(projectId)) {
          throw invalidParam(
            "projectId",
            "UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore",
          );
        }
        const target = projects.get(projectId);
        // Another organization's project reads as missing.
        if (!target || target.teamId !== team.id) throw projectNotFound();
        if (method === "GET") return { status: 200, payload: projectModel(target) };
        if (method === "PATCH") {
          target.name = textParam(params, "name", 128);
          return { status: 200, payload: projectModel(target) };
        }
        if (method === "DELETE") {
          projects.delete(projectId);
          return { status: 204 };
        }
      }
      return undefined;
    }
    const keysRoute =
      /^\/v1\/project\/keys(?:\/([^/]+))?$/.exec(path) ??
      /^\/v1\/projects\/([^/]+)\/keys(?:\/([^/]+))?$/.exec(path);
    if (keysRoute) {
      const alias = path.startsWith("/v1/projects/");
      const aliasProjectId = alias ? decodeURIComponent(keysRoute[1]) : undefined;
      const keyIdPart = alias ? keysRoute[2] : keysRoute[1];
      const keyId = keyIdPart === undefined ? undefined : decodeURIComponent(keyIdPart);
      const project = routeProject(req, query, aliasProjectId);
      const team = routeTeam(req, project);
      requireScope(req, project, team, method === "GET" ? "keys.read" : "keys.write");
      // Modules/Project/Http/Init.php: the project routes refuse the console project.
      if (project === "console") {
        throw new ApiError(401, "general_access_forbidden", "Access to this API is forbidden.");
      }
      if (keyId === undefined && method === "GET") {
        return {
          status: 200,
          payload: { total: project.keys.length, keys: project.keys.map((k) => keyModel(k, false)) },
        };
      }
      if (keyId === undefined && method === "POST") {
        const id = params.keyId;
        if (typeof id !== "string" || (id !== "unique()" && !CUSTOM_ID_PATTERN.test(id))) {
          throw invalidParam(
            "keyId",
            "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
          );
        }
        const name = textParam(params, "name", 128);
        const scopes = scopesParam(params);
        const newId = id === "unique()" ? randomBytes(10).toString("hex") : id;
        if (project.keys.some((k) => k.id === newId)) {
          throw new ApiError(
            409,
            "key_already_exists",
            "Key with the same ID already exists. Try again with a different ID.",
          );
        }
        const key = { id: newId, secret: `standard_${randomBytes(128).toString("hex")}`, scopes, name };
        project.keys.push(key);
        return { status: 201, payload: keyModel(key, true) };
      }
      if (keyId !== undefined) {
        const key = project.keys.find((k) => k.id === keyId);
        if (!key) throw new ApiError(404, "key_not_found", "Key with the requested ID could not be found.");
        if (method === "GET") return { status: 200, payload: keyModel(key, true) };
        if (method === "PUT") {
          key.name = textParam(params, "name", 128);
          key.scopes = scopesParam(params);
          return { status: 200, payload: keyModel(key, true) };
        }
        if (method === "DELETE") {
          project.keys.splice(project.keys.indexOf(key), 1);
          return { status: 204 };
        }
      }
      return undefined;
    }
    return undefined;
  };

  const matchFault = (method: string, path: string): ActiveFault | undefined => {
    for (const fault of faults) {
      if (fault.method && fault.method.toUpperCase() !== method) continue;
      if (
        fault.path &&
        !(fault.path.endsWith("*") ? path.startsWith(fault.path.slice(0, -1)) : path === fault.path)
      )
        continue;
      fault.seen++;
      const first = fault.nth ?? 1;
      const times = fault.times ?? 1;
      if (fault.seen >= first && fault.fired < times) {
        fault.fired++;
        return fault;
      }
    }
    return undefined;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    for (const route of opts.extraRoutes ?? [])
      if (await route(req, res, { state, requests, version })) return;
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const query = Object.fromEntries(url.searchParams.entries());
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: RecordedRequest = { method, path: url.pathname, query, headers: req.headers, body };
    requests.push(record);
    const isBrowserRoute = url.pathname.startsWith("/v1/account/tokens/oauth2/");

    const sendJson = (status: number, payload: unknown) => {
      record.status = status;
      payload = applyResponseFormat(payload, req.headers["x-appwrite-response-format"]);
      res.writeHead(status, {
        "Content-Type": "application/json; charset=UTF-8",
        "X-Appwrite-Emulator": version,
      });
      res.end(JSON.stringify(payload));
    };
    const sendError = (err: ApiError) => {
      if (isBrowserRoute) {
        // Routes labelled 'error' (the browser flows) render app/views/general/error.phtml.
        record.status = err.code;
        res.writeHead(err.code, { "Content-Type": "text/html; charset=UTF-8" });
        res.end(
          `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>${htmlEscape(err.message)}</h1>` +
            `<p><span class='code'>${err.code}</span> <span class='type'>${htmlEscape(err.type)}</span></p></body></html>`,
        );
        return;
      }
      sendJson(err.code, { message: err.message, code: err.code, type: err.type, version });
    };

    const fault = matchFault(method, url.pathname);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status) {
      sendError(
        new ApiError(fault.status, fault.type ?? "general_server_error", fault.message ?? "Server Error"),
      );
      return;
    }

    try {
      if (method === "GET" && url.pathname === "/v1/health/version") {
        sendJson(200, { version });
        return;
      }
      const tokenRoute = /^\/v1\/account\/tokens\/oauth2\/([^/]+)$/.exec(url.pathname);
      if (method === "GET" && tokenRoute) {
        const project = projectOf(req, query);
        authorize(req, project, "sessions.write");
        const location = await oauth2TokenRedirect(req, project, decodeURIComponent(tokenRoute[1]), query);
        record.status = 301;
        res.writeHead(301, {
          Location: location,
          "Cache-Control": "no-store, no-cache, must-revalidate, max-age=0",
          Pragma: "no-cache",
        });
        res.end();
        return;
      }
      const oauthRoute = /^\/v1\/project\/oauth2\/([^/]+)$/.exec(url.pathname);
      if (hasOidcRoutes && oauthRoute && method === "GET") {
        const project = projectOf(req, query);
        authorize(req, project, readScope);
        const providerId = decodeURIComponent(oauthRoute[1]);
        if (!OAUTH_PROVIDERS.includes(providerId)) {
          throw new ApiError(
            400,
            "general_argument_invalid",
            `Invalid \`providerId\` param: Value must be one of (${OAUTH_PROVIDERS.join(", ")})`,
          );
        }
        if (providerId !== "oidc")
          throw new ApiError(501, "general_not_implemented", "emulator: only oidc is emulated");
        if (opts.unsupportedWhenDisabled && !decodeOidc(project).enabled) {
          throw new ApiError(
            400,
            "project_provider_unsupported",
            "The chosen OAuth provider is unsupported. Please check the Create OAuth2 Session docs for the complete list of supported OAuth providers.",
          );
        }
        sendJson(200, oidcModel(project));
        return;
      }
      if (hasOidcRoutes && method === "PATCH" && url.pathname === "/v1/project/oauth2/oidc") {
        const project = projectOf(req, query);
        authorize(req, project, writeScope);
        const params = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
        sendJson(200, patchOidc(project, params));
        return;
      }
      const organizationAnswer = organizationRoute(req, method, url.pathname, query, body);
      if (organizationAnswer) {
        if (organizationAnswer.status === 204) {
          record.status = 204;
          res.writeHead(204, { "X-Appwrite-Emulator": version });
          res.end();
          return;
        }
        sendJson(organizationAnswer.status, organizationAnswer.payload);
        return;
      }
      throw new ApiError(404, "general_route_not_found", "Not Found");
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(err);
        return;
      }
      sendError(new ApiError(500, "general_unknown", `emulator: ${(err as Error).message}`));
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://127.0.0.1:${port}/v1`,
    port,
    version,
    createProject,
    createOrganization,
    createOrganizationKey(organizationId, scopes) {
      const organization = createOrganization(organizationId);
      const unknown = scopes.filter((s) => !ORGANIZATION_SCOPES.includes(s));
      if (unknown.length > 0) {
        throw new Error(
          `Invalid \`scopes\` param: Value must be one of (${ORGANIZATION_SCOPES.join(", ")}); unknown: ${unknown.join(", ")}`,
        );
      }
      const secret = `organization_${randomBytes(64).toString("hex")}`;
      organization.keys.push({
        secret,
        scopes: [...scopes],
        name: `org-key-${organization.keys.length + 1}`,
      });
      return secret;
    },
    createApiKey(projectId, scopes) {
      const project = requireProject(projectId);
      const unknown = scopes.filter((s) => !knownScopes.includes(s));
      if (unknown.length > 0) {
        throw new Error(
          `Invalid \`scopes\` param: Value must be one of (${knownScopes.join(", ")}); unknown: ${unknown.join(", ")}`,
        );
      }
      const secret = `standard_${randomBytes(64).toString("hex")}`;
      project.keys.push({ secret, scopes: [...scopes], name: `key-${project.keys.length + 1}` });
      return secret;
    },
    oidc(projectId) {
      return { ...emptyOidc(), ...decodeOidc(requireProject(projectId)) };
    },
    setOidc(projectId, changes) {
      const project = requireProject(projectId);
      const o = { ...decodeOidc(project), ...changes };
      project.oAuthProviders = {
        ...project.oAuthProviders,
        oidcAppid: o.clientId,
        oidcEnabled: o.enabled,
        oidcSecret: JSON.stringify({
          clientSecret: o.clientSecret,
          wellKnownEndpoint: o.wellKnownURL,
          authorizationEndpoint: o.authorizationURL,
          tokenEndpoint: o.tokenURL,
          userInfoEndpoint: o.userInfoURL,
        }),
      };
    },
    state,
    requests,
    mutatingRequests: () => requests.filter((r) => r.method !== "GET" && r.method !== "HEAD"),
    injectFault(rule) {
      faults.push({ ...rule, seen: 0, fired: 0 });
    },
    clearFaults() {
      faults = [];
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
