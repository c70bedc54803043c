// AppwriteProject: a stack's own Appwrite project (typically a pr-* stack's), created with an organization API key
// on up and deleted on destroy, plus the project API key the rest of the chain uses (the OAuth2 scopes of the
// server's version, and the Sites scopes for the demo site). Delete only removes the project this resource created.
//
// Authentication (appwrite/appwrite 1.9.6: app/init/resources/request.php 'project', 'team', 'apiKey';
// src/Appwrite/Auth/Key.php; app/controllers/shared/api.php): an organization key (`organization_…`) is sent as
// X-Appwrite-Key with X-Appwrite-Organization: <organization id>. On /v1/organization/projects the project is
// `console` and the organization comes from that header; on /v1/project/keys the project is the new one
// (X-Appwrite-Project) and its own organization must hold the key. Either way the key's own scopes are checked:
// projects.read/projects.write for the organization routes, keys.read/keys.write for the key routes.
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config";
import { sha256Hex } from "../hash";
import {
  AppwriteCallContext,
  AppwriteTimeoutError,
  compareVersions,
  explainAppwriteError,
  isAppwriteException,
  MIN_APPWRITE_VERSION,
  oauth2ScopesFor,
  parseVersion,
  redact,
  withTimeout,
} from "./errors";
import { getServerVersion } from "./oidc-provider";
import { appwriteRedirectUri, endpointProblem, normalizeEndpoint } from "./redirect-uri";
import { SITE_SCOPES } from "./site-deployment";

/** The value Pulumi passes for inputs that are not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const DEFAULT_TIMEOUT_MS = 30_000;

/** The id of the project API key this resource creates in its project. */
export const PROJECT_KEY_ID = "pocket-id-appwrite";

/** What the organization API key needs: projects.* for the project, keys.* for its API key. */
export const ORGANIZATION_KEY_SCOPES = ["projects.read", "projects.write", "keys.read", "keys.write"];

/** Utopia/Database/Validator/ProjectId.php @1.9.6: a-z, 0-9 and hyphen, no leading hyphen, at most 36. */
const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,35}$/;

/** An Appwrite UID (organization ids are team ids): a-z, A-Z, 0-9, period, hyphen, underscore; at most 36. */
const UID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;

export interface AppwriteProjectInputs {
  /** Appwrite API root, ending in /v1. */
  endpoint: string;
  /** The organization (team) the project is created in. */
  organizationId: string;
  /** Organization API key (`organization_…`) with projects.read/write and keys.read/write. */
  organizationApiKey: string;
  /** The project id to create (appwriteProjectIdFor): a-z, 0-9, hyphen, at most 36. */
  projectId: string;
  /** Project name, also the name of its API key. */
  name: string;
  /** Project key scopes besides the OAuth2 read/write scopes of the server's version, which are always added. */
  scopes: string[];
  /** Per-call timeout in milliseconds; default 30 s. */
  requestTimeoutMs?: number;
}

export interface AppwriteProjectOutputs extends AppwriteProjectInputs {
  /** The project API key's secret (`standard_…`). */
  apiKey: string;
  /** The project API key's id; "" when refresh found it deleted (the next update creates it again). */
  keyId: string;
  /** The scopes the project API key holds. */
  keyScopes: string[];
  /** Appwrite's version (GET /v1/health/version), which decides the OAuth2 scope names. */
  serverVersion: string;
  /** `$createdAt` of the project this resource created: with the id, what delete checks before deleting. */
  createdAt: string;
}

/** The Project model fields this resource reads (node-appwrite Models.Project). */
interface LiveProject {
  $id: string;
  $createdAt?: string;
  name?: string;
  teamId?: string;
}

/** The methods of node-appwrite 27.1.0's Organization service this resource uses. */
interface OrganizationLike {
  createProject(params: { projectId: string; name: string }): Promise<LiveProject>;
  getProject(params: { projectId: string }): Promise<LiveProject>;
  updateProject(params: { projectId: string; name: string }): Promise<LiveProject>;
  deleteProject(params: { projectId: string }): Promise<unknown>;
}

