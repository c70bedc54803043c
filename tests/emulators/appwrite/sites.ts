// Appwrite 1.9.6 Sites, site proxy rules and Web platforms, as a route module for the Appwrite emulator
// (appwrite/appwrite 1.9.6: Modules/Sites/Http/Sites/{Create,Get,Update,Delete}.php,
// Modules/Sites/Http/Deployments/{Create,Get}.php and Deployment/Update.php, Functions/Workers/Builds.php
// (waiting → processing → building → ready | failed, activation, manual rules repointed),
// Modules/Proxy/Http/Rules/{Site/Create,Get,Delete,XList}.php with Proxy/Action.php validateDomainRestrictions,
// Modules/Project/Http/Project/Platforms/{Web/Create,Get,Delete,XList}.php; the scope check of
// app/controllers/shared/api.php). Deleting a site also removes its deployments and rules, as the deletes
// worker does (UNVERIFIED for rules). Chunked uploads (> 5 MiB) are not emulated.
//
// Mount with startAppwriteEmulator({ extraRoutes: [sites.handle] }); also exports the small route
// plumbing (EmulatorRoute, RouteError, sendJson, scope checks) that account.ts shares.
import { createHash, randomBytes } from "crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import * as http from "http";
import { tmpdir } from "os";
import { join } from "path";
import { gunzipSync } from "zlib";
import { AppwriteEmulator, startAppwriteEmulator } from "../appwrite";

/** What a route module sees of the emulator (structurally a subset of AppwriteEmulator). */
export interface EmulatorContext {
  state: {
    projects: Map<
      string,
      {
        id: string;
        keys: { secret: string; scopes: string[] }[];
        oAuthProviders?: Record<string, string | boolean>;
      }
    >;
  };
  requests: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: http.IncomingHttpHeaders;
    body: unknown;
    status?: number;
  }[];
  version: string;
}

/**
 * A route module: answers the request and resolves true, or resolves false without touching the request
 * (the body is still unread) so the next module, or the emulator itself, handles it.
 */
export type EmulatorRoute = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: EmulatorContext,
) => Promise<boolean>;

