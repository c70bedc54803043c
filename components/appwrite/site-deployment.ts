// SiteDeployment: a prebuilt static site (the demo app's dist/) published to Appwrite Sites with node-appwrite
// 27.1.0 — framework "other", adapter "static", no build inside Appwrite — at a stable manual site rule
// `<subdomain>.<sitesDomain>`, with a Web platform for that hostname so Appwrite accepts it as an OAuth
// success/failure URL and as a CORS origin. A new contentHash uploads a new deployment; the site keeps
// serving the previous one until the new one is ready.
import * as pulumi from "@pulumi/pulumi";
import { sha256Hex } from "../hash";
import {
  AppwriteCallContext,
  explainAppwriteError,
  isAppwriteException,
  redact,
  withTimeout,
} from "./errors";
import { normalizeEndpoint } from "./redirect-uri";
import { packSite } from "./site-archive";

/** The value Pulumi passes for inputs that are not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const DEFAULT_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 300_000;
const DEFAULT_BUILD_TIMEOUT_SECONDS = 600;
const DEFAULT_POLL_INTERVAL_MS = 2_000;
const LOG_TAIL_LINES = 25;

/** Key scopes this resource needs (route labels @1.9.6). */
export const SITE_SCOPES = [
  "sites.read",
  "sites.write",
  "rules.read",
  "rules.write",
  "platforms.read",
  "platforms.write",
];

/** How the site is created: a prebuilt static site, served from the archive's root. */
export const STATIC_SITE = {
  framework: "other",
  buildRuntime: "node-22",
  adapter: "static",
  outputDirectory: "./",
} as const;

export interface SiteDeploymentInputs {
  /** Appwrite API root, ending in /v1. */
  endpoint: string;
  projectId: string;
  /** Project API key with SITE_SCOPES. */
  apiKey: string;
  /** Appwrite site ID (a fixed identity: a change replaces the site). */
  siteId: string;
  /** Display name in the Appwrite console. */
  siteName: string;
  /** The instance's Sites domain (`_APP_DOMAIN_SITES`), e.g. appwrite.network on Appwrite Cloud. */
  sitesDomain: string;
  /** The one label under sitesDomain of the stable URL. */
  subdomain: string;
  /** Absolute path of the built site (must contain index.html). */
  distDir: string;
  /** Identity of the build in distDir; a new value uploads a new deployment. */
  contentHash: string;
  /** Use an existing site with this ID instead of failing (it is then not deleted on destroy). */
  adoptExisting: boolean;
  /** How long to wait for Appwrite to finish a deployment; default 600. */
  buildTimeoutSeconds?: number;
  /** Pause between deployment status reads; default 2000. */
  pollIntervalMs?: number;
  /** Per-call timeout in milliseconds; default 30 s (uploads: 5 min). */
  requestTimeoutMs?: number;
}

export interface SiteDeploymentOutputs extends SiteDeploymentInputs {
  /** `<subdomain>.<sitesDomain>` */
  domain: string;
  /** `https://<domain>` */
  siteUrl: string;
  /** The deployment this stack uploaded last (ready). */
  deploymentId: string;
  /** contentHash of deploymentId. */
  deployedHash: string;
  /** The deployment the site serves, as last read; differs from deploymentId after a change behind the stack's back. */
  activeDeploymentId: string;
  /** The manual site rule of `domain`; "" when it is missing. */
  ruleId: string;
  /** The Web platform of `domain`; "" when it is missing. */
  platformId: string;
  /** False when the site was adopted (adoptExisting): destroy then leaves it in place. */
  siteCreated: boolean;
}

type Failure = { property: string; reason: string };

const isKnown = (v: unknown): boolean => v !== UNKNOWN && !(Array.isArray(v) && v.includes(UNKNOWN));

/** `<subdomain>.<sitesDomain>`, lower case. */
export function siteDomain(i: Pick<SiteDeploymentInputs, "subdomain" | "sitesDomain">): string {
  return `${i.subdomain}.${i.sitesDomain}`.toLowerCase();
}

/** A Web platform ID per project and hostname: platform IDs are unique across the whole instance. */
export function platformIdFor(projectId: string, domain: string): string {
  return `site-${sha256Hex(`${projectId}/${domain}`).slice(0, 24)}`;
}

