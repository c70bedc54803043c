// AppwriteOidcProvider: Appwrite's one `oidc` OAuth2 slot of a project, pointed at Pocket ID through
// node-appwrite's Project.updateOAuth2Oidc (Appwrite >= 1.9.5). A singleton: replaced delete-before-create,
// and its delete only disables the slot while Appwrite still holds this stack's client id.
import * as pulumi from "@pulumi/pulumi";
import { sha256Hex } from "../hash";
import { describeUrl, send } from "../http";
import {
  AppwriteCallContext,
  explainAppwriteError,
  isAppwriteException,
  oauth2ScopesFor,
  unsupportedVersionMessage,
  withTimeout,
} from "./errors";
import { appwriteRedirectUri, endpointProblem, normalizeEndpoint } from "./redirect-uri";

/** The value Pulumi passes for inputs that are not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const DEFAULT_TIMEOUT_MS = 30_000;

export interface AppwriteOidcProviderInputs {
  /** Appwrite API root, ending in /v1. */
  endpoint: string;
  projectId: string;
  /** Project API key with the OAuth2 read/write scopes of the server's version. */
  apiKey: string;
  /** Pocket ID client id. */
  clientId: string;
  /** Pocket ID client secret; write-only in Appwrite, tracked here by its hash. */
  clientSecret: string;
  /** The discovery document URL Appwrite fetches at login. */
  wellKnownUrl: string;
  /** Take over a slot enabled with another client id instead of failing. */
  adoptExisting: boolean;
  /** Per-call timeout in milliseconds; default 30 s. */
  requestTimeoutMs?: number;
}

export interface AppwriteOidcProviderOutputs extends Omit<AppwriteOidcProviderInputs, "clientSecret"> {
  /** Live: whether Appwrite's OIDC provider is on. */
  enabled: boolean;
  /** sha256 of the client secret Appwrite accepted (what the secret pruner waits for); "" when Appwrite holds none of ours. */
  acceptedSecretHash: string;
  /** Appwrite's version (GET /v1/health/version). */
  serverVersion: string;
  /** The client id this stack last wrote; delete only disables the slot while Appwrite still holds it. */
  managedClientId: string;
  /** The client id that held the slot when it was adopted with adoptExisting, or "". */
  adoptedClientId: string;
}

/** Appwrite's OIDC settings as GET/PATCH /v1/project/oauth2/oidc return them (the secret is always ""). */
export interface LiveOidcConfig {
  enabled: boolean;
  clientId: string;
  wellKnownUrl: string;
  authorizationUrl: string;
  tokenUrl: string;
  userInfoUrl: string;
  /** Appwrite answered 400 project_provider_unsupported: disabled, and the other fields are not known. */
  detailsHidden?: boolean;
}

/** The parameters of Project.updateOAuth2Oidc in node-appwrite 27.1.0. */
export interface UpdateOAuth2OidcParams {
  clientId?: string;
  clientSecret?: string;
  wellKnownURL?: string;
  authorizationURL?: string;
  tokenURL?: string;
  userInfoURL?: string;
  enabled?: boolean;
}

const isKnown = (v: unknown): boolean => v !== UNKNOWN;

/** Inputs with defaults applied and the endpoint without trailing slashes. */
export function normalizeOidcProviderInputs(news: AppwriteOidcProviderInputs): AppwriteOidcProviderInputs {
  return {
    ...news,
    endpoint:
      isKnown(news.endpoint) && typeof news.endpoint === "string"
        ? normalizeEndpoint(news.endpoint)
        : news.endpoint,
    adoptExisting: isKnown(news.adoptExisting) ? news.adoptExisting === true : news.adoptExisting,
  };
}

const EMPTY_SECRET_REASON =
  "the client secret is empty. Appwrite 1.9.6 would accept it and enable OIDC, and every login would then fail at Pocket ID " +
  "with invalid_client; pass the secret of the Pocket ID client (OidcClientSecret.clientSecret)";