/** An Appwrite error response: HTTP status, `type` and message, as Extend/Exception.php renders it. */
export class RouteError extends Error {
  constructor(
    public readonly code: number,
    public readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Guests' scopes (app/config/roles.php). */
export const GUEST_SCOPES = ["sessions.write", "public", "home", "global"];

export function readRawBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function parseJsonBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  try {
    const parsed = JSON.parse(raw.toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Records the exchange in ctx.requests (the same log the emulator keeps) and returns the record. */
export function recordRequest(
  ctx: EmulatorContext,
  req: http.IncomingMessage,
  url: URL,
  body: unknown,
): EmulatorContext["requests"][number] {
  const record = {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams.entries()),
    headers: req.headers,
    body,
  } as EmulatorContext["requests"][number];
  ctx.requests.push(record);
  return record;
}

export function sendJson(
  res: http.ServerResponse,
  record: { status?: number },
  status: number,
  payload: unknown,
  ctx: EmulatorContext,
  headers: Record<string, string | string[]> = {},
): void {
  record.status = status;
  if (status === 204) {
    res.writeHead(204, { "X-Appwrite-Emulator": ctx.version, ...headers });
    res.end();
    return;
  }
  res.writeHead(status, {
    "Content-Type": "application/json; charset=UTF-8",
    "X-Appwrite-Emulator": ctx.version,
    ...headers,
  });
  res.end(JSON.stringify(payload));
}

export function sendRouteError(
  res: http.ServerResponse,
  record: { status?: number },
  err: RouteError,
  ctx: EmulatorContext,
  headers: Record<string, string | string[]> = {},
): void {
  sendJson(
    res,
    record,
    err.code,
    { message: err.message, code: err.code, type: err.type, version: ctx.version },
    ctx,
    headers,
  );
}

/** The project named by X-Appwrite-Project (or ?project=), or 404 project_not_found. */
export function projectOf(req: http.IncomingMessage, url: URL, ctx: EmulatorContext) {
  const header = req.headers["x-appwrite-project"];
  const id =
    (typeof header === "string" ? header : undefined) ?? url.searchParams.get("project") ?? "console";
  const project = ctx.state.projects.get(id);
  if (!project) {
    throw new RouteError(
      404,
      "project_not_found",
      "Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.",
    );
  }
  return project;
}

/** api.php: a key that matches no project key is a guest; the route's scope must be held. */
export function requireScope(
  req: http.IncomingMessage,
  project: { id: string; keys: { secret: string; scopes: string[] }[] },
  scope: string,
): void {
  const keyHeader = req.headers["x-appwrite-key"];
  const key = typeof keyHeader === "string" ? project.keys.find((k) => k.secret === keyHeader) : undefined;
  const scopes = key ? key.scopes : GUEST_SCOPES;
  if (scopes.includes(scope)) return;
  const who = key
    ? `app.${project.id}@service.${(req.headers.host ?? "").split(":")[0]} (role: applications)`
    : "User (role: guests)";
  throw new RouteError(
    401,
    "general_unauthorized_scope",
    `${who} missing scopes (${JSON.stringify([scope])})`,
  );
}

/** CustomId validator: a-z, A-Z, 0-9, period, hyphen, underscore, not starting with a special char, ≤ 36. */
function isCustomId(id: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/.test(id);
}

function uniqueId(): string {
  return `${Math.floor(Date.now() / 1000).toString(16)}${randomBytes(7).toString("hex")}`.slice(0, 20);
}

const now = () => new Date().toISOString();

/** Frameworks and their adapters (app/config/frameworks.php @1.9.6, the part the stack meets). */
const FRAMEWORK_ADAPTERS: Record<string, string[]> = {
  astro: ["static", "ssr"],
  nextjs: ["static", "ssr"],
  nuxt: ["static", "ssr"],
  sveltekit: ["static", "ssr"],
  react: ["static"],
  vue: ["static"],
  vite: ["static"],
  other: ["static"],
};

const BUILD_RUNTIMES = [
  "node-18.0",
  "node-20.0",
  "node-21.0",
  "node-22",
  "node-23",
  "node-24",
  "node-25",
  "bun-1.1",
  "static-1",
];

/** The statuses Builds.php walks a deployment through. */
const BUILD_STEPS = ["waiting", "processing", "building"] as const;

export interface SiteRecord {
  $id: string;
  projectId: string;
  $createdAt: string;
  $updatedAt: string;
  name: string;
  enabled: boolean;
  logging: boolean;
  framework: string;
  buildRuntime: string;
  adapter: string;
  installCommand: string;
  buildCommand: string;
  startCommand: string;
  outputDirectory: string;
  fallbackFile: string;
  timeout: number;
  deploymentRetention: number;
  /** The active deployment. */
  deploymentId: string;
  deploymentCreatedAt: string;
  latestDeploymentId: string;
  latestDeploymentCreatedAt: string;
  latestDeploymentStatus: string;
}

export interface DeploymentRecord {
  $id: string;
  projectId: string;
  siteId: string;
  $createdAt: string;
  $updatedAt: string;
  status: "waiting" | "processing" | "building" | "ready" | "failed" | "canceled";
  buildLogs: string;
  activate: boolean;
  sourceSize: number;
  /** The uploaded archive's file name (must end in .gz). */
  fileName: string;
  /** Paths inside the uploaded .tar.gz, "./" prefixes removed; empty when it could not be read. */
  files: string[];
  /** How the build ends once it gets there. */
  outcome: { status: "ready" } | { status: "failed"; logs: string };
  polls: number;
  buildDuration: number;
}

export interface RuleRecord {
  $id: string;
  projectId: string;
  $createdAt: string;
  $updatedAt: string;
  domain: string;
  type: "deployment";
  trigger: "manual" | "deployment";
  deploymentId: string;
  deploymentResourceType: "site";
  deploymentResourceId: string;
  deploymentVcsProviderBranch: string;
  status: "verified" | "created";
  logs: string;
}

export interface PlatformRecord {
  $id: string;
  projectId: string;
  $createdAt: string;
  $updatedAt: string;
  name: string;
  type: "web";
  hostname: string;
}

export interface SitesEmulatorOptions {
  /** `_APP_DOMAIN_SITES`; default "sites.appwrite.test". */
  sitesDomain?: string;
  /** getDeployment polls a deployment spends in each of waiting, processing and building; default 1. */
  pollsPerStatus?: number;
  /** `_APP_COMPUTE_SIZE_LIMIT` in bytes; default 30 000 000. */
  sizeLimit?: number;
  /** `_APP_RULES_FORMAT`: "md5" gives rule id md5(domain), anything else a random id (the default). */
  rulesFormat?: "md5" | "unique";
}

export interface SitesEmulator {
  /** Mount this in the emulator (extraRoutes). */
  handle: EmulatorRoute;
  sitesDomain: string;
  sites(projectId: string): SiteRecord[];
  deployments(projectId: string, siteId?: string): DeploymentRecord[];
  /** Rules of one project, or of every project. */
  rules(projectId?: string): RuleRecord[];
  platforms(projectId: string): PlatformRecord[];
  /** Hostnames of the project's Web platforms (what Appwrite accepts as OAuth success/failure hosts and origins). */
  webHostnames(projectId: string): string[];
  /** The next deployment's build fails, with these build logs. */
  failNextBuild(logs?: string): void;
  /** Removes a site behind the stack's back (no deletes worker: its rules stay). */
  deleteSiteOutOfBand(projectId: string, siteId: string): void;
  /** The next `times` (default 1) requests matching method and path (exact, or a prefix ending in `*`) fail. */
  injectFault(rule: { method?: string; path?: string; status: number; type?: string; times?: number }): void;
}

/** Names in a tar stream (ustar: name + prefix), enough to see what was uploaded. */
export function tarEntryNames(tar: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = field(0, 100);
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = header.subarray(257, 263).toString("utf8").startsWith("ustar") ? field(345, 155) : "";
    const full = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, "");
    if ((type === "0" || type === "" || type === "\0") && full) names.push(full);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/** multipart/form-data as undici's FormData writes it (what node-appwrite's chunkedUpload sends). */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    start += 2; // CRLF after the delimiter
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? "";
      const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
      parts.push({ name, filename, data: part.subarray(headerEnd + 4) });
    }
    pos = next + 2;
  }
  return parts;
}