/** The key methods of node-appwrite 27.1.0's Project service this resource uses. */
interface ProjectKeysLike {
  createKey(params: { keyId: string; name: string; scopes: string[] }): Promise<Record<string, unknown>>;
  getKey(params: { keyId: string }): Promise<Record<string, unknown>>;
  updateKey(params: { keyId: string; name: string; scopes: string[] }): Promise<Record<string, unknown>>;
  deleteKey(params: { keyId: string }): Promise<unknown>;
}

const isKnown = (v: unknown): boolean => v !== UNKNOWN;

/**
 * The deterministic id of a stack's own project: `pia-<stack>-<hash>`, sanitized to Appwrite's project id rules
 * (a-z, 0-9, hyphen; at most 36). Project ids are unique in the whole Appwrite instance (on Appwrite Cloud: across
 * all its users), so a short hash of the Pulumi project, organization and stack keeps `pr-1` of one organization
 * apart from `pr-1` of another.
 */
export function appwriteProjectIdFor(
  stackName: string,
  organizationId: string,
  pulumiProject = "pocket-id-appwrite",
): string {
  const hash = sha256Hex(`${pulumiProject}/${organizationId}/${stackName}`).slice(0, 6);
  const slug = stackName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 36 - "pia-".length - hash.length - 1)
    .replace(/-+$/, "");
  return slug ? `pia-${slug}-${hash}` : `pia-${hash}`;
}

/** The name of a stack's own project (and of its API key). */
export function appwriteProjectNameFor(stackName: string): string {
  return `pocket-id-appwrite ${stackName}`.slice(0, 128);
}

/** The project key's scopes: the OAuth2 read/write scopes of this server version, then the extra ones. */
export function projectKeyScopes(version: string, extra: string[] = []): string[] {
  const oauth2 = oauth2ScopesFor(version);
  return [...new Set([oauth2.read, oauth2.write, ...extra])];
}

function sameScopes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const sa = [...new Set(a ?? [])].sort();
  const sb = [...new Set(b ?? [])].sort();
  return sa.length === sb.length && sa.every((s, i) => s === sb[i]);
}

/** Inputs with defaults applied and the endpoint without trailing slashes. */
export function normalizeProjectInputs(news: AppwriteProjectInputs): AppwriteProjectInputs {
  return {
    ...news,
    endpoint:
      isKnown(news.endpoint) && typeof news.endpoint === "string"
        ? normalizeEndpoint(news.endpoint)
        : news.endpoint,
    scopes: news.scopes ?? [],
  };
}

/** Input problems, as check() failures. Unknown (preview) values are not judged; nothing is called. */
export function validateProjectInputs(news: AppwriteProjectInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  if (isKnown(news.endpoint)) {
    const problem = endpointProblem(String(news.endpoint));
    if (problem) failures.push({ property: "endpoint", reason: problem });
  }
  if (isKnown(news.organizationId) && !UID_PATTERN.test(String(news.organizationId ?? ""))) {
    failures.push({
      property: "organizationId",
      reason: `"${news.organizationId}" is not an Appwrite organization ID (1-36 of a-z, A-Z, 0-9, period, hyphen, underscore); copy it from the Appwrite console (Organization → Settings)`,
    });
  }
  if (isKnown(news.organizationApiKey)) {
    const key = String(news.organizationApiKey ?? "");
    if (!key) {
      failures.push({
        property: "organizationApiKey",
        reason: "an Appwrite organization API key is required",
      });
    } else if (!key.startsWith("organization_")) {
      // Appwrite reads the key type from the prefix before "_" (Auth/Key.php): anything else is not looked up
      // in the organization. Only the prefix is named, never the key.
      const prefix = /^([a-z]+)_/.exec(key)?.[1];
      failures.push({
        property: "organizationApiKey",
        reason:
          `the key is ${prefix ? `a "${prefix}_" key` : "not an Appwrite key"}, not an organization API key (those start with "organization_"). ` +
          `Create one in the Appwrite console (Organization → Settings → API keys) with the scopes ${ORGANIZATION_KEY_SCOPES.join(", ")}`,
      });
    }
  }
  if (isKnown(news.projectId)) {
    const id = String(news.projectId ?? "");
    if (!PROJECT_ID_PATTERN.test(id) || id === "console") {
      failures.push({
        property: "projectId",
        reason: `"${id}" is not an id Appwrite accepts for a new project (1-36 of a-z, 0-9 and hyphen, not starting with a hyphen, not "console")`,
      });
    }
  }
  if (
    isKnown(news.name) &&
    (typeof news.name !== "string" || news.name.length === 0 || news.name.length > 128)
  ) {
    failures.push({ property: "name", reason: "the project name must have 1 to 128 characters" });
  }
  if (
    isKnown(news.scopes) &&
    (!Array.isArray(news.scopes) || news.scopes.some((s) => isKnown(s) && typeof s !== "string"))
  ) {
    failures.push({ property: "scopes", reason: "scopes must be a list of Appwrite project key scopes" });
  }
  return failures;
}