/** Input problems, as check() failures. Unknown (preview) values are not judged. */
export function validateOidcProviderInputs(
  news: AppwriteOidcProviderInputs,
): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  if (isKnown(news.endpoint)) {
    const problem = endpointProblem(String(news.endpoint));
    if (problem) failures.push({ property: "endpoint", reason: problem });
  }
  if (isKnown(news.projectId) && !/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/.test(String(news.projectId ?? ""))) {
    failures.push({
      property: "projectId",
      reason: `"${news.projectId}" is not an Appwrite project ID (1-36 of a-z, A-Z, 0-9, period, hyphen, underscore)`,
    });
  }
  if (isKnown(news.apiKey) && !news.apiKey) {
    failures.push({ property: "apiKey", reason: "an Appwrite project API key is required" });
  }
  if (isKnown(news.clientId) && (!news.clientId || String(news.clientId).length > 256)) {
    failures.push({ property: "clientId", reason: "the OIDC client id must have 1 to 256 characters" });
  }
  if (isKnown(news.clientSecret)) {
    if (!news.clientSecret) failures.push({ property: "clientSecret", reason: EMPTY_SECRET_REASON });
    else if (String(news.clientSecret).length > 512)
      failures.push({
        property: "clientSecret",
        reason: "Appwrite stores at most 512 characters of client secret",
      });
  }
  if (isKnown(news.wellKnownUrl)) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(String(news.wellKnownUrl)).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      failures.push({
        property: "wellKnownUrl",
        reason: `"${news.wellKnownUrl}" is not an http(s) URL of an OpenID configuration document`,
      });
    }
  }
  return failures;
}

/** Diff rules: a new endpoint or project is another slot (delete-before-replace); the rest is an update. */
export function diffOidcProvider(
  olds: Partial<AppwriteOidcProviderOutputs>,
  news: AppwriteOidcProviderInputs,
): pulumi.dynamic.DiffResult {
  const sameEndpoint = (a: unknown, b: unknown) =>
    typeof a === "string" && typeof b === "string" && normalizeEndpoint(a) === normalizeEndpoint(b);
  const replaces: string[] = [];
  if (!isKnown(news.endpoint) || !sameEndpoint(olds.endpoint, news.endpoint)) replaces.push("endpoint");
  if (!isKnown(news.projectId) || olds.projectId !== news.projectId) replaces.push("projectId");
  const changed: string[] = [];
  if (
    !isKnown(news.clientSecret) ||
    !olds.acceptedSecretHash ||
    sha256Hex(String(news.clientSecret)) !== olds.acceptedSecretHash
  ) {
    changed.push("clientSecret");
  }
  for (const key of ["clientId", "wellKnownUrl", "apiKey", "requestTimeoutMs"] as const) {
    if (!isKnown(news[key]) || olds[key] !== news[key]) changed.push(key);
  }
  if (!isKnown(news.adoptExisting) || (olds.adoptExisting === true) !== (news.adoptExisting === true)) {
    changed.push("adoptExisting");
  }
  // Disabled behind the stack's back (seen by refresh): the next up enables it again.
  if (olds.enabled !== true) changed.push("enabled");
  return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: true };
}

/**
 * Why writing would take over a slot that is not this stack's, or undefined when it may write. The slot is
 * free when disabled, ours when it holds our client id (new or previously written).
 */
export function ownershipConflict(
  live: LiveOidcConfig,
  desired: { clientId: string; projectId: string; adoptExisting: boolean },
  managedClientId?: string,
): string | undefined {
  if (
    !live.enabled ||
    !live.clientId ||
    live.clientId === desired.clientId ||
    live.clientId === managedClientId
  )
    return undefined;
  if (desired.adoptExisting) return undefined;
  return (
    `Appwrite project ${desired.projectId} already has OpenID Connect enabled with client id "${live.clientId}", not this stack's "${desired.clientId}". ` +
    `Another stack or a manual setup uses it, and a project has only one OIDC slot. To replace it with this stack's client, set the config key ` +
    `adoptExisting (pulumi config set pocket-id-appwrite:adoptExisting true); or disable OIDC in the Appwrite console first.`
  );
}

/**
 * The one write this resource makes. `enabled: true` always explicit (an omitted flag enables silently, or fails
 * silently); the explicit endpoints are cleared so the well-known document is the only source (on 1.9.5/1.9.6 an
 * explicit userInfoURL is ignored by the adapter anyway, and stale explicit URLs would override discovery).
 */