/** Inputs with defaults applied and the endpoint without trailing slashes. */
export function normalizeSiteInputs(news: SiteDeploymentInputs): SiteDeploymentInputs {
  const lower = (v: unknown) => (typeof v === "string" && isKnown(v) ? v.trim().toLowerCase() : v) as string;
  return {
    ...news,
    endpoint:
      typeof news.endpoint === "string" && isKnown(news.endpoint)
        ? normalizeEndpoint(news.endpoint)
        : news.endpoint,
    sitesDomain: lower(news.sitesDomain),
    subdomain: lower(news.subdomain),
    adoptExisting: news.adoptExisting === true,
  };
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Input problems, as check() failures. Unknown (preview) values are not judged; nothing is called. */
export function validateSiteInputs(news: SiteDeploymentInputs): Failure[] {
  const failures: Failure[] = [];
  if (isKnown(news.endpoint)) {
    let url: URL | undefined;
    try {
      url = new URL(String(news.endpoint));
    } catch {
      url = undefined;
    }
    if (
      !url ||
      !["http:", "https:"].includes(url.protocol) ||
      !normalizeEndpoint(url.pathname).endsWith("/v1")
    ) {
      failures.push({
        property: "endpoint",
        reason: `"${news.endpoint}" is not an Appwrite API root (an http(s) URL ending in /v1, e.g. https://fra.cloud.appwrite.io/v1)`,
      });
    }
  }
  if (isKnown(news.projectId) && !/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/.test(String(news.projectId ?? ""))) {
    failures.push({ property: "projectId", reason: `"${news.projectId}" is not an Appwrite project ID` });
  }
  if (isKnown(news.apiKey) && !news.apiKey) {
    failures.push({
      property: "apiKey",
      reason: `an Appwrite project API key with the scopes ${SITE_SCOPES.join(", ")} is required`,
    });
  }
  if (isKnown(news.siteId) && !/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/.test(String(news.siteId ?? ""))) {
    failures.push({
      property: "siteId",
      reason: `"${news.siteId}" is not an Appwrite site ID (1-36 of a-z, A-Z, 0-9, period, hyphen, underscore; not starting with a special character)`,
    });
  }
  if (isKnown(news.siteName) && (!news.siteName || String(news.siteName).length > 128)) {
    failures.push({ property: "siteName", reason: "the site name must have 1 to 128 characters" });
  }
  if (isKnown(news.sitesDomain)) {
    const d = String(news.sitesDomain ?? "");
    if (!d) {
      failures.push({
        property: "sitesDomain",
        reason:
          "the Sites domain of the Appwrite instance is not set: set pocket-id-appwrite:appwriteSitesDomain (its _APP_DOMAIN_SITES, e.g. appwrite.network on Appwrite Cloud)",
      });
    } else if (!d.split(".").every((l) => LABEL.test(l)) || !d.includes(".")) {
      failures.push({
        property: "sitesDomain",
        reason: `"${d}" is not a domain name (no scheme, port or path): set pocket-id-appwrite:appwriteSitesDomain to e.g. appwrite.network`,
      });
    }
  }
  if (isKnown(news.subdomain)) {
    const s = String(news.subdomain ?? "");
    if (!LABEL.test(s)) {
      failures.push({
        property: "subdomain",
        reason: `"${s}" is not one DNS label (1-63 of a-z, 0-9 and inner hyphens); Appwrite serves sites exactly one label under its Sites domain`,
      });
    } else if (s.startsWith("commit-") || s.startsWith("branch-")) {
      failures.push({
        property: "subdomain",
        reason: `"${s}" starts with a prefix Appwrite reserves for preview URLs (commit-, branch-)`,
      });
    }
  }
  if (isKnown(news.distDir) && !(typeof news.distDir === "string" && news.distDir.startsWith("/"))) {
    failures.push({ property: "distDir", reason: `"${news.distDir}" is not an absolute path` });
  }
  if (isKnown(news.contentHash) && !news.contentHash) {
    failures.push({ property: "contentHash", reason: "the build's content hash is empty" });
  }
  return failures;
}

/** Diff rules: another endpoint, project or site ID is another site (delete-before-replace); the rest is an update. */
export function diffSiteDeployment(
  olds: Partial<SiteDeploymentOutputs>,
  news: SiteDeploymentInputs,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  const sameEndpoint =
    typeof olds.endpoint === "string" &&
    typeof news.endpoint === "string" &&
    normalizeEndpoint(olds.endpoint) === normalizeEndpoint(news.endpoint);
  if (!isKnown(news.endpoint) || !sameEndpoint) replaces.push("endpoint");
  for (const key of ["projectId", "siteId"] as const) {
    if (!isKnown(news[key]) || olds[key] !== news[key]) replaces.push(key);
  }
  const changed: string[] = [];
  if (!isKnown(news.contentHash) || olds.deployedHash !== news.contentHash) changed.push("contentHash");
  for (const key of [
    "siteName",
    "sitesDomain",
    "subdomain",
    "apiKey",
    "distDir",
    "buildTimeoutSeconds",
    "pollIntervalMs",
    "requestTimeoutMs",
  ] as const) {
    if (!isKnown(news[key]) || olds[key] !== news[key]) changed.push(key);
  }
  if ((olds.adoptExisting === true) !== (news.adoptExisting === true)) changed.push("adoptExisting");
  // Drift seen by refresh: another deployment activated, or the rule or platform removed. The next up repairs it.
  if (!olds.deploymentId || olds.activeDeploymentId !== olds.deploymentId) changed.push("deploymentId");
  if (!olds.ruleId) changed.push("ruleId");
  if (!olds.platformId) changed.push("platformId");
  return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
}

/** The last lines of a build log, for an error message. */
export function buildLogTail(logs: string, lines = LOG_TAIL_LINES): string {
  const all = (logs ?? "").replace(/\r/g, "").trimEnd().split("\n");
  const tail = all.slice(-lines).join("\n");
  return tail.length > 4000 ? tail.slice(-4000) : tail;
}

/** Where and how to reach one Appwrite project. */
interface SiteTarget {
  endpoint: string;
  projectId: string;
  apiKey: string;
  timeoutMs: number;
}

function target(i: SiteDeploymentInputs): SiteTarget {
  return {
    endpoint: normalizeEndpoint(i.endpoint),
    projectId: i.projectId,
    apiKey: i.apiKey,
    timeoutMs: i.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/** The fields of node-appwrite's Models.Site, Deployment, ProxyRule and PlatformWeb this resource reads. */
interface SiteModel {
  $id: string;
  deploymentId: string;
}
interface DeploymentModel {
  $id: string;
  status: string;
  buildLogs: string;
}
interface RuleModel {
  $id: string;
  domain: string;
  deploymentResourceType?: string;
  deploymentResourceId: string;
}
interface PlatformModel {
  $id: string;
  hostname?: string;
}

/** The node-appwrite 27.1.0 methods this resource uses. */
interface Services {
  sites: {
    create(p: Record<string, unknown>): Promise<SiteModel>;
    get(p: { siteId: string }): Promise<SiteModel>;
    update(p: Record<string, unknown>): Promise<SiteModel>;
    delete(p: { siteId: string }): Promise<unknown>;
    createDeployment(p: { siteId: string; code: unknown; activate: boolean }): Promise<DeploymentModel>;
    getDeployment(p: { siteId: string; deploymentId: string }): Promise<DeploymentModel>;
    updateSiteDeployment(p: { siteId: string; deploymentId: string }): Promise<SiteModel>;
  };
  proxy: {
    createSiteRule(p: { domain: string; siteId: string }): Promise<RuleModel>;
    listRules(p: { queries: string[] }): Promise<{ rules: RuleModel[] }>;
    getRule(p: { ruleId: string }): Promise<RuleModel>;
    deleteRule(p: { ruleId: string }): Promise<unknown>;
  };
  project: {
    createWebPlatform(p: { platformId: string; name: string; hostname: string }): Promise<PlatformModel>;
    getPlatform(p: { platformId: string }): Promise<PlatformModel>;
    deletePlatform(p: { platformId: string }): Promise<unknown>;
  };
  inputFile(path: string, name: string): unknown;
  queryEqual(attribute: string, value: string): string;
}

/** node-appwrite services for this target; built per call so nothing is captured by the closure. */
function services(t: SiteTarget): Services {
  const sdk = require("node-appwrite");
  // InputFile is exported by node-appwrite/file only, not by the package's main entry.
  const { InputFile } = require("node-appwrite/file");
  const client = new sdk.Client().setEndpoint(t.endpoint).setProject(t.projectId).setKey(t.apiKey);
  return {
    sites: new sdk.Sites(client),
    proxy: new sdk.Proxy(client),
    project: new sdk.Project(client),
    // fromBuffer, not fromPath: fromPath reads through a dynamic import("fs"), which some hosts (jest) refuse.
    inputFile: (path, name) => InputFile.fromBuffer(require("fs").readFileSync(path), name),
    queryEqual: (attribute, value) => sdk.Query.equal(attribute, value),
  };
}

/** One Appwrite call: timed out, translated into a sentence, never retried unless it is a read. */
async function call<T>(
  t: SiteTarget,
  operation: string,
  scope: string,
  fn: () => Promise<T>,
  opts: { mutating?: boolean; timeoutMs?: number } = {},
): Promise<T> {
  const ctx: AppwriteCallContext = {
    operation,
    endpoint: t.endpoint,
    projectId: t.projectId,
    scope,
    redact: [t.apiKey],
    mutating: opts.mutating === true,
  };
  const attempts = opts.mutating ? 1 : 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTimeout(fn(), opts.timeoutMs ?? t.timeoutMs, operation);
    } catch (err) {
      const transient =
        (isAppwriteException(err) && [429, 502, 503, 504].includes(err.code)) ||
        ((err as Error)?.name === "TypeError" && /fetch failed/.test((err as Error).message)) ||
        (err as Error)?.name === "AppwriteTimeoutError";
      if (!opts.mutating && transient && attempt < attempts) {
        await new Promise((r) => setTimeout(r, 500 * 2 ** (attempt - 1)));
        continue;
      }
      throw explainSiteError(err, ctx);
    }
  }
}

/** Whether an error is Appwrite's answer of this type (404 site_not_found etc.). */
function isType(err: unknown, type: string): boolean {
  return isAppwriteException(err) && err.type === type;
}

/** Raw Appwrite answers of a call, for the callers that handle 404/409 themselves. */
async function attempt<T>(
  t: SiteTarget,
  operation: string,
  fn: () => Promise<T>,
  mutating: boolean,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await withTimeout(fn(), t.timeoutMs, operation) };
  } catch (error) {
    if (isAppwriteException(error) && error.code < 500 && error.code !== 429) return { ok: false, error };
    throw explainSiteError(error, {
      operation,
      endpoint: t.endpoint,
      projectId: t.projectId,
      redact: [t.apiKey],
      mutating,
    });
  }
}