/**
 * Diff rules: another endpoint, organization or project id is another project (delete-before-replace: the id is
 * fixed); a name, scope or key change is an update; a key found deleted by refresh is re-created by an update.
 */
export function diffAppwriteProject(
  olds: Partial<AppwriteProjectOutputs>,
  news: AppwriteProjectInputs,
): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (
    !isKnown(news.endpoint) ||
    typeof olds.endpoint !== "string" ||
    normalizeEndpoint(olds.endpoint) !== normalizeEndpoint(String(news.endpoint))
  ) {
    replaces.push("endpoint");
  }
  for (const key of ["organizationId", "projectId"] as const) {
    if (!isKnown(news[key]) || olds[key] !== news[key]) replaces.push(key);
  }
  const changed: string[] = [];
  for (const key of ["name", "organizationApiKey", "requestTimeoutMs"] as const) {
    if (!isKnown(news[key]) || olds[key] !== news[key]) changed.push(key);
  }
  const scopesKnown = isKnown(news.scopes) && Array.isArray(news.scopes) && news.scopes.every(isKnown);
  // The scope names the key must hold on the version last seen (refresh records an upgrade).
  const needed = projectKeyScopes(olds.serverVersion ?? "", scopesKnown ? news.scopes : []);
  if (
    !scopesKnown ||
    !sameScopes(olds.scopes, news.scopes) ||
    !needed.every((s) => (olds.keyScopes ?? []).includes(s))
  ) {
    changed.push("scopes");
  }
  if (!olds.keyId) changed.push("keyId");
  return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
}

/**
 * True when the live project is the one this resource created: same id, same organization, and the `$createdAt`
 * recorded at creation (a project deleted and created again under the same id by anyone else has another one);
 * when the server gave no `$createdAt`, the name this resource gave it.
 */
export function isProjectThisStackCreated(
  live: LiveProject,
  recorded: Pick<AppwriteProjectOutputs, "projectId" | "organizationId" | "createdAt" | "name">,
): boolean {
  if (live.$id !== recorded.projectId) return false;
  if (live.teamId && live.teamId !== recorded.organizationId) return false;
  if (recorded.createdAt && live.$createdAt) return live.$createdAt === recorded.createdAt;
  return live.name === recorded.name;
}

/** Where and how to reach the organization. */
interface OrganizationTarget {
  endpoint: string;
  organizationId: string;
  organizationApiKey: string;
  projectId: string;
  timeoutMs: number;
  secrets: string[];
}

function target(i: AppwriteProjectInputs | AppwriteProjectOutputs): OrganizationTarget {
  const apiKey = (i as AppwriteProjectOutputs).apiKey;
  return {
    endpoint: normalizeEndpoint(i.endpoint),
    organizationId: i.organizationId,
    organizationApiKey: i.organizationApiKey,
    projectId: i.projectId,
    timeoutMs: i.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    secrets: [i.organizationApiKey, apiKey].filter((s): s is string => typeof s === "string" && s.length > 0),
  };
}

/** The Organization service with the organization key: project `console`, X-Appwrite-Organization set. Built per call. */
function organizationService(t: OrganizationTarget): OrganizationLike {
  const sdk = require("node-appwrite");
  const client = new sdk.Client().setEndpoint(t.endpoint).setProject("console").setKey(t.organizationApiKey);
  client.addHeader("X-Appwrite-Organization", t.organizationId);
  return new sdk.Organization(client) as OrganizationLike;
}