export function enableRequest(
  i: Pick<AppwriteOidcProviderInputs, "clientId" | "clientSecret" | "wellKnownUrl">,
): UpdateOAuth2OidcParams {
  if (!i.clientSecret) throw new Error(`Refusing to configure Appwrite OIDC: ${EMPTY_SECRET_REASON}`);
  return {
    clientId: i.clientId,
    clientSecret: i.clientSecret,
    wellKnownURL: i.wellKnownUrl,
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
    enabled: true,
  };
}

/** Delete: off, and every credential cleared ("" clears, an omitted field would be kept). */
export function disableRequest(): UpdateOAuth2OidcParams {
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

/** Where and how to reach one Appwrite project. */
interface AppwriteTarget {
  endpoint: string;
  projectId: string;
  apiKey: string;
  timeoutMs: number;
  secrets: string[];
}

function target(i: AppwriteOidcProviderInputs | AppwriteOidcProviderOutputs): AppwriteTarget {
  const secret = (i as AppwriteOidcProviderInputs).clientSecret;
  return {
    endpoint: normalizeEndpoint(i.endpoint),
    projectId: i.projectId,
    apiKey: i.apiKey,
    timeoutMs: i.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    secrets: [i.apiKey, secret].filter((s): s is string => typeof s === "string" && s.length > 0),
  };
}

/** GET /v1/health/version (public; node-appwrite 27 has no Health service). */
export async function getServerVersion(
  endpoint: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  projectId = "-",
): Promise<string> {
  const url = `${normalizeEndpoint(endpoint)}/health/version`;
  let res;
  try {
    res = await send({ method: "GET", url, timeoutMs, retries: 2 });
  } catch (err) {
    throw explainAppwriteError(err, { operation: "GET /v1/health/version", endpoint, projectId });
  }
  const version = (res.json as { version?: unknown } | undefined)?.version;
  if (res.status !== 200 || typeof version !== "string") {
    throw new Error(
      `GET ${describeUrl(url)} answered ${res.status}${typeof version === "string" ? "" : " without an Appwrite version"}: ` +
        `${endpoint} does not look like an Appwrite API root. appwriteEndpoint must be Appwrite's public API URL ending in /v1 (e.g. https://fra.cloud.appwrite.io/v1).`,
    );
  }
  return version;
}

/** A node-appwrite Project service for this target; built per call so nothing is captured by the closure. */
function projectService(t: AppwriteTarget): { project: ProjectLike } {
  const sdk = require("node-appwrite");
  const client = new sdk.Client().setEndpoint(t.endpoint).setProject(t.projectId).setKey(t.apiKey);
  return { project: new sdk.Project(client) as ProjectLike };
}

/** The two methods of node-appwrite 27.1.0's Project service this resource uses. */
interface ProjectLike {
  getOAuth2Provider(params: { providerId: string }): Promise<Record<string, unknown>>;
  updateOAuth2Oidc(params: UpdateOAuth2OidcParams): Promise<Record<string, unknown>>;
}

function toLive(model: Record<string, unknown>): LiveOidcConfig {
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    enabled: model.enabled === true,
    clientId: s(model.clientId),
    wellKnownUrl: s(model.wellKnownURL),
    authorizationUrl: s(model.authorizationURL),
    tokenUrl: s(model.tokenURL),
    userInfoUrl: s(model.userInfoURL),
  };
}

function context(
  t: AppwriteTarget,
  operation: string,
  version: string,
  scope: string,
  mutating = false,
): AppwriteCallContext {
  return {
    operation,
    endpoint: t.endpoint,
    projectId: t.projectId,
    serverVersion: version,
    scope,
    redact: t.secrets,
    mutating,
  };
}

/**
 * The live OIDC settings, or undefined when the project does not exist. `400 project_provider_unsupported`
 * (a provider the server reports as disabled) reads as a disabled slot.
 */
export async function readOidcConfig(
  t: AppwriteTarget,
  version: string,
): Promise<LiveOidcConfig | undefined> {
  const scope = oauth2ScopesFor(version).read;
  try {
    const model = await withTimeout(
      projectService(t).project.getOAuth2Provider({ providerId: "oidc" }),
      t.timeoutMs,
      "GET /v1/project/oauth2/oidc",
    );
    return toLive(model);
  } catch (err) {
    if (isAppwriteException(err) && err.type === "project_provider_unsupported") {
      return {
        enabled: false,
        clientId: "",
        wellKnownUrl: "",
        authorizationUrl: "",
        tokenUrl: "",
        userInfoUrl: "",
        detailsHidden: true,
      };
    }
    if (isAppwriteException(err) && err.code === 404 && err.type === "project_not_found") return undefined;
    throw explainAppwriteError(err, context(t, "GET /v1/project/oauth2/oidc", version, scope));
  }
}