/** Query strings of node-appwrite's Query helpers, as GET flattens them (queries[0]=...). */
function parseQueries(url: URL): { method: string; attribute?: string; values?: unknown[] }[] {
  const out: { method: string; attribute?: string; values?: unknown[] }[] = [];
  for (const [key, value] of url.searchParams.entries()) {
    if (!/^queries(\[\d*\])?$/.test(key)) continue;
    try {
      out.push(JSON.parse(value) as { method: string; attribute?: string; values?: unknown[] });
    } catch {
      throw new RouteError(400, "general_query_invalid", `Invalid query: ${value}`);
    }
  }
  return out;
}

function applyQueries<T extends object>(items: T[], url: URL): T[] {
  let result = items;
  let limit = 25;
  let offset = 0;
  for (const q of parseQueries(url)) {
    if (q.method === "equal" && q.attribute) {
      const values = q.values ?? [];
      result = result.filter((item) => values.includes((item as Record<string, unknown>)[q.attribute!]));
    } else if (q.method === "limit") {
      limit = Number(q.values?.[0] ?? 25);
    } else if (q.method === "offset") {
      offset = Number(q.values?.[0] ?? 0);
    }
  }
  return result.slice(offset, offset + limit);
}

export function createSitesRoutes(opts: SitesEmulatorOptions = {}): SitesEmulator {
  const sitesDomain = opts.sitesDomain ?? "sites.appwrite.test";
  const pollsPerStatus = opts.pollsPerStatus ?? 1;
  const sizeLimit = opts.sizeLimit ?? 30_000_000;
  const sites = new Map<string, SiteRecord>(); // key: projectId/siteId
  const deployments = new Map<string, DeploymentRecord>(); // key: projectId/deploymentId
  const rules = new Map<string, RuleRecord>(); // rules live in the platform database: ids and domains are global
  const platforms = new Map<string, PlatformRecord>(); // same: platform ids are global
  const pendingFailures: string[] = [];
  const faults: { method?: string; path?: string; status: number; type?: string; times: number }[] = [];

  const key = (projectId: string, id: string) => `${projectId}/${id}`;

  const siteModel = (s: SiteRecord) => {
    const { projectId: _p, ...model } = s;
    return {
      ...model,
      live: s.deploymentId !== "",
      deploymentScreenshotLight: "",
      deploymentScreenshotDark: "",
      vars: [],
      installationId: "",
      providerRepositoryId: "",
      providerBranch: "",
      providerRootDirectory: "",
      providerSilentMode: false,
      providerBranches: [],
      providerPaths: [],
      buildSpecification: "s-1vcpu-512mb",
      runtimeSpecification: "s-1vcpu-512mb",
    };
  };

  const deploymentModel = (d: DeploymentRecord) => ({
    $id: d.$id,
    $createdAt: d.$createdAt,
    $updatedAt: d.$updatedAt,
    type: "manual",
    resourceId: d.siteId,
    resourceType: "sites",
    entrypoint: "",
    sourceSize: d.sourceSize,
    buildSize: d.status === "ready" ? d.sourceSize : 0,
    totalSize: d.sourceSize,
    buildId: d.status === "waiting" ? "" : `build-${d.$id}`,
    activate: d.activate,
    screenshotLight: "",
    screenshotDark: "",
    status: d.status,
    buildLogs: d.buildLogs,
    buildDuration: d.buildDuration,
    providerRepositoryName: "",
    providerRepositoryOwner: "",
    providerRepositoryUrl: "",
    providerCommitHash: "",
    providerCommitAuthorUrl: "",
    providerCommitAuthor: "",
    providerCommitMessage: "",
    providerCommitUrl: "",
    providerBranch: "",
    providerBranchUrl: "",
  });

  const ruleModel = (r: RuleRecord) => {
    const { projectId: _p, ...model } = r;
    return { ...model, redirectUrl: "", redirectStatusCode: 0, renewAt: "" };
  };

  const platformModel = (p: PlatformRecord) => {
    const { projectId: _p, ...model } = p;
    return model;
  };

  const requireSite = (projectId: string, siteId: string): SiteRecord => {
    const site = sites.get(key(projectId, siteId));
    if (!site) throw new RouteError(404, "site_not_found", "Site with the requested ID could not be found.");
    return site;
  };

  /** Builds.php: one status step per `pollsPerStatus` reads; on ready, activation and the manual rules repointed. */
  const advance = (d: DeploymentRecord) => {
    if (d.status === "ready" || d.status === "failed" || d.status === "canceled") return;
    d.polls++;
    if (d.polls < pollsPerStatus) return;
    d.polls = 0;
    const site = sites.get(key(d.projectId, d.siteId));
    const index = BUILD_STEPS.indexOf(d.status as (typeof BUILD_STEPS)[number]);
    if (index < BUILD_STEPS.length - 1) {
      d.status = BUILD_STEPS[index + 1];
      d.buildLogs +=
        d.status === "processing"
          ? "Preparing for build ...\n"
          : `[open-runtimes] Environment preparation started.\n[open-runtimes] Build command: (none, framework ${site?.framework ?? "other"})\n`;
    } else if (d.outcome.status === "failed") {
      d.status = "failed";
      d.buildLogs += d.outcome.logs.endsWith("\n") ? d.outcome.logs : `${d.outcome.logs}\n`;
      d.buildDuration = 3;
    } else {
      d.status = "ready";
      d.buildLogs += `Static files: ${d.files.length}\nBuild finished.\n`;
      d.buildDuration = 3;
      // Activated unless a newer deployment is already active.
      if (site && d.activate && (site.deploymentId === "" || site.deploymentCreatedAt <= d.$createdAt)) {
        site.deploymentId = d.$id;
        site.deploymentCreatedAt = d.$createdAt;
        for (const rule of rules.values()) {
          if (
            rule.projectId === d.projectId &&
            rule.deploymentResourceId === d.siteId &&
            rule.trigger === "manual"
          ) {
            rule.deploymentId = d.$id;
          }
        }
      }
    }
    d.$updatedAt = now();
    if (site && site.latestDeploymentId === d.$id) site.latestDeploymentStatus = d.status;
  };

  /** Proxy/Action.php validateDomainRestrictions: exactly one label under the sites domain, no commit-/branch-. */
  const validateSiteDomain = (domain: string) => {
    const denied = () =>
      new RouteError(
        400,
        "general_argument_invalid",
        "This domain name is not allowed. Please use a different domain.",
      );
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(domain)) {
      throw new RouteError(
        400,
        "general_argument_invalid",
        "Invalid `domain` param: Value must be a valid domain",
      );
    }
    if (domain === sitesDomain) throw denied();
    if (domain.endsWith(`.${sitesDomain}`)) {
      const label = domain.slice(0, -(sitesDomain.length + 1));
      if (label.includes(".") || label.startsWith("commit-") || label.startsWith("branch-")) throw denied();
    }
  };

  const createDeployment = async (
    req: http.IncomingMessage,
    raw: Buffer,
    projectId: string,
    site: SiteRecord,
  ): Promise<DeploymentRecord> => {
    if (req.headers["content-range"]) {
      throw new RouteError(
        501,
        "general_not_implemented",
        "emulator: chunked uploads (> 5 MiB) are not emulated",
      );
    }
    const parts = parseMultipart(raw, String(req.headers["content-type"] ?? ""));
    const code = parts.find((p) => p.name === "code" && p.filename !== undefined);
    if (!code) throw new RouteError(400, "storage_file_empty", "Empty file passed to the endpoint.");
    // FileExt([TYPE_GZIP]): pathinfo(name, EXTENSION) === 'gz'.
    if (!/\.gz$/.test(code.filename ?? "")) {
      throw new RouteError(
        400,
        "storage_file_type_unsupported",
        "The given file extension is not supported.",
      );
    }
    if (code.data.length > sizeLimit) {
      throw new RouteError(400, "storage_invalid_file_size", "File size not allowed.");
    }
    const field = (name: string) =>
      parts.find((p) => p.name === name && p.filename === undefined)?.data.toString("utf8");
    const activate = ["true", "1"].includes(field("activate") ?? "");
    let files: string[] = [];
    let outcome: DeploymentRecord["outcome"] = { status: "ready" };
    try {
      files = tarEntryNames(gunzipSync(code.data));
    } catch {
      outcome = {
        status: "failed",
        logs: "Failed to extract the code archive: not a gzip-compressed tar file.",
      };
    }
    const failure = pendingFailures.shift();
    if (failure !== undefined) outcome = { status: "failed", logs: failure };
    const createdAt = now();
    const deployment: DeploymentRecord = {
      $id: uniqueId(),
      projectId,
      siteId: site.$id,
      $createdAt: createdAt,
      $updatedAt: createdAt,
      status: "waiting",
      buildLogs: "",
      activate,
      sourceSize: code.data.length,
      fileName: code.filename ?? "",
      files,
      outcome,
      polls: 0,
      buildDuration: 0,
    };
    deployments.set(key(projectId, deployment.$id), deployment);
    // The upload switches `activate` off on the site's other deployments.
    if (activate) {
      for (const other of deployments.values()) {
        if (other.projectId === projectId && other.siteId === site.$id && other !== deployment)
          other.activate = false;
      }
    }
    site.latestDeploymentId = deployment.$id;
    site.latestDeploymentCreatedAt = createdAt;
    site.latestDeploymentStatus = "waiting";
    // Every deployment gets a preview rule of its own.
    const previewDomain = `${uniqueId()}.${sitesDomain}`;
    const previewId =
      opts.rulesFormat === "md5" ? createHash("md5").update(previewDomain).digest("hex") : uniqueId();
    rules.set(previewId, {
      $id: previewId,
      projectId,
      $createdAt: createdAt,
      $updatedAt: createdAt,
      domain: previewDomain,
      type: "deployment",
      trigger: "deployment",
      deploymentId: deployment.$id,
      deploymentResourceType: "site",
      deploymentResourceId: site.$id,
      deploymentVcsProviderBranch: "",
      status: "verified",
      logs: "",
    });
    return deployment;
  };

  const handle: EmulatorRoute = async (req, res, ctx) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const isOurs =
      path === "/v1/sites" ||
      path.startsWith("/v1/sites/") ||
      path === "/v1/proxy/rules" ||
      path.startsWith("/v1/proxy/rules/") ||
      path === "/v1/project/platforms" ||
      path.startsWith("/v1/project/platforms/");
    if (!isOurs || method === "OPTIONS") return false;

    const raw = await readRawBody(req);
    const isMultipart = String(req.headers["content-type"] ?? "").startsWith("multipart/form-data");
    const body = isMultipart ? {} : parseJsonBody(raw);
    const record = recordRequest(ctx, req, url, isMultipart ? { multipart: true, bytes: raw.length } : body);
    const ok = (status: number, payload: unknown) => sendJson(res, record, status, payload, ctx);
    const fault = faults.find(
      (f) =>
        f.times > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || (f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : path === f.path)),
    );
    if (fault) {
      fault.times--;
      sendRouteError(
        res,
        record,
        new RouteError(fault.status, fault.type ?? "general_server_error", "Server Error"),
        ctx,
      );
      return true;
    }
    const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);

    try {
      const project = projectOf(req, url, ctx);
      const pid = project.id;
      let m: RegExpExecArray | null;

      // --- Sites ---
      if (method === "POST" && path === "/v1/sites") {
        requireScope(req, project, "sites.write");
        const requested = str(body.siteId);
        const siteId = requested === "unique()" ? uniqueId() : requested;
        if (!isCustomId(siteId)) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            "Invalid `siteId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
          );
        }
        const name = str(body.name);
        if (!name || name.length > 128) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            "Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars",
          );
        }
        const framework = str(body.framework);
        if (!FRAMEWORK_ADAPTERS[framework]) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            `Invalid \`framework\` param: Value must be one of (${Object.keys(FRAMEWORK_ADAPTERS).join(", ")})`,
          );
        }
        const buildRuntime = str(body.buildRuntime);
        if (!BUILD_RUNTIMES.includes(buildRuntime)) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            `Invalid \`buildRuntime\` param: Value must be one of (${BUILD_RUNTIMES.join(", ")})`,
          );
        }
        const adapter = str(body.adapter);
        if (adapter && !FRAMEWORK_ADAPTERS[framework].includes(adapter)) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            "Adapter not supported for the selected framework.",
          );
        }
        if (sites.has(key(pid, siteId))) {
          throw new RouteError(409, "site_already_exists", "Site with the requested ID already exists.");
        }
        const createdAt = now();
        // The command defaults of frameworks.php are not applied: what is sent is stored.
        const site: SiteRecord = {
          $id: siteId,
          projectId: pid,
          $createdAt: createdAt,
          $updatedAt: createdAt,
          name,
          enabled: body.enabled !== false,
          logging: body.logging !== false,
          framework,
          buildRuntime,
          adapter,
          installCommand: str(body.installCommand),
          buildCommand: str(body.buildCommand),
          startCommand: str(body.startCommand),
          outputDirectory: str(body.outputDirectory),
          fallbackFile: str(body.fallbackFile),
          timeout: typeof body.timeout === "number" ? body.timeout : 30,
          deploymentRetention: typeof body.deploymentRetention === "number" ? body.deploymentRetention : 0,
          deploymentId: "",
          deploymentCreatedAt: "",
          latestDeploymentId: "",
          latestDeploymentCreatedAt: "",
          latestDeploymentStatus: "",
        };
        sites.set(key(pid, siteId), site);
        ok(201, siteModel(site));
        return true;
      }
      if ((m = /^\/v1\/sites\/([^/]+)$/.exec(path))) {
        const siteId = decodeURIComponent(m[1]);
        if (method === "GET") {
          requireScope(req, project, "sites.read");
          ok(200, siteModel(requireSite(pid, siteId)));
          return true;
        }
        if (method === "PUT") {
          requireScope(req, project, "sites.write");
          const site = requireSite(pid, siteId);
          site.name = str(body.name, site.name);
          site.framework = str(body.framework, site.framework);
          site.buildRuntime = str(body.buildRuntime, site.buildRuntime);
          site.adapter = str(body.adapter, site.adapter);
          site.outputDirectory = str(body.outputDirectory, site.outputDirectory);
          site.$updatedAt = now();
          ok(200, siteModel(site));
          return true;
        }
        if (method === "DELETE") {
          requireScope(req, project, "sites.write");
          requireSite(pid, siteId);
          sites.delete(key(pid, siteId));
          for (const [k, d] of deployments)
            if (d.projectId === pid && d.siteId === siteId) deployments.delete(k);
          for (const [k, r] of rules)
            if (r.projectId === pid && r.deploymentResourceId === siteId) rules.delete(k);
          ok(204, undefined);
          return true;
        }
      }
      if ((m = /^\/v1\/sites\/([^/]+)\/deployments$/.exec(path)) && method === "POST") {
        requireScope(req, project, "sites.write");
        const site = requireSite(pid, decodeURIComponent(m[1]));
        const deployment = await createDeployment(req, raw, pid, site);
        ok(202, deploymentModel(deployment));
        return true;
      }
      if ((m = /^\/v1\/sites\/([^/]+)\/deployments\/([^/]+)$/.exec(path)) && method === "GET") {
        requireScope(req, project, "sites.read");
        const siteId = decodeURIComponent(m[1]);
        requireSite(pid, siteId);
        const deployment = deployments.get(key(pid, decodeURIComponent(m[2])));
        if (!deployment || deployment.siteId !== siteId) {
          throw new RouteError(
            404,
            "deployment_not_found",
            "Deployment with the requested ID could not be found.",
          );
        }
        advance(deployment);
        ok(200, deploymentModel(deployment));
        return true;
      }
      if ((m = /^\/v1\/sites\/([^/]+)\/deployment$/.exec(path)) && method === "PATCH") {
        requireScope(req, project, "sites.write");
        const site = requireSite(pid, decodeURIComponent(m[1]));
        const deployment = deployments.get(key(pid, str(body.deploymentId)));
        if (!deployment || deployment.siteId !== site.$id) {
          throw new RouteError(
            404,
            "deployment_not_found",
            "Deployment with the requested ID could not be found.",
          );
        }
        if (deployment.status !== "ready") {
          throw new RouteError(400, "build_not_ready", "Build not ready");
        }
        site.deploymentId = deployment.$id;
        site.deploymentCreatedAt = deployment.$createdAt;
        for (const rule of rules.values()) {
          if (rule.projectId === pid && rule.deploymentResourceId === site.$id && rule.trigger === "manual")
            rule.deploymentId = deployment.$id;
        }
        ok(200, siteModel(site));
        return true;
      }

      // --- Proxy rules ---
      if (method === "POST" && path === "/v1/proxy/rules/site") {
        requireScope(req, project, "rules.write");
        const domain = str(body.domain).toLowerCase();
        validateSiteDomain(domain);
        const site = sites.get(key(pid, str(body.siteId)));
        if (!site) throw new RouteError(404, "rule_resource_not_found", "Resource could not be found.");
        if ([...rules.values()].some((r) => r.domain === domain)) {
          throw new RouteError(
            409,
            "rule_already_exists",
            "Domain already assigned to a different resource.",
          );
        }
        const ruleId =
          opts.rulesFormat === "md5" ? createHash("md5").update(domain).digest("hex") : uniqueId();
        const appwriteOwned = domain.endsWith(`.${sitesDomain}`);
        const createdAt = now();
        const rule: RuleRecord = {
          $id: ruleId,
          projectId: pid,
          $createdAt: createdAt,
          $updatedAt: createdAt,
          domain,
          type: "deployment",
          trigger: "manual",
          deploymentId: site.deploymentId,
          deploymentResourceType: "site",
          deploymentResourceId: site.$id,
          deploymentVcsProviderBranch: str(body.branch),
          status: appwriteOwned ? "verified" : "created",
          logs: appwriteOwned
            ? ""
            : `DNS verification failed as domain ${domain} does not resolve to a known public apex domain.`,
        };
        rules.set(ruleId, rule);
        ok(201, ruleModel(rule));
        return true;
      }
      if (method === "GET" && path === "/v1/proxy/rules") {
        requireScope(req, project, "rules.read");
        const own = [...rules.values()].filter((r) => r.projectId === pid);
        const page = applyQueries(own, url);
        ok(200, { total: page.length, rules: page.map(ruleModel) });
        return true;
      }
      if ((m = /^\/v1\/proxy\/rules\/([^/]+)$/.exec(path)) && (method === "GET" || method === "DELETE")) {
        requireScope(req, project, method === "GET" ? "rules.read" : "rules.write");
        const rule = rules.get(decodeURIComponent(m[1]));
        if (!rule || rule.projectId !== pid)
          throw new RouteError(404, "rule_not_found", "Rule with the requested ID could not be found.");
        if (method === "GET") {
          ok(200, ruleModel(rule));
        } else {
          rules.delete(rule.$id);
          ok(204, undefined);
        }
        return true;
      }

      // --- Web platforms ---
      if (method === "POST" && path === "/v1/project/platforms/web") {
        requireScope(req, project, "platforms.write");
        const requested = str(body.platformId);
        const platformId = requested === "unique()" ? uniqueId() : requested;
        if (!isCustomId(platformId)) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            "Invalid `platformId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
          );
        }
        const hostname = str(body.hostname);
        if (!hostname)
          throw new RouteError(400, "general_argument_invalid", 'Param "hostname" is not optional.');
        if (
          !/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(hostname) ||
          hostname.length > 256
        ) {
          throw new RouteError(
            400,
            "general_argument_invalid",
            "Invalid `hostname` param: Value must be a valid hostname without path, port and protocol.",
          );
        }
        if (platforms.has(platformId))
          throw new RouteError(
            409,
            "platform_already_exists",
            "Platform with the requested ID already exists.",
          );
        const createdAt = now();
        const platform: PlatformRecord = {
          $id: platformId,
          projectId: pid,
          $createdAt: createdAt,
          $updatedAt: createdAt,
          name: str(body.name),
          type: "web",
          hostname,
        };
        platforms.set(platformId, platform);
        ok(201, platformModel(platform));
        return true;
      }
      if (method === "GET" && path === "/v1/project/platforms") {
        requireScope(req, project, "platforms.read");
        const own = [...platforms.values()].filter((p) => p.projectId === pid);
        ok(200, { total: own.length, platforms: own.map(platformModel) });
        return true;
      }
      if (
        (m = /^\/v1\/project\/platforms\/([^/]+)$/.exec(path)) &&
        (method === "GET" || method === "DELETE")
      ) {
        requireScope(req, project, method === "GET" ? "platforms.read" : "platforms.write");
        const platform = platforms.get(decodeURIComponent(m[1]));
        if (!platform || platform.projectId !== pid) {
          throw new RouteError(
            404,
            "platform_not_found",
            "Platform with the requested ID could not be found.",
          );
        }
        if (method === "GET") {
          ok(200, platformModel(platform));
        } else {
          platforms.delete(platform.$id);
          ok(204, undefined);
        }
        return true;
      }
      throw new RouteError(404, "general_route_not_found", "Not Found");
    } catch (err) {
      const routeError =
        err instanceof RouteError
          ? err
          : new RouteError(500, "general_unknown", `emulator: ${(err as Error).message}`);
      sendRouteError(res, record, routeError, ctx);
      return true;
    }
  };

  return {
    handle,
    sitesDomain,
    sites: (projectId) => [...sites.values()].filter((s) => s.projectId === projectId),
    deployments: (projectId, siteId) =>
      [...deployments.values()].filter(
        (d) => d.projectId === projectId && (siteId === undefined || d.siteId === siteId),
      ),
    rules: (projectId) =>
      [...rules.values()].filter((r) => projectId === undefined || r.projectId === projectId),
    platforms: (projectId) => [...platforms.values()].filter((p) => p.projectId === projectId),
    webHostnames: (projectId) =>
      [...platforms.values()]
        .filter((p) => p.projectId === projectId && p.type === "web")
        .map((p) => p.hostname),
    failNextBuild(logs = 'npm error Missing script: "build"\nBuild failed with exit code 1.') {
      pendingFailures.push(logs);
    },
    deleteSiteOutOfBand(projectId, siteId) {
      sites.delete(key(projectId, siteId));
    },
    injectFault(rule) {
      faults.push({ ...rule, times: rule.times ?? 1 });
    },
  };
}