/** The Project service of the new project, called with the organization key (its organization holds the key). */
function projectKeysService(t: OrganizationTarget): ProjectKeysLike {
  const sdk = require("node-appwrite");
  const client = new sdk.Client()
    .setEndpoint(t.endpoint)
    .setProject(t.projectId)
    .setKey(t.organizationApiKey);
  client.addHeader("X-Appwrite-Organization", t.organizationId);
  return new sdk.Project(client) as ProjectKeysLike;
}

/** What the translation needs to know about an organization call that failed. */
export interface OrganizationCallContext {
  operation: string;
  endpoint: string;
  organizationId: string;
  projectId: string;
  /** The scope of the organization key this call needs. */
  scope: string;
  serverVersion?: string;
  redact?: string[];
  mutating?: boolean;
}

/** True for an answer that says the organization's plan allows no more projects (Cloud's type is UNVERIFIED). */
function isQuotaError(err: { code: number; type: string; message: string }): boolean {
  if (err.type === "general_rate_limit_exceeded") return false;
  return (
    err.code === 402 ||
    /limit|quota|plan|billing/i.test(err.type) ||
    /maximum number of projects|project limit|upgrade/i.test(err.message ?? "")
  );
}

/**
 * Turns a failed organization or project-key call into a sentence that says what to fix: the organization id,
 * the organization key or its scopes, a taken project id, the organization's project limit. Secrets never appear.
 */
export function explainOrganizationError(err: unknown, ctx: OrganizationCallContext): Error {
  return new Error(redact(organizationSentence(err, ctx), ctx.redact));
}

function organizationSentence(err: unknown, ctx: OrganizationCallContext): string {
  const where = `Appwrite ${ctx.operation} at ${ctx.endpoint} (organization ${ctx.organizationId}, project ${ctx.projectId})`;
  const keyScopes = ORGANIZATION_KEY_SCOPES.join(", ");
  if (err instanceof AppwriteTimeoutError && ctx.operation.startsWith("POST /v1/organization/projects")) {
    return (
      `${where} gave no answer within ${err.ms} ms. The project may or may not have been created; run pulumi up again, ` +
      `and if it then reports that project ${ctx.projectId} already exists, delete that project in the Appwrite console first.`
    );
  }
  if (!isAppwriteException(err)) {
    return explainAppwriteError(err, toProjectContext(ctx)).message;
  }
  const status = `${err.code}${err.type ? ` ${err.type}` : ""}`;
  switch (err.type) {
    case "general_unauthorized_scope": {
      if (/role: guests/.test(err.message)) {
        return (
          `${where} returned ${status}: Appwrite treated the request as a guest, so appwriteOrganizationApiKey is not an API key of ` +
          `organization "${ctx.organizationId}". Check appwriteOrganizationId (the organization ID from Organization → Settings in the ` +
          `Appwrite console, not its name), and that appwriteOrganizationApiKey is an organization API key of that organization ` +
          `(it starts with "organization_"; not deleted, not expired, not another organization's) with the scopes ${keyScopes}.`
        );
      }
      const named = /missing scopes \((\[.*?\])\)/.exec(err.message)?.[1];
      let scopes = [ctx.scope];
      try {
        if (named) scopes = (JSON.parse(named) as string[]).filter((s) => typeof s === "string");
      } catch {
        scopes = [ctx.scope];
      }
      return (
        `${where} returned ${status}: the organization API key lacks the scope ${scopes.map((s) => `"${s}"`).join(", ")}. ` +
        `Give appwriteOrganizationApiKey the scopes ${keyScopes} (Appwrite console → Organization → Settings → API keys), or set a key that has them.`
      );
    }
    case "organization_id_missing":
      return (
        `${where} returned ${status}: the organization API key belongs to another organization than appwriteOrganizationId "${ctx.organizationId}". ` +
        `Set appwriteOrganizationId to the ID of the organization that holds the key (and the project).`
      );
    case "team_not_found":
      return `${where} returned ${status}: Appwrite has no organization "${ctx.organizationId}". Check appwriteOrganizationId (Organization → Settings in the Appwrite console).`;
    case "project_already_exists":
      return (
        `${where} returned ${status}: a project with the ID "${ctx.projectId}" already exists (project IDs are unique in the whole Appwrite instance), ` +
        `and it is not the one in this stack's state. If it is left over from an interrupted pulumi up of this stack, delete it ` +
        `(Appwrite console → project ${ctx.projectId} → Settings → Delete project) and run pulumi up again; this stack never takes over a project it did not create.`
      );
    case "project_reserved_project":
      return `${where} returned ${status}: "${ctx.projectId}" is reserved. Use another stack name.`;
    case "project_region_unsupported":
      return `${where} returned ${status}: ${err.message}. The organization cannot create projects in that region.`;
    case "general_route_not_found":
      return (
        `${where} returned ${status}: this server has no organization API. Appwrite older than ${MIN_APPWRITE_VERSION} cannot create projects ` +
        `with an organization key (upgrade it), or appwriteEndpoint is not the API root (it must end in /v1).`
      );
    case "key_already_exists":
      return `${where} returned ${status}: project ${ctx.projectId} already has an API key with the ID "${PROJECT_KEY_ID}". Run pulumi refresh, then pulumi up.`;
    case "general_argument_invalid":
      if (/`scopes`/.test(err.message)) {
        return (
          `${where} returned ${status}: Appwrite${ctx.serverVersion ? ` ${ctx.serverVersion}` : ""} does not know one of the project key scopes ` +
          `(${err.message.slice(0, 200)}). The scopes must be ones this server version has.`
        );
      }
      return `${where} returned ${status}: ${err.message}`;
    default:
      if (isQuotaError(err)) {
        return (
          `${where} returned ${status}: organization "${ctx.organizationId}" cannot hold another project (${err.message}). ` +
          `Delete projects it no longer needs (leftover pr-* projects are removed by destroying their stacks or by the scheduled sweep), ` +
          `raise the plan's project limit, or remove appwriteOrganizationId so this stack runs without Appwrite wiring.`
        );
      }
      return explainAppwriteError(err, toProjectContext(ctx)).message;
  }
}