/** PATCH /v1/project/oauth2/oidc; resolves with what Appwrite stored. Never retried (not idempotent in effect). */
export async function writeOidcConfig(
  t: AppwriteTarget,
  version: string,
  params: UpdateOAuth2OidcParams,
): Promise<LiveOidcConfig> {
  const scope = oauth2ScopesFor(version).write;
  try {
    const model = await withTimeout(
      projectService(t).project.updateOAuth2Oidc(params),
      t.timeoutMs,
      "PATCH /v1/project/oauth2/oidc",
    );
    return toLive(model);
  } catch (err) {
    throw explainAppwriteError(err, context(t, "PATCH /v1/project/oauth2/oidc", version, scope, true));
  }
}

async function supportedVersion(
  t: AppwriteTarget,
  manual: { clientId: string; wellKnownUrl: string },
): Promise<string> {
  const version = await getServerVersion(t.endpoint, t.timeoutMs, t.projectId);
  const refusal = unsupportedVersionMessage(version, {
    endpoint: t.endpoint,
    projectId: t.projectId,
    clientId: manual.clientId,
    wellKnownUrl: manual.wellKnownUrl,
    redirectUri: appwriteRedirectUri(t.endpoint, t.projectId),
  });
  if (refusal) throw new Error(refusal);
  return version;
}

/** Version gate, ownership check, the write, and the outputs; acceptedSecretHash only after Appwrite said yes. */
async function configure(
  inputs: AppwriteOidcProviderInputs,
  olds?: AppwriteOidcProviderOutputs,
): Promise<AppwriteOidcProviderOutputs> {
  const request = enableRequest(inputs);
  const t = target(inputs);
  const version = await supportedVersion(t, inputs);
  const live = await readOidcConfig(t, version);
  if (!live) {
    throw new Error(
      `Appwrite at ${t.endpoint} has no project "${t.projectId}" (404 project_not_found). Check appwriteProjectId (the project ID, not its name).`,
    );
  }
  const conflict = ownershipConflict(live, inputs, olds?.managedClientId);
  if (conflict) throw new Error(conflict);
  const stored = await writeOidcConfig(t, version, request);
  if (!stored.enabled || stored.clientId !== inputs.clientId) {
    throw new Error(
      `Appwrite ${t.endpoint} (project ${t.projectId}) answered the OIDC update with enabled=${stored.enabled}, clientId "${stored.clientId}" ` +
        `instead of enabled=true, clientId "${inputs.clientId}"; the previous client secret is kept. Run pulumi up again.`,
    );
  }
  const takenOver =
    live.enabled &&
    live.clientId !== "" &&
    live.clientId !== inputs.clientId &&
    live.clientId !== olds?.managedClientId;
  return {
    endpoint: t.endpoint,
    projectId: inputs.projectId,
    apiKey: inputs.apiKey,
    clientId: inputs.clientId,
    wellKnownUrl: inputs.wellKnownUrl,
    adoptExisting: inputs.adoptExisting === true,
    ...(inputs.requestTimeoutMs !== undefined ? { requestTimeoutMs: inputs.requestTimeoutMs } : {}),
    enabled: stored.enabled,
    acceptedSecretHash: sha256Hex(inputs.clientSecret),
    serverVersion: version,
    managedClientId: inputs.clientId,
    adoptedClientId: takenOver ? live.clientId : (olds?.adoptedClientId ?? ""),
  };
}

export class AppwriteOidcProviderProvider implements pulumi.dynamic.ResourceProvider<
  AppwriteOidcProviderInputs,
  AppwriteOidcProviderOutputs