/** explainAppwriteError, with the Sites-specific sentences for scope and argument errors. */
export function explainSiteError(err: unknown, ctx: AppwriteCallContext): Error {
  const where = `Appwrite ${ctx.operation} at ${ctx.endpoint} (project ${ctx.projectId})`;
  if (
    isAppwriteException(err) &&
    err.type === "general_unauthorized_scope" &&
    !/role: guests/.test(err.message)
  ) {
    const scope = /missing scopes \(\["([^"]+)"/.exec(err.message)?.[1] ?? ctx.scope ?? "the Sites scopes";
    return new Error(
      redact(
        `${where} returned ${err.code} general_unauthorized_scope: the API key lacks the scope "${scope}". ` +
          `The demo site needs a project API key with ${SITE_SCOPES.join(", ")} ` +
          `(project ${ctx.projectId} → Overview → Integrations → API keys); add them to the key in appwriteApiKey.`,
        ctx.redact,
      ),
    );
  }
  if (isAppwriteException(err) && err.type === "general_argument_invalid") {
    return new Error(
      redact(`${where} returned ${err.code} general_argument_invalid: ${err.message}`, ctx.redact),
    );
  }
  return explainAppwriteError(err, ctx);
}

/** explainSiteError for a call of this target. */
function explainFor(t: SiteTarget, operation: string, scope: string, err: unknown, mutating = false): Error {
  return explainSiteError(err, {
    operation,
    endpoint: t.endpoint,
    projectId: t.projectId,
    scope,
    redact: [t.apiKey],
    mutating,
  });
}