function toProjectContext(ctx: OrganizationCallContext): AppwriteCallContext {
  return {
    operation: ctx.operation,
    endpoint: ctx.endpoint,
    projectId: ctx.projectId,
    serverVersion: ctx.serverVersion,
    scope: ctx.scope,
    redact: ctx.redact,
    mutating: ctx.mutating,
  };
}

function context(
  t: OrganizationTarget,
  operation: string,
  scope: string,
  serverVersion?: string,
  mutating = false,
): OrganizationCallContext {
  return {
    operation,
    endpoint: t.endpoint,
    organizationId: t.organizationId,
    projectId: t.projectId,
    scope,
    serverVersion,
    redact: t.secrets,
    mutating,
  };
}

/** The server's version, refused below 1.9.5 (no organization routes, no PATCH /v1/project/oauth2/oidc). */
async function supportedVersion(t: OrganizationTarget): Promise<string> {
  const version = await getServerVersion(t.endpoint, t.timeoutMs, t.projectId);
  if (!parseVersion(version) || compareVersions(version, MIN_APPWRITE_VERSION) < 0) {
    throw new Error(
      `Appwrite at ${t.endpoint} reports version ${version || "unknown"}, which cannot create a project with an organization API key ` +
        `and configure its OIDC provider (both exist from ${MIN_APPWRITE_VERSION}). Upgrade Appwrite, or configure an existing project ` +
        `(appwriteProjectId + appwriteApiKey, not on pr-* stacks), or remove appwriteOrganizationId.`,
    );
  }
  return version;
}

const is404 = (err: unknown, type: string): boolean =>
  isAppwriteException(err) && err.code === 404 && err.type === type;

/** GET /v1/organization/projects/:id; undefined when Appwrite has no such project in the organization. */
async function getLiveProject(t: OrganizationTarget): Promise<LiveProject | undefined> {
  const operation = `GET /v1/organization/projects/${t.projectId}`;
  try {
    return await withTimeout(
      organizationService(t).getProject({ projectId: t.projectId }),
      t.timeoutMs,
      operation,
    );
  } catch (err) {
    if (is404(err, "project_not_found")) return undefined;
    throw explainOrganizationError(err, context(t, operation, "projects.read"));
  }
}