> {
  async check(
    _olds: AppwriteOidcProviderInputs,
    news: AppwriteOidcProviderInputs,
  ): Promise<pulumi.dynamic.CheckResult<AppwriteOidcProviderInputs>> {
    const inputs = normalizeOidcProviderInputs(news);
    const failures = validateOidcProviderInputs(inputs);
    return failures.length > 0 ? { failures } : { inputs };
  }

  async diff(
    _id: string,
    olds: AppwriteOidcProviderOutputs,
    news: AppwriteOidcProviderInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffOidcProvider(olds, news);
  }

  async create(
    inputs: AppwriteOidcProviderInputs,
  ): Promise<{ id: string; outs: AppwriteOidcProviderOutputs }> {
    const outs = await configure(inputs);
    return { id: `${outs.projectId}/oidc`, outs };
  }

  async update(
    _id: string,
    olds: AppwriteOidcProviderOutputs,
    news: AppwriteOidcProviderInputs,
  ): Promise<{ outs: AppwriteOidcProviderOutputs }> {
    return { outs: await configure(news, olds) };
  }

  async read(
    id: string,
    props?: AppwriteOidcProviderOutputs,
  ): Promise<pulumi.dynamic.ReadResult<AppwriteOidcProviderOutputs>> {
    // import and .get() pass no state: there is no key to read with (pulumi/pulumi#16175).
    if (!props)
      throw new Error("AppwriteOidcProvider cannot be imported; create it with adoptExisting instead");
    const t = target(props);
    const version = await supportedVersion(t, props);
    const live = await readOidcConfig(t, version);
    if (!live) return { id: "", props: undefined };
    if (live.detailsHidden) return { id, props: { ...props, enabled: false, serverVersion: version } };
    // The secret is write-only: Appwrite still holds ours only while it holds our client id.
    const holdsOurs = live.clientId === (props.managedClientId ?? props.clientId);
    return {
      id,
      props: {
        ...props,
        enabled: live.enabled,
        clientId: live.clientId,
        wellKnownUrl: live.wellKnownUrl,
        serverVersion: version,
        acceptedSecretHash: holdsOurs ? props.acceptedSecretHash : "",
      },
    };
  }

  async delete(_id: string, props: AppwriteOidcProviderOutputs): Promise<void> {
    const t = target(props);
    const version = await supportedVersion(t, props);
    const live = await readOidcConfig(t, version);
    // Gone with its project, or now held by someone else: not ours to switch off. A provider the server
    // reports as unsupported is already off.
    if (!live || live.detailsHidden || live.clientId !== (props.managedClientId ?? props.clientId)) return;
    await writeOidcConfig(t, version, disableRequest());
  }
}

export interface AppwriteOidcProviderArgs {
  /** Appwrite API root, e.g. https://fra.cloud.appwrite.io/v1. */
  endpoint: pulumi.Input<string>;
  /** The Appwrite project whose OIDC provider is configured. */
  projectId: pulumi.Input<string>;
  /** Project API key (secret) with oauth2.read/oauth2.write (1.9.5, 1.9.6) or project.oauth2.read/write (later). */
  apiKey: pulumi.Input<string>;
  /** Pocket ID client id. */
  clientId: pulumi.Input<string>;
  /** Pocket ID client secret (secret). */
  clientSecret: pulumi.Input<string>;
  /** Discovery document URL that Appwrite itself can reach. */
  wellKnownUrl: pulumi.Input<string>;
  /** Take over an OIDC configuration enabled with another client id; default false. */
  adoptExisting?: pulumi.Input<boolean>;
  /** Per-call timeout in milliseconds; default 30000. */
  requestTimeoutMs?: pulumi.Input<number>;
}

export class AppwriteOidcProvider extends pulumi.dynamic.Resource {
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly clientId: pulumi.Output<string>;
  declare readonly wellKnownUrl: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly acceptedSecretHash: pulumi.Output<string>;
  declare readonly serverVersion: pulumi.Output<string>;
  declare readonly managedClientId: pulumi.Output<string>;
  declare readonly adoptedClientId: pulumi.Output<string>;

  constructor(name: string, args: AppwriteOidcProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new AppwriteOidcProviderProvider(),
      name,
      {
        adoptExisting: false,
        ...args,
        enabled: undefined,
        acceptedSecretHash: undefined,
        serverVersion: undefined,
        managedClientId: undefined,
        adoptedClientId: undefined,
      },
      pulumi.mergeOptions(opts, {
        additionalSecretOutputs: ["apiKey", "clientSecret"],
        deleteBeforeReplace: true,
      }),
      "appwrite",
      "OidcProvider",
    );
  }
}