/** Creates the site, or adopts it with adoptExisting; true when this call created it. */
async function ensureSite(t: SiteTarget, i: SiteDeploymentInputs): Promise<boolean> {
  const s = services(t);
  const created = await attempt(
    t,
    "POST /v1/sites",
    () =>
      s.sites.create({ siteId: i.siteId, name: i.siteName, ...STATIC_SITE, enabled: true, logging: true }),
    true,
  );
  if (created.ok) return true;
  if (isType(created.error, "site_already_exists") && i.adoptExisting) return false;
  if (isType(created.error, "site_already_exists")) {
    throw new Error(
      `Appwrite project ${t.projectId} already has a site "${i.siteId}" (409 site_already_exists): another stack or a manual setup uses it. ` +
        `Give DemoSite another siteId, delete that site in the Appwrite console, or set adoptExisting (pulumi config set pocket-id-appwrite:adoptExisting true) to deploy into it.`,
    );
  }
  throw explainFor(t, "POST /v1/sites", "sites.write", created.error, true);
}

/** Packs distDir, uploads it with activate, waits until ready, and makes sure it is the active deployment. */
async function deploy(
  t: SiteTarget,
  i: SiteDeploymentInputs,
): Promise<{ deploymentId: string; activeDeploymentId: string }> {
  const s = services(t);
  const archive = await packSite(i.distDir);
  let deployment: DeploymentModel;
  try {
    deployment = await call(
      t,
      `POST /v1/sites/${i.siteId}/deployments`,
      "sites.write",
      () =>
        s.sites.createDeployment({
          siteId: i.siteId,
          code: s.inputFile(archive.path, "site.tar.gz"),
          activate: true,
        }),
      { mutating: true, timeoutMs: Math.max(t.timeoutMs, UPLOAD_TIMEOUT_MS) },
    );
  } finally {
    archive.cleanup();
  }
  const deploymentId = String(deployment.$id);
  const deadline = Date.now() + (i.buildTimeoutSeconds ?? DEFAULT_BUILD_TIMEOUT_SECONDS) * 1000;
  const interval = i.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let status = String(deployment.status ?? "waiting");
  while (status !== "ready") {
    if (status === "failed" || status === "canceled") {
      const tail = buildLogTail(String(deployment.buildLogs ?? ""));
      throw new Error(
        `Appwrite Sites deployment ${deploymentId} of site ${i.siteId} (project ${t.projectId}) ${status === "failed" ? "failed to build" : "was canceled"}; ` +
          `the site keeps serving its previous deployment, if it had one. Last lines of the build log:\n${tail || "(empty)"}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Appwrite Sites deployment ${deploymentId} of site ${i.siteId} (project ${t.projectId}) is still "${status}" after ${i.buildTimeoutSeconds ?? DEFAULT_BUILD_TIMEOUT_SECONDS} s. ` +
          `Check the deployment in the Appwrite console; run pulumi up again to upload a new one.`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
    deployment = await call(t, `GET /v1/sites/${i.siteId}/deployments/${deploymentId}`, "sites.read", () =>
      s.sites.getDeployment({ siteId: i.siteId, deploymentId }),
    );
    status = String(deployment.status ?? "");
  }
  // activate=true is honoured by the builds worker unless a newer deployment is active; make sure it is ours.
  const site = await call(t, `GET /v1/sites/${i.siteId}`, "sites.read", () =>
    s.sites.get({ siteId: i.siteId }),
  );
  if (site.deploymentId !== deploymentId) {
    await call(
      t,
      `PATCH /v1/sites/${i.siteId}/deployment`,
      "sites.write",
      () => s.sites.updateSiteDeployment({ siteId: i.siteId, deploymentId }),
      { mutating: true },
    );
  }
  return { deploymentId, activeDeploymentId: deploymentId };
}

/** The manual site rule of `domain` for this site: created, or found when it already points at this site. */
async function ensureRule(t: SiteTarget, siteId: string, domain: string): Promise<string> {
  const s = services(t);
  const created = await attempt(
    t,
    "POST /v1/proxy/rules/site",
    () => s.proxy.createSiteRule({ domain, siteId }),
    true,
  );
  if (created.ok) return String(created.value.$id);
  const err = created.error;
  if (isType(err, "rule_already_exists")) {
    const found = await call(t, "GET /v1/proxy/rules", "rules.read", () =>
      s.proxy.listRules({ queries: [s.queryEqual("domain", domain)] }),
    );
    const ours = found.rules.find(
      (r) => r.domain === domain && r.deploymentResourceType === "site" && r.deploymentResourceId === siteId,
    );
    if (ours) return String(ours.$id);
    throw new Error(
      `The domain ${domain} is already taken (409 rule_already_exists) by another site or project of this Appwrite instance — the Sites domain is shared by every project on it. ` +
        `Choose another DemoSite subdomain, or remove that rule first.`,
    );
  }
  if (isType(err, "general_argument_invalid")) {
    throw new Error(
      `Appwrite refused the site domain ${domain} (400 general_argument_invalid: ${(err as Error).message}). A site rule must be exactly one label under the instance's Sites domain ` +
        `(_APP_DOMAIN_SITES; appwrite.network on Appwrite Cloud): check pocket-id-appwrite:appwriteSitesDomain.`,
    );
  }
  throw explainFor(t, "POST /v1/proxy/rules/site", "rules.write", err, true);
}

/** The Web platform of `domain`: created, or found when the same ID already holds that hostname. */
async function ensurePlatform(t: SiteTarget, platformId: string, domain: string): Promise<string> {
  const s = services(t);
  const name = `Demo site ${domain}`.slice(0, 128);
  const created = await attempt(
    t,
    "POST /v1/project/platforms/web",
    () => s.project.createWebPlatform({ platformId, name, hostname: domain }),
    true,
  );
  if (created.ok) return String(created.value.$id);
  if (isType(created.error, "platform_already_exists")) {
    const existing = await attempt(
      t,
      `GET /v1/project/platforms/${platformId}`,
      () => s.project.getPlatform({ platformId }),
      false,
    );
    if (existing.ok && existing.value.hostname === domain) return platformId;
    throw new Error(
      `Appwrite already has a platform ${platformId} that is not the Web platform of ${domain} in project ${t.projectId}; delete it in the Appwrite console.`,
    );
  }
  throw explainFor(t, "POST /v1/project/platforms/web", "platforms.write", created.error, true);
}

/** Deletes the rule if it still serves this site; gone already is fine. */
async function deleteRuleIfOurs(t: SiteTarget, ruleId: string, siteId: string): Promise<void> {
  if (!ruleId) return;
  const s = services(t);
  const live = await attempt(t, `GET /v1/proxy/rules/${ruleId}`, () => s.proxy.getRule({ ruleId }), false);
  if (!live.ok) {
    if (isAppwriteException(live.error) && live.error.code === 404) return;
    throw explainFor(t, `GET /v1/proxy/rules/${ruleId}`, "rules.read", live.error);
  }
  if (live.value.deploymentResourceId !== siteId) return;
  const deleted = await attempt(
    t,
    `DELETE /v1/proxy/rules/${ruleId}`,
    () => s.proxy.deleteRule({ ruleId }),
    true,
  );
  if (!deleted.ok && !(isAppwriteException(deleted.error) && deleted.error.code === 404)) {
    throw explainFor(t, `DELETE /v1/proxy/rules/${ruleId}`, "rules.write", deleted.error, true);
  }
}

/** Deletes the platform if it still holds this hostname; gone already is fine. */
async function deletePlatformIfOurs(t: SiteTarget, platformId: string, domain: string): Promise<void> {
  if (!platformId) return;
  const s = services(t);
  const live = await attempt(
    t,
    `GET /v1/project/platforms/${platformId}`,
    () => s.project.getPlatform({ platformId }),
    false,
  );
  if (!live.ok) {
    if (isAppwriteException(live.error) && live.error.code === 404) return;
    throw explainFor(t, `GET /v1/project/platforms/${platformId}`, "platforms.read", live.error);
  }
  if (live.value.hostname !== domain) return;
  const deleted = await attempt(
    t,
    `DELETE /v1/project/platforms/${platformId}`,
    () => s.project.deletePlatform({ platformId }),
    true,
  );
  if (!deleted.ok && !(isAppwriteException(deleted.error) && deleted.error.code === 404)) {
    throw explainFor(t, `DELETE /v1/project/platforms/${platformId}`, "platforms.write", deleted.error, true);
  }
}

async function deleteSite(t: SiteTarget, siteId: string): Promise<void> {
  const s = services(t);
  const deleted = await attempt(t, `DELETE /v1/sites/${siteId}`, () => s.sites.delete({ siteId }), true);
  if (!deleted.ok && !(isAppwriteException(deleted.error) && deleted.error.code === 404)) {
    throw explainFor(t, `DELETE /v1/sites/${siteId}`, "sites.write", deleted.error, true);
  }
}

function outputsOf(i: SiteDeploymentInputs): SiteDeploymentOutputs {
  const domain = siteDomain(i);
  return {
    ...i,
    endpoint: normalizeEndpoint(i.endpoint),
    adoptExisting: i.adoptExisting === true,
    domain,
    siteUrl: `https://${domain}`,
    deploymentId: "",
    deployedHash: "",
    activeDeploymentId: "",
    ruleId: "",
    platformId: "",
    siteCreated: false,
  };
}

export class SiteDeploymentProvider implements pulumi.dynamic.ResourceProvider<
  SiteDeploymentInputs,
  SiteDeploymentOutputs
> {
  async check(
    _olds: SiteDeploymentInputs,
    news: SiteDeploymentInputs,
  ): Promise<pulumi.dynamic.CheckResult<SiteDeploymentInputs>> {
    const inputs = normalizeSiteInputs(news);
    const failures = validateSiteInputs(inputs);
    return failures.length > 0 ? { failures } : { inputs };
  }

  async diff(
    _id: string,
    olds: SiteDeploymentOutputs,
    news: SiteDeploymentInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffSiteDeployment(olds, news);
  }

  async create(inputs: SiteDeploymentInputs): Promise<pulumi.dynamic.CreateResult<SiteDeploymentOutputs>> {
    const t = target(inputs);
    const outs = outputsOf(inputs);
    let siteCreated = false;
    try {
      siteCreated = await ensureSite(t, inputs);
      const deployed = await deploy(t, inputs);
      outs.ruleId = await ensureRule(t, inputs.siteId, outs.domain);
      outs.platformId = await ensurePlatform(t, platformIdFor(inputs.projectId, outs.domain), outs.domain);
      Object.assign(outs, deployed, { deployedHash: inputs.contentHash, siteCreated });
      return { id: `${inputs.projectId}/${inputs.siteId}`, outs };
    } catch (err) {
      // Create never leaves an orphan: undo what this attempt made, or say what is left.
      const leftovers: string[] = [];
      const undo = async (what: string, fn: () => Promise<void>) => {
        try {
          await fn();
        } catch {
          leftovers.push(what);
        }
      };
      await undo(`Web platform ${outs.platformId}`, () =>
        deletePlatformIfOurs(t, outs.platformId, outs.domain),
      );
      await undo(`site rule ${outs.ruleId} (${outs.domain})`, () =>
        deleteRuleIfOurs(t, outs.ruleId, inputs.siteId),
      );
      if (siteCreated) await undo(`site ${inputs.siteId}`, () => deleteSite(t, inputs.siteId));
      const note =
        leftovers.length > 0
          ? `\nCould not remove what this attempt created: ${leftovers.join(", ")}; delete it in the Appwrite console.`
          : "";
      throw new Error(`${(err as Error).message}${note}`);
    }
  }

  async update(
    _id: string,
    olds: SiteDeploymentOutputs,
    news: SiteDeploymentInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SiteDeploymentOutputs>> {
    const t = target(news);
    const outs: SiteDeploymentOutputs = {
      ...outputsOf(news),
      deploymentId: olds.deploymentId,
      deployedHash: olds.deployedHash,
      activeDeploymentId: olds.activeDeploymentId,
      ruleId: olds.ruleId,
      platformId: olds.platformId,
      siteCreated: olds.siteCreated,
    };
    if (news.siteName !== olds.siteName) {
      const s = services(t);
      await call(
        t,
        `PUT /v1/sites/${news.siteId}`,
        "sites.write",
        () =>
          s.sites.update({
            siteId: news.siteId,
            name: news.siteName,
            ...STATIC_SITE,
            enabled: true,
            logging: true,
          }),
        { mutating: true },
      );
    }
    if (
      news.contentHash !== olds.deployedHash ||
      !olds.deploymentId ||
      olds.activeDeploymentId !== olds.deploymentId
    ) {
      Object.assign(outs, await deploy(t, news), { deployedHash: news.contentHash });
    }
    // Make-before-break: the new hostname's rule and platform exist before the old ones go.
    if (outs.domain !== olds.domain || !olds.ruleId) {
      outs.ruleId = await ensureRule(t, news.siteId, outs.domain);
      if (olds.ruleId && olds.domain !== outs.domain) await deleteRuleIfOurs(t, olds.ruleId, olds.siteId);
    }
    const platformId = platformIdFor(news.projectId, outs.domain);
    if (platformId !== olds.platformId) {
      outs.platformId = await ensurePlatform(t, platformId, outs.domain);
      if (olds.platformId && olds.domain !== outs.domain)
        await deletePlatformIfOurs(t, olds.platformId, olds.domain);
    }
    return { outs };
  }

  async read(
    id: string,
    props?: SiteDeploymentOutputs,
  ): Promise<pulumi.dynamic.ReadResult<SiteDeploymentOutputs>> {
    // import and .get() pass no state: there is nothing to read with (pulumi/pulumi#16175).
    if (!props) throw new Error("SiteDeployment cannot be imported; create it with adoptExisting instead");
    const t = target(props);
    const s = services(t);
    const site = await attempt(
      t,
      `GET /v1/sites/${props.siteId}`,
      () => s.sites.get({ siteId: props.siteId }),
      false,
    );
    if (!site.ok) {
      if (isType(site.error, "site_not_found") || isType(site.error, "project_not_found"))
        return { id: "", props: undefined };
      throw explainFor(t, `GET /v1/sites/${props.siteId}`, "sites.read", site.error);
    }
    const live = { ...props, activeDeploymentId: String(site.value.deploymentId ?? "") };
    if (props.ruleId) {
      const rule = await attempt(
        t,
        `GET /v1/proxy/rules/${props.ruleId}`,
        () => s.proxy.getRule({ ruleId: props.ruleId }),
        false,
      );
      if (!rule.ok && !(isAppwriteException(rule.error) && rule.error.code === 404)) {
        throw explainFor(t, `GET /v1/proxy/rules/${props.ruleId}`, "rules.read", rule.error);
      }
      if (!rule.ok || rule.value.deploymentResourceId !== props.siteId || rule.value.domain !== props.domain)
        live.ruleId = "";
    }
    if (props.platformId) {
      const platform = await attempt(
        t,
        `GET /v1/project/platforms/${props.platformId}`,
        () => s.project.getPlatform({ platformId: props.platformId }),
        false,
      );
      if (!platform.ok && !(isAppwriteException(platform.error) && platform.error.code === 404)) {
        throw explainFor(
          t,
          `GET /v1/project/platforms/${props.platformId}`,
          "platforms.read",
          platform.error,
        );
      }
      if (!platform.ok || platform.value.hostname !== props.domain) live.platformId = "";
    }
    return { id, props: live };
  }

  async delete(_id: string, props: SiteDeploymentOutputs): Promise<void> {
    const t = target(props);
    await deletePlatformIfOurs(t, props.platformId, props.domain);
    await deleteRuleIfOurs(t, props.ruleId, props.siteId);
    // An adopted site was there before the stack; it stays (only this stack's rule and platform go).
    if (props.siteCreated) await deleteSite(t, props.siteId);
  }
}

export interface SiteDeploymentArgs {
  /** Appwrite API root, e.g. https://fra.cloud.appwrite.io/v1. */
  endpoint: pulumi.Input<string>;
  /** The Appwrite project the site belongs to. */
  projectId: pulumi.Input<string>;
  /** Project API key (secret) with sites.read/write, rules.read/write and platforms.read/write. */
  apiKey: pulumi.Input<string>;
  /** Appwrite site ID. */
  siteId: pulumi.Input<string>;
  /** Display name in the Appwrite console. */
  siteName: pulumi.Input<string>;
  /** The instance's Sites domain (_APP_DOMAIN_SITES). */
  sitesDomain: pulumi.Input<string>;
  /** The label under sitesDomain of the stable URL. */
  subdomain: pulumi.Input<string>;
  /** Absolute path of the built site. */
  distDir: pulumi.Input<string>;
  /** Identity of the build in distDir; a new value uploads a new deployment. */
  contentHash: pulumi.Input<string>;
  /** Deploy into an existing site with this ID instead of failing; default false. */
  adoptExisting?: pulumi.Input<boolean>;
  /** How long to wait for a deployment to be ready; default 600. */
  buildTimeoutSeconds?: pulumi.Input<number>;
  /** Pause between deployment status reads; default 2000. */
  pollIntervalMs?: pulumi.Input<number>;
  /** Per-call timeout in milliseconds; default 30000. */
  requestTimeoutMs?: pulumi.Input<number>;
}

export class SiteDeployment extends pulumi.dynamic.Resource {
  declare readonly siteId: pulumi.Output<string>;
  declare readonly domain: pulumi.Output<string>;
  declare readonly siteUrl: pulumi.Output<string>;
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly deployedHash: pulumi.Output<string>;
  declare readonly activeDeploymentId: pulumi.Output<string>;
  declare readonly ruleId: pulumi.Output<string>;
  declare readonly platformId: pulumi.Output<string>;
  declare readonly siteCreated: pulumi.Output<boolean>;

  constructor(name: string, args: SiteDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new SiteDeploymentProvider(),
      name,
      {
        adoptExisting: false,
        ...args,
        domain: undefined,
        siteUrl: undefined,
        deploymentId: undefined,
        deployedHash: undefined,
        activeDeploymentId: undefined,
        ruleId: undefined,
        platformId: undefined,
        siteCreated: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey"], deleteBeforeReplace: true }),
      "appwrite",
      "SiteDeployment",
    );
  }
}