/** POST /v1/project/keys in the new project. */
async function createProjectKey(
  t: OrganizationTarget,
  name: string,
  scopes: string[],
  version: string,
): Promise<{ apiKey: string; keyId: string; keyScopes: string[] }> {
  const operation = "POST /v1/project/keys";
  let key: Record<string, unknown>;
  try {
    key = await withTimeout(
      projectKeysService(t).createKey({ keyId: PROJECT_KEY_ID, name, scopes }),
      t.timeoutMs,
      operation,
    );
  } catch (err) {
    throw explainOrganizationError(err, context(t, operation, "keys.write", version, true));
  }
  const secret = typeof key.secret === "string" ? key.secret : "";
  if (!secret) {
    throw new Error(
      `Appwrite ${operation} at ${t.endpoint} (project ${t.projectId}) answered without the key's secret; run pulumi up again.`,
    );
  }
  return {
    apiKey: secret,
    keyId: typeof key.$id === "string" ? key.$id : PROJECT_KEY_ID,
    keyScopes: Array.isArray(key.scopes) ? (key.scopes as string[]) : scopes,
  };
}

/** DELETE /v1/organization/projects/:id; a 404 means it is already gone. */
async function deleteLiveProject(t: OrganizationTarget): Promise<void> {
  const operation = `DELETE /v1/organization/projects/${t.projectId}`;
  try {
    await withTimeout(
      organizationService(t).deleteProject({ projectId: t.projectId }),
      t.timeoutMs,
      operation,
    );
  } catch (err) {
    if (is404(err, "project_not_found")) return;
    throw explainOrganizationError(err, context(t, operation, "projects.write", undefined, true));
  }
}

export class AppwriteProjectProvider implements pulumi.dynamic.ResourceProvider<
  AppwriteProjectInputs,
  AppwriteProjectOutputs