// --- Test fixture: the Appwrite emulator with the Sites routes, one project and a key with the Sites scopes ---

export interface SitesFixture {
  emu: AppwriteEmulator;
  sites: SitesEmulator;
  projectId: string;
  apiKey: string;
  /** A prebuilt static site (index.html, dashboard/index.html, an asset), like app/dist. */
  distDir: string;
  stop(): Promise<void>;
}

/** The key scopes of SiteDeployment (components/appwrite/site-deployment.ts SITE_SCOPES). */
export const SITE_KEY_SCOPES = [
  "sites.read",
  "sites.write",
  "rules.read",
  "rules.write",
  "platforms.read",
  "platforms.write",
];

export async function startSitesFixture(
  opts: SitesEmulatorOptions & { scopes?: string[]; projectId?: string; extraRoutes?: EmulatorRoute[] } = {},
): Promise<SitesFixture> {
  const projectId = opts.projectId ?? "demo";
  const sites = createSitesRoutes(opts);
  const emu = await startAppwriteEmulator({
    projects: [projectId],
    extraRoutes: [sites.handle, ...(opts.extraRoutes ?? [])],
  });
  const apiKey = emu.createApiKey(projectId, opts.scopes ?? SITE_KEY_SCOPES);
  const distDir = mkdtempSync(join(tmpdir(), "pia-dist-"));
  mkdirSync(join(distDir, "dashboard"));
  mkdirSync(join(distDir, "_astro"));
  writeFileSync(
    join(distDir, "index.html"),
    "<!doctype html><title>Sign in</title><h1>Passkey login for Appwrite</h1>",
  );
  writeFileSync(join(distDir, "dashboard", "index.html"), "<!doctype html><title>Dashboard</title>");
  writeFileSync(join(distDir, "_astro", "app.js"), "console.log('demo');");
  return {
    emu,
    sites,
    projectId,
    apiKey,
    distDir,
    async stop() {
      await emu.stop();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}