> {
  async check(
    _olds: AppwriteProjectInputs,
    news: AppwriteProjectInputs,
  ): Promise<pulumi.dynamic.CheckResult<AppwriteProjectInputs>> {
    const inputs = normalizeProjectInputs(news);
    const failures = validateProjectInputs(inputs);
    return failures.length > 0 ? { failures } : { inputs };
  }

  async diff(
    _id: string,
    olds: AppwriteProjectOutputs,
    news: AppwriteProjectInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffAppwriteProject(olds, news);
  }

  async create(inputs: AppwriteProjectInputs): Promise<{ id: string; outs: AppwriteProjectOutputs }> {
    const t = target(inputs);
    const version = await supportedVersion(t);
    const scopes = projectKeyScopes(version, inputs.scopes ?? []);
    const operation = "POST /v1/organization/projects";
    let project: LiveProject;
    try {
      project = await withTimeout(
        organizationService(t).createProject({ projectId: inputs.projectId, name: inputs.name }),
        t.timeoutMs,
        operation,
      );
    } catch (err) {
      throw explainOrganizationError(err, context(t, operation, "projects.write", version, true));
    }
    let key: { apiKey: string; keyId: string; keyScopes: string[] };
    try {
      key = await createProjectKey(t, inputs.name, scopes, version);
    } catch (err) {
      // Never leave an orphan: the project was created a moment ago by this call, so it is ours to remove.
      let cleanup: string;
      try {
        await deleteLiveProject(t);
        cleanup = `The project ${inputs.projectId} created a moment before was deleted again, so nothing is left behind.`;
      } catch (cleanupErr) {
        cleanup =
          `Deleting the project ${inputs.projectId} created a moment before failed too (${(cleanupErr as Error).message}); ` +
          `delete it in the Appwrite console before running pulumi up again.`;
      }
      throw new Error(`${(err as Error).message} ${cleanup}`);
    }
    return {
      id: inputs.projectId,
      outs: {
        endpoint: t.endpoint,
        organizationId: inputs.organizationId,
        organizationApiKey: inputs.organizationApiKey,
        projectId: inputs.projectId,
        name: inputs.name,
        scopes: inputs.scopes ?? [],
        ...(inputs.requestTimeoutMs !== undefined ? { requestTimeoutMs: inputs.requestTimeoutMs } : {}),
        ...key,
        serverVersion: version,
        createdAt: typeof project.$createdAt === "string" ? project.$createdAt : "",
      },
    };
  }

  async read(
    id: string,
    props?: AppwriteProjectOutputs,
  ): Promise<pulumi.dynamic.ReadResult<AppwriteProjectOutputs>> {
    // import and .get() pass no state: there is no organization key to read with (pulumi/pulumi#16175).
    if (!props) throw new Error("AppwriteProject cannot be imported; the stack creates its own project");
    const t = target(props);
    const live = await getLiveProject(t);
    // Gone, or the id now names a project this resource did not create: ours is gone either way.
    if (!live || !isProjectThisStackCreated(live, props)) return { id: "", props: undefined };
    const version = await getServerVersion(t.endpoint, t.timeoutMs, t.projectId);
    let keyId = props.keyId;
    let keyScopes = props.keyScopes;
    if (keyId) {
      const operation = `GET /v1/project/keys/${keyId}`;
      try {
        const key = await withTimeout(projectKeysService(t).getKey({ keyId }), t.timeoutMs, operation);
        if (Array.isArray(key.scopes)) keyScopes = key.scopes as string[];
      } catch (err) {
        if (is404(err, "key_not_found")) keyId = "";
        // Without keys.read the key cannot be checked; what state says stands.
        else if (!(isAppwriteException(err) && err.type === "general_unauthorized_scope")) {
          throw explainOrganizationError(err, context(t, operation, "keys.read", version));
        }
      }
    }
    return {
      id,
      props: {
        ...props,
        name: typeof live.name === "string" ? live.name : props.name,
        serverVersion: version,
        keyId,
        keyScopes,
      },
    };
  }

  async update(
    _id: string,
    olds: AppwriteProjectOutputs,
    news: AppwriteProjectInputs,
  ): Promise<{ outs: AppwriteProjectOutputs }> {
    const t = target({ ...news, apiKey: olds.apiKey } as AppwriteProjectOutputs);
    const version = await supportedVersion(t);
    const scopes = projectKeyScopes(version, news.scopes ?? []);
    const live = await getLiveProject(t);
    if (!live || !isProjectThisStackCreated(live, olds)) {
      throw new Error(
        `Appwrite project ${news.projectId} in organization ${news.organizationId} is no longer the project this stack created ` +
          `(deleted outside Pulumi, or created again by someone else). Run pulumi refresh, then pulumi up to create it again.`,
      );
    }
    if (live.name !== news.name) {
      const operation = `PATCH /v1/organization/projects/${news.projectId}`;
      try {
        await withTimeout(
          organizationService(t).updateProject({ projectId: news.projectId, name: news.name }),
          t.timeoutMs,
          operation,
        );
      } catch (err) {
        throw explainOrganizationError(err, context(t, operation, "projects.write", version, true));
      }
    }
    let key = { apiKey: olds.apiKey, keyId: olds.keyId, keyScopes: olds.keyScopes };
    if (!key.keyId) {
      key = await createProjectKey(t, news.name, scopes, version);
    } else if (!sameScopes(key.keyScopes, scopes) || olds.name !== news.name) {
      const operation = `PUT /v1/project/keys/${key.keyId}`;
      try {
        const updated = await withTimeout(
          projectKeysService(t).updateKey({ keyId: key.keyId, name: news.name, scopes }),
          t.timeoutMs,
          operation,
        );
        key.keyScopes = Array.isArray(updated.scopes) ? (updated.scopes as string[]) : scopes;
      } catch (err) {
        throw explainOrganizationError(err, context(t, operation, "keys.write", version, true));
      }
    }
    return {
      outs: {
        endpoint: t.endpoint,
        organizationId: news.organizationId,
        organizationApiKey: news.organizationApiKey,
        projectId: news.projectId,
        name: news.name,
        scopes: news.scopes ?? [],
        ...(news.requestTimeoutMs !== undefined ? { requestTimeoutMs: news.requestTimeoutMs } : {}),
        ...key,
        serverVersion: version,
        createdAt: olds.createdAt,
      },
    };
  }

  async delete(_id: string, props: AppwriteProjectOutputs): Promise<void> {
    const t = target(props);
    const live = await getLiveProject(t);
    // Already gone, or the id now names a project this resource did not create: never delete that one.
    if (!live || !isProjectThisStackCreated(live, props)) return;
    await deleteLiveProject(t);
  }
}

export interface AppwriteProjectArgs {
  /** Appwrite API root, e.g. https://fra.cloud.appwrite.io/v1. */
  endpoint: pulumi.Input<string>;
  /** The organization to create the project in. */
  organizationId: pulumi.Input<string>;
  /** Organization API key (secret) with projects.read, projects.write, keys.read, keys.write. */
  organizationApiKey: pulumi.Input<string>;
  /** The id of the project to create (appwriteProjectIdFor). */
  projectId: pulumi.Input<string>;
  /** Project name (appwriteProjectNameFor). */
  name: pulumi.Input<string>;
  /** Project key scopes besides the OAuth2 ones of the server's version (e.g. SITE_SCOPES); default none. */
  scopes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Per-call timeout in milliseconds; default 30000. */
  requestTimeoutMs?: pulumi.Input<number>;
}

export class AppwriteProject extends pulumi.dynamic.Resource {
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly organizationId: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The project API key (secret). */
  declare readonly apiKey: pulumi.Output<string>;
  declare readonly keyId: pulumi.Output<string>;
  declare readonly keyScopes: pulumi.Output<string[]>;
  declare readonly serverVersion: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: AppwriteProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new AppwriteProjectProvider(),
      name,
      {
        scopes: [],
        ...args,
        apiKey: undefined,
        keyId: undefined,
        keyScopes: undefined,
        serverVersion: undefined,
        createdAt: undefined,
      },
      pulumi.mergeOptions(opts, {
        additionalSecretOutputs: ["apiKey", "organizationApiKey"],
        deleteBeforeReplace: true,
      }),
      "appwrite",
      "Project",
    );
  }
}

/** The Appwrite project the chain configures, whichever way the stack gets it. */
export interface AppwriteTargetResult {
  projectId: pulumi.Output<string>;
  /** Project API key (secret). */
  apiKey: pulumi.Output<string>;
  /** The redirect URI Appwrite sends for `oidc` in that project. */
  redirectUri: pulumi.Output<string> | undefined;
  /** The Appwrite client's callback URLs: the redirect URI first, then the configured ones (deduplicated). */
  callbackUrls: pulumi.Input<string[]>;
  /** The project this stack created, when it created one. */
  project?: AppwriteProject;
}

/**
 * The Appwrite project of this stack: the configured one (appwriteProjectId + appwriteApiKey), or, with an
 * organization (appwriteOrganizationId + appwriteOrganizationApiKey) and no appwriteProjectId, an AppwriteProject
 * created for the stack, whose key has the OAuth2 scopes (plus the Sites scopes when demoSite is on).
 * Undefined when Appwrite is not configured.
 */
export function appwriteTarget(
  config: Pick<StackConfig, "appwrite" | "demoSite" | "callbackUrls" | "protectData">,
  stackName: string,
  parent?: pulumi.Resource,
): AppwriteTargetResult | undefined {
  const appwrite = config.appwrite;
  if (!appwrite) return undefined;
  if (appwrite.projectId || !appwrite.organization) {
    return {
      projectId: pulumi.output(appwrite.projectId),
      apiKey: pulumi.output(appwrite.apiKey!),
      redirectUri: appwrite.redirectUri === undefined ? undefined : pulumi.output(appwrite.redirectUri),
      callbackUrls: config.callbackUrls,
    };
  }
  const project = new AppwriteProject(
    "appwrite-project",
    {
      endpoint: appwrite.endpoint,
      organizationId: appwrite.organization.id,
      organizationApiKey: appwrite.organization.apiKey,
      projectId: appwriteProjectIdFor(stackName, appwrite.organization.id, pulumi.getProject()),
      name: appwriteProjectNameFor(stackName),
      scopes: config.demoSite ? SITE_SCOPES : [],
    },
    { parent, protect: config.protectData },
  );
  const endpoint = appwrite.endpoint;
  const redirectUri = project.projectId.apply((id) => appwriteRedirectUri(endpoint, id));
  const configured = config.callbackUrls;
  return {
    projectId: project.projectId,
    // additionalSecretOutputs marks it in the engine; wrapping keeps it secret wherever the output flows.
    apiKey: pulumi.secret(project.apiKey),
    redirectUri,
    callbackUrls: redirectUri.apply((uri) => [...new Set([uri, ...configured])]),
    project,
  };
}
