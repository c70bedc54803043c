// The stack configuration contract (design §4): typed, defaulted and validated in one place, so
// every bad value fails at `pulumi preview` with the key, the problem and the fix.
import * as pulumi from "@pulumi/pulumi";
import { appwriteRedirectUri, normalizeEndpoint } from "./appwrite/redirect-uri";

export const PROJECT = "pocket-id-appwrite";

export type Platform = "docker" | "railway" | "external";
export type VerifyMode = "fail" | "warn" | "off";

/** Another app sharing the same Pocket ID, with its own client and secret. */
export interface ExtraClientConfig {
  id: string;
  name: string;
  callbackUrls: string[];
  allowedGroups: string[];
}

/** Appwrite wiring; absent when `appwriteEndpoint` is unset. */
export interface AppwriteConfig {
  endpoint: string;
  /** The project to configure, or "" when the stack creates its own (organization key). */
  projectId: string;
  apiKey?: pulumi.Output<string>;
  /** What Appwrite fetches at login; undefined means Pocket ID's discovery URL. */
  wellKnownUrl?: string;
  /** Set when the stack creates (and on destroy deletes) its own Appwrite project. */
  organization?: { id: string; apiKey: pulumi.Output<string> };
  /** Exact redirect URI Appwrite sends (known when projectId is). */
  redirectUri?: string;
}

/** Validated stack configuration. Secrets are Pulumi secrets from the moment they are read. */
export interface StackConfig {
  stackName: string;
  platform: Platform;
  pocketIdImage: string;
  /** Explicit public URL (APP_URL); undefined means the platform decides (docker: localhost, railway: its domain). */
  pocketIdUrl?: string;
  pocketIdApiKey?: pulumi.Output<string>;
  encryptionKey?: pulumi.Output<string>;
  dockerHostPort: number;
  railwayToken?: pulumi.Output<string>;
  railwayWorkspaceId?: string;
  railwayProjectId?: string;
  adminEmail?: string;
  adminUsername?: string;
  adminLoginTtl: string;
  adminLoginRotation: string;
  appwrite?: AppwriteConfig;
  appwriteSitesDomain?: string;
  oidcClientId: string;
  oidcClientName: string;
  /** The Appwrite redirect URI (when known) followed by `extraCallbackUrls`. */
  callbackUrls: string[];
  allowedGroups: string[];
  extraClients: ExtraClientConfig[];
  clientSecretRotation: string;
  adoptExisting: boolean;
  allowUrlChange: boolean;
  protectData: boolean;
  demoSite: boolean;
  verify: VerifyMode;
  readinessTimeoutSeconds: number;
  /** Things that are allowed but probably not what the user wants; logged at preview. */
  warnings: string[];
}

/** A bad config value. The message names the key, says what is wrong and how to fix it. */
export class ConfigError extends Error {
  constructor(
    public readonly key: string,
    problem: string,
    fix: string,
  ) {
    super(`${PROJECT}:${key} ${problem}. ${fix}`);
    this.name = "ConfigError";
  }
}

/** Raw configuration as Pulumi hands it over: every value a string (arrays and objects as JSON). */
export interface RawConfig {
  values: Record<string, string | undefined>;
  /** Keys whose values were set with `--secret`. */
  secretKeys: Set<string>;
  /** Environment variables consulted for fallbacks (RAILWAY_API_TOKEN, RAILWAY_TOKEN). */
  env: Record<string, string | undefined>;
}

export const SECRET_KEYS = [
  "pocketIdApiKey",
  "encryptionKey",
  "railwayToken",
  "appwriteApiKey",
  "appwriteOrganizationApiKey",
] as const;

export const DEFAULT_IMAGE = "ghcr.io/pocket-id/pocket-id:v2.14.0";
const CLIENT_ID_PATTERN = /^[a-zA-Z0-9._-]{2,128}$/;
const USERNAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9_.@-]*[a-zA-Z0-9])?$/;
const APPWRITE_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_LOGIN_TTL_SECONDS = 31 * 24 * 3600;

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Reads the raw values the Pulumi engine passes to the program. */
export function readRawConfig(): RawConfig {
  const config = new pulumi.Config(PROJECT);
  const keys = [
    ...SECRET_KEYS,
    "platform",
    "pocketIdImage",
    "pocketIdUrl",
    "dockerHostPort",
    "railwayWorkspaceId",
    "railwayProjectId",
    "adminEmail",
    "adminUsername",
    "adminLoginTtl",
    "adminLoginRotation",
    "appwriteEndpoint",
    "appwriteProjectId",
    "appwriteWellKnownUrl",
    "appwriteOrganizationId",
    "appwriteSitesDomain",
    "oidcClientId",
    "oidcClientName",
    "extraCallbackUrls",
    "allowedGroups",
    "extraClients",
    "clientSecretRotation",
    "adoptExisting",
    "allowUrlChange",
    "protectData",
    "demoSite",
    "verify",
    "readinessTimeoutSeconds",
  ];
  const values: Record<string, string | undefined> = {};
  const secretKeys = new Set<string>();
  // isConfigSecret is not in the SDK's typings, but it is how the SDK itself knows `--secret` values.
  const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as {
    isConfigSecret(k: string): boolean;
  };
  for (const key of keys) {
    // Secrets are read as plain text only to validate them; validateConfig wraps them at once.
    values[key] = config.get(key);
    if (isConfigSecret(`${PROJECT}:${key}`)) secretKeys.add(key);
  }
  return {
    values,
    secretKeys,
    env: { RAILWAY_API_TOKEN: process.env.RAILWAY_API_TOKEN, RAILWAY_TOKEN: process.env.RAILWAY_TOKEN },
  };
}

/** Reads and validates the stack's configuration; throws ConfigError on the first bad value. */
export function loadConfig(): StackConfig {
  return validateConfig(readRawConfig(), pulumi.getStack());
}

// ---------- value parsers: each names its key ----------

function text(raw: RawConfig, key: string): string | undefined {
  const v = raw.values[key];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function oneOf<T extends string>(raw: RawConfig, key: string, allowed: readonly T[], fallback: T): T {
  const v = text(raw, key) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(
      key,
      `is "${v}", which is not one of ${allowed.join(" | ")}`,
      `Set it to one of ${allowed.join(", ")}.`,
    );
  }
  return v as T;
}

function bool(raw: RawConfig, key: string, fallback: boolean): boolean {
  const v = text(raw, key);
  if (v === undefined) return fallback;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new ConfigError(
    key,
    `is "${v}", not a boolean`,
    `Set it to true or false: pulumi config set ${key} true`,
  );
}

function integer(raw: RawConfig, key: string, fallback: number, min: number, max: number): number {
  const v = text(raw, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      key,
      `is "${v}", not an integer from ${min} to ${max}`,
      `Set a whole number in that range.`,
    );
  }
  return n;
}

function stringList(raw: RawConfig, key: string): string[] {
  const v = text(raw, key);
  if (v === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new ConfigError(
      key,
      `is not a list`,
      `Set it as a list, e.g. pulumi config set --path '${key}[0]' value`,
    );
  }
  if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== "string")) {
    throw new ConfigError(
      key,
      `must be a list of strings`,
      `Set it as a list, e.g. pulumi config set --path '${key}[0]' value`,
    );
  }
  return parsed.map((s: string) => s.trim());
}

function secret(raw: RawConfig, key: string): pulumi.Output<string> | undefined {
  const v = raw.values[key];
  if (v === undefined || v === "") return undefined;
  if (!raw.secretKeys.has(key)) {
    throw new ConfigError(
      key,
      "is stored in plaintext in the stack's config file",
      `Set it as a secret: pulumi config set --secret ${key} <value>`,
    );
  }
  return pulumi.secret(v);
}

function secretText(raw: RawConfig, key: string): string | undefined {
  const v = raw.values[key];
  return v === undefined || v === "" ? undefined : v;
}

/** Validates a public base URL: scheme and host only, lower case, https unless loopback. */
export function validateBaseUrl(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      key,
      `is "${value}", which is not a URL`,
      `Use a URL such as https://id.example.com.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(
      key,
      `uses the scheme "${url.protocol}"`,
      `Use https:// (or http:// for localhost).`,
    );
  }
  if (value !== value.toLowerCase()) {
    throw new ConfigError(
      key,
      `"${value}" has upper-case letters; Pocket ID lower-cases APP_URL, so the issuer would not match`,
      `Use "${value.toLowerCase()}".`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      key,
      `"${value}" has credentials, a query or a fragment`,
      `Use only scheme://host[:port].`,
    );
  }
  if (value.endsWith("/")) {
    throw new ConfigError(
      key,
      `"${value}" ends with a slash; Pocket ID strips it, so the issuer would not match`,
      `Use "${value.replace(/\/+$/, "")}".`,
    );
  }
  if (url.pathname !== "/") {
    throw new ConfigError(
      key,
      `"${value}" has a path (${url.pathname}); Pocket ID must be served at the root of its host`,
      `Use "${url.origin}".`,
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      key,
      `"${value}" uses http:// for a host that is not loopback; passkeys need a secure context`,
      `Use https://${url.host}, or http://localhost for local development.`,
    );
  }
  return value;
}

/** Validates a redirect URI the way Pocket ID will: a scheme, no fragment, no script URLs. */
export function validateCallbackUrl(key: string, value: string): string {
  if (value === "*") return value;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value)) {
    throw new ConfigError(
      key,
      `has "${value}", which has no scheme`,
      `Write the full URL, e.g. https://app.example.com/callback.`,
    );
  }
  const scheme = value.slice(0, value.indexOf(":")).toLowerCase();
  if (scheme === "javascript" || scheme === "data") {
    throw new ConfigError(
      key,
      `has "${value}", a ${scheme}: URL that Pocket ID rejects`,
      `Use an http(s) or app URL.`,
    );
  }
  if (value.includes("#")) {
    throw new ConfigError(
      key,
      `has "${value}", which has a fragment (#…); redirect URIs cannot have one`,
      `Remove everything from "#".`,
    );
  }
  try {
    new URL(value);
  } catch {
    throw new ConfigError(key, `has "${value}", which is not a valid URL`, `Fix the URL.`);
  }
  return value;
}

function validateClientId(key: string, value: string): string {
  if (!CLIENT_ID_PATTERN.test(value)) {
    throw new ConfigError(
      key,
      `is "${value}"; a Pocket ID client id is 2 to 128 characters of letters, digits, ".", "_" and "-"`,
      `Choose an id such as "appwrite-myproject".`,
    );
  }
  return value;
}

function validateClientName(key: string, value: string): string {
  if (value.length === 0 || value.length > 50) {
    throw new ConfigError(
      key,
      `is ${value.length} characters long; Pocket ID allows 1 to 50`,
      `Use a shorter name.`,
    );
  }
  return value;
}

function validateGroupNames(key: string, names: string[]): string[] {
  for (const name of names) {
    if (name.length < 2 || name.length > 255 || /\s/.test(name)) {
      throw new ConfigError(
        key,
        `has the group name "${name}"; a group name is 2 to 255 characters without spaces`,
        `Fix or remove it.`,
      );
    }
  }
  if (new Set(names).size !== names.length) {
    throw new ConfigError(key, `lists a group twice`, `Remove the duplicate.`);
  }
  return names;
}

/** Seconds in a Go-style duration such as "24h", "90m", "1h30m"; undefined when unreadable. */
export function parseDurationSeconds(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const re = /(\d+(?:\.\d+)?)(h|m|s)/g;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
  let total = 0;
  let consumed = "";
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * units[m[2]];
    consumed += m[0];
  }
  return consumed === value && consumed !== "" ? total : undefined;
}

function validateExtraClients(raw: RawConfig, mainClientId: string): ExtraClientConfig[] {
  const key = "extraClients";
  const v = text(raw, key);
  if (v === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new ConfigError(
      key,
      "is not a list",
      "Set it as a list of {id, name, callbackUrls, allowedGroups?} objects (see the README).",
    );
  }
  if (!Array.isArray(parsed)) {
    throw new ConfigError(
      key,
      "must be a list of {id, name, callbackUrls, allowedGroups?}",
      "See the README for an example.",
    );
  }
  const seen = new Set([mainClientId]);
  return parsed.map((item: unknown, i: number) => {
    const at = `${key}[${i}]`;
    if (typeof item !== "object" || item === null) {
      throw new ConfigError(at, "is not an object", "Give {id, name, callbackUrls, allowedGroups?}.");
    }
    const o = item as Record<string, unknown>;
    if (typeof o.id !== "string")
      throw new ConfigError(`${at}.id`, "is missing", "Give each extra client an id.");
    const id = validateClientId(`${at}.id`, o.id);
    if (seen.has(id)) {
      throw new ConfigError(
        `${at}.id`,
        `is "${id}", which another client of this stack already uses`,
        "Give each client its own id.",
      );
    }
    seen.add(id);
    const name = validateClientName(`${at}.name`, typeof o.name === "string" ? o.name : id);
    const urls = o.callbackUrls;
    if (!Array.isArray(urls) || urls.length === 0 || urls.some((u) => typeof u !== "string")) {
      throw new ConfigError(
        `${at}.callbackUrls`,
        "must be a non-empty list of URLs",
        "List the app's redirect URIs.",
      );
    }
    const groups = o.allowedGroups ?? [];
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== "string")) {
      throw new ConfigError(
        `${at}.allowedGroups`,
        "must be a list of group names",
        "List Pocket ID group names or leave it out.",
      );
    }
    return {
      id,
      name,
      callbackUrls: (urls as string[]).map((u) => validateCallbackUrl(`${at}.callbackUrls`, u)),
      allowedGroups: validateGroupNames(`${at}.allowedGroups`, groups as string[]),
    };
  });
}

function validateAppwrite(
  raw: RawConfig,
  stackName: string,
  platform: Platform,
  warnings: string[],
): AppwriteConfig | undefined {
  const endpointRaw = text(raw, "appwriteEndpoint");
  const projectId = text(raw, "appwriteProjectId") ?? "";
  const apiKey = secret(raw, "appwriteApiKey");
  const organizationId = text(raw, "appwriteOrganizationId");
  const organizationApiKey = secret(raw, "appwriteOrganizationApiKey");
  const isPrStack = /^pr-\d+$/.test(stackName);
  if (!endpointRaw) {
    for (const key of [
      "appwriteProjectId",
      "appwriteApiKey",
      "appwriteWellKnownUrl",
      "appwriteOrganizationId",
      "appwriteOrganizationApiKey",
    ]) {
      if (text(raw, key)) {
        throw new ConfigError(
          key,
          "is set but appwriteEndpoint is not",
          "Set appwriteEndpoint (e.g. https://fra.cloud.appwrite.io/v1) or remove this key.",
        );
      }
    }
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(endpointRaw);
  } catch {
    throw new ConfigError(
      "appwriteEndpoint",
      `is "${endpointRaw}", which is not a URL`,
      "Use e.g. https://fra.cloud.appwrite.io/v1.",
    );
  }
  const endpoint = normalizeEndpoint(endpointRaw);
  if (!endpoint.endsWith("/v1")) {
    throw new ConfigError(
      "appwriteEndpoint",
      `is "${endpointRaw}", which does not end with /v1`,
      `Use the API endpoint, e.g. ${url.origin}/v1.`,
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      "appwriteEndpoint",
      `is "${endpointRaw}"; only https:// (or http:// on localhost) keeps the API key private`,
      `Use https://${url.host}/v1.`,
    );
  }
  if (organizationId && !organizationApiKey) {
    throw new ConfigError(
      "appwriteOrganizationApiKey",
      "is not set but appwriteOrganizationId is",
      "Set it: pulumi config set --secret appwriteOrganizationApiKey <key>",
    );
  }
  if (organizationApiKey && !organizationId) {
    throw new ConfigError(
      "appwriteOrganizationId",
      "is not set but appwriteOrganizationApiKey is",
      "Set the organization ID (Appwrite console → Organization → Settings), or remove appwriteOrganizationApiKey.",
    );
  }
  if (organizationId && !APPWRITE_ID_PATTERN.test(organizationId)) {
    throw new ConfigError(
      "appwriteOrganizationId",
      `is "${organizationId}", which is not an Appwrite organization ID`,
      "Copy the organization ID (not its name) from the Appwrite console (Organization → Settings).",
    );
  }
  const organizationKeyText = secretText(raw, "appwriteOrganizationApiKey");
  if (organizationKeyText && !organizationKeyText.startsWith("organization_")) {
    throw new ConfigError(
      "appwriteOrganizationApiKey",
      'is not an organization API key (those start with "organization_"; a project key starts with "standard_")',
      "Create one in the Appwrite console (Organization → Settings → API keys) with the scopes projects.read, projects.write, keys.read, keys.write, and set it: pulumi config set --secret appwriteOrganizationApiKey <key>",
    );
  }
  const organization =
    organizationId && organizationApiKey ? { id: organizationId, apiKey: organizationApiKey } : undefined;
  if (isPrStack && projectId) {
    throw new ConfigError(
      "appwriteProjectId",
      organization
        ? `is "${projectId}" on the pull-request stack ${stackName}, which creates its own Appwrite project with the organization key`
        : `is "${projectId}" on the pull-request stack ${stackName}; a PR stack must never configure a project another stack uses`,
      organization
        ? "Remove appwriteProjectId (and appwriteApiKey): the stack creates its own project and deletes it on destroy."
        : "Remove appwriteProjectId and set appwriteOrganizationId + appwriteOrganizationApiKey so the stack creates its own project, or remove appwriteEndpoint for no Appwrite wiring.",
    );
  }
  if (organization && projectId) {
    warnings.push(
      `appwriteOrganizationId is set, but so is appwriteProjectId: the stack configures the existing project ${projectId} and creates none, so the organization key is not used.`,
    );
  } else if (organization && apiKey) {
    warnings.push(
      "appwriteApiKey is not used: with appwriteOrganizationId and no appwriteProjectId the stack creates its own project and its API key.",
    );
  }
  if (!organization) {
    if (!projectId) {
      throw new ConfigError(
        "appwriteProjectId",
        "is not set but appwriteEndpoint is",
        "Set the Appwrite project id (Console → Settings), or remove appwriteEndpoint.",
      );
    }
    if (!apiKey) {
      throw new ConfigError(
        "appwriteApiKey",
        "is not set but appwriteEndpoint is",
        "Create a project API key with the OAuth2 scopes (see the README) and set it: pulumi config set --secret appwriteApiKey <key>",
      );
    }
  }
  if (projectId && !APPWRITE_ID_PATTERN.test(projectId)) {
    throw new ConfigError(
      "appwriteProjectId",
      `is "${projectId}", which is not an Appwrite id`,
      "Copy the project id from the Appwrite console.",
    );
  }
  const wellKnownRaw = text(raw, "appwriteWellKnownUrl");
  if (wellKnownRaw) {
    try {
      const u = new URL(wellKnownRaw);
      if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("scheme");
    } catch {
      throw new ConfigError(
        "appwriteWellKnownUrl",
        `is "${wellKnownRaw}", which is not an http(s) URL`,
        "Use the discovery URL Appwrite can reach, ending in /.well-known/openid-configuration.",
      );
    }
  }
  if (platform === "docker" && !isLoopbackHost(url.hostname) && !text(raw, "pocketIdUrl") && !wellKnownRaw) {
    warnings.push(
      `appwriteEndpoint is ${endpoint} but Pocket ID runs in local Docker at localhost: that Appwrite cannot reach localhost, so sign-in will fail. ` +
        "Use a self-hosted Appwrite on this machine, or expose Pocket ID through a tunnel and set pocketIdUrl to its https URL.",
    );
  }
  return {
    endpoint,
    projectId,
    apiKey,
    wellKnownUrl: wellKnownRaw,
    organization,
    redirectUri: projectId ? appwriteRedirectUri(endpoint, projectId) : undefined,
  };
}

/** Validates raw values into a StackConfig. Pure apart from wrapping secrets; tests call it directly. */
export function validateConfig(raw: RawConfig, stackName: string): StackConfig {
  const warnings: string[] = [];
  const platform = oneOf(raw, "platform", ["docker", "railway", "external"] as const, "docker");
  const isPrStack = /^pr-\d+$/.test(stackName);

  const pocketIdImage = text(raw, "pocketIdImage") ?? DEFAULT_IMAGE;
  const tag = pocketIdImage.includes("@") ? "digest" : pocketIdImage.split("/").pop()!.split(":")[1];
  if (!tag || tag === "latest") {
    throw new ConfigError(
      "pocketIdImage",
      `is "${pocketIdImage}", which is not pinned to a version`,
      `Pin a release tag, e.g. ${DEFAULT_IMAGE}.`,
    );
  }

  const urlRaw = text(raw, "pocketIdUrl");
  const pocketIdUrl = urlRaw ? validateBaseUrl("pocketIdUrl", urlRaw) : undefined;
  const apiKeyText = secretText(raw, "pocketIdApiKey");
  if (apiKeyText !== undefined && apiKeyText.length < 16) {
    throw new ConfigError(
      "pocketIdApiKey",
      `is ${apiKeyText.length} characters long; Pocket ID requires at least 16`,
      "Use a longer key (32 random characters is a good choice), or leave it unset on docker/railway to have one generated.",
    );
  }
  const pocketIdApiKey = secret(raw, "pocketIdApiKey");
  const encryptionText = secretText(raw, "encryptionKey");
  if (encryptionText !== undefined && Buffer.byteLength(encryptionText, "utf8") < 16) {
    throw new ConfigError(
      "encryptionKey",
      "is shorter than 16 bytes, the minimum Pocket ID accepts",
      "Use at least 32 random characters, or leave it unset to have one generated.",
    );
  }
  const encryptionKey = secret(raw, "encryptionKey");
  const dockerHostPort = integer(raw, "dockerHostPort", 1411, 1, 65535);

  const railwayTokenRaw = secretText(raw, "railwayToken");
  const envToken = raw.env.RAILWAY_API_TOKEN || raw.env.RAILWAY_TOKEN;
  const railwayToken = railwayTokenRaw
    ? secret(raw, "railwayToken")
    : envToken
      ? pulumi.secret(envToken)
      : undefined;

  const adminEmail = text(raw, "adminEmail");
  if (adminEmail && !EMAIL_PATTERN.test(adminEmail)) {
    throw new ConfigError(
      "adminEmail",
      `is "${adminEmail}", which is not an email address`,
      "Set the first admin's email address.",
    );
  }
  let adminUsername = text(raw, "adminUsername");
  if (adminEmail && !adminUsername) {
    adminUsername = adminEmail.split("@")[0];
    if (!USERNAME_PATTERN.test(adminUsername) || adminUsername.length > 50) {
      throw new ConfigError(
        "adminUsername",
        `is not set, and the local part of adminEmail ("${adminUsername}") is not a valid Pocket ID username`,
        "Set adminUsername to letters, digits and . _ @ - (starting and ending with a letter or digit).",
      );
    }
  }
  if (adminUsername && (!USERNAME_PATTERN.test(adminUsername) || adminUsername.length > 50)) {
    throw new ConfigError(
      "adminUsername",
      `is "${adminUsername}", which is not a valid Pocket ID username`,
      "Use 1 to 50 letters, digits and . _ @ - (starting and ending with a letter or digit).",
    );
  }
  const adminLoginTtl = text(raw, "adminLoginTtl") ?? "24h";
  const ttlSeconds = parseDurationSeconds(adminLoginTtl);
  if (ttlSeconds === undefined || ttlSeconds <= 1 || ttlSeconds > MAX_LOGIN_TTL_SECONDS) {
    throw new ConfigError(
      "adminLoginTtl",
      `is "${adminLoginTtl}"; Pocket ID accepts a duration above 1s and up to 31 days (744h)`,
      'Use e.g. "24h" or "30m".',
    );
  }

  if (platform === "external") {
    if (!pocketIdUrl) {
      throw new ConfigError(
        "pocketIdUrl",
        "is required for platform external",
        "Set the URL of your Pocket ID: pulumi config set pocketIdUrl https://id.example.com",
      );
    }
    if (!pocketIdApiKey) {
      throw new ConfigError(
        "pocketIdApiKey",
        "is required for platform external",
        "Set its STATIC_API_KEY or an admin API key: pulumi config set --secret pocketIdApiKey <key>",
      );
    }
  }
  if (platform === "railway") {
    if (!railwayToken) {
      throw new ConfigError(
        "railwayToken",
        "is not set (nor RAILWAY_API_TOKEN or RAILWAY_TOKEN in the environment)",
        "Create an account or workspace token in Railway and set it: pulumi config set --secret railwayToken <token>",
      );
    }
    if (!adminEmail) {
      throw new ConfigError(
        "adminEmail",
        "is required for platform railway: a public Pocket ID with an open /setup can be claimed by anyone",
        "Set the first admin's email: pulumi config set adminEmail you@example.com",
      );
    }
    if (pocketIdUrl) {
      throw new ConfigError(
        "pocketIdUrl",
        "cannot be set for platform railway; the URL is the Railway service domain",
        "Remove pocketIdUrl (the stack outputs the URL Railway assigns).",
      );
    }
  }

  const appwrite = validateAppwrite(raw, stackName, platform, warnings);
  const appwriteProject = appwrite?.projectId || "";
  const oidcClientId = validateClientId(
    "oidcClientId",
    text(raw, "oidcClientId") ??
      (appwriteProject ? `appwrite-${appwriteProject}` : isPrStack ? `appwrite-${stackName}` : "appwrite"),
  );
  const oidcClientName = validateClientName(
    "oidcClientName",
    text(raw, "oidcClientName") ??
      (appwriteProject ? `Appwrite ${appwriteProject}` : `Appwrite ${stackName}`.slice(0, 50)),
  );
  const extraCallbackUrls = stringList(raw, "extraCallbackUrls").map((u) =>
    validateCallbackUrl("extraCallbackUrls", u),
  );
  const callbackUrls = [
    ...new Set([...(appwrite?.redirectUri ? [appwrite.redirectUri] : []), ...extraCallbackUrls]),
  ];
  if (callbackUrls.length === 0 && !appwrite?.organization) {
    throw new ConfigError(
      "extraCallbackUrls",
      "is empty and no Appwrite project is configured, so the OIDC client would have no callback URL and nobody could sign in",
      "Set appwriteEndpoint + appwriteProjectId (the Appwrite callback is added for you), or list redirect URIs in extraCallbackUrls.",
    );
  }
  const allowedGroups = validateGroupNames("allowedGroups", stringList(raw, "allowedGroups"));
  const extraClients = validateExtraClients(raw, oidcClientId);

  const clientSecretRotation = text(raw, "clientSecretRotation") ?? "1";
  const adminLoginRotation = text(raw, "adminLoginRotation") ?? "1";
  const demoSite = bool(raw, "demoSite", false);
  const appwriteSitesDomain = text(raw, "appwriteSitesDomain");
  if (demoSite && !appwrite) {
    throw new ConfigError(
      "demoSite",
      "is true but appwriteEndpoint is not set",
      "Configure Appwrite (appwriteEndpoint, appwriteProjectId, appwriteApiKey) or set demoSite false.",
    );
  }
  if (demoSite && !appwriteSitesDomain) {
    throw new ConfigError(
      "appwriteSitesDomain",
      "is required when demoSite is true",
      "Set the Sites domain of your Appwrite (e.g. appwrite.network on Appwrite Cloud).",
    );
  }

  return {
    stackName,
    platform,
    pocketIdImage,
    pocketIdUrl,
    pocketIdApiKey,
    encryptionKey,
    dockerHostPort,
    railwayToken,
    railwayWorkspaceId: text(raw, "railwayWorkspaceId"),
    railwayProjectId: text(raw, "railwayProjectId"),
    adminEmail,
    adminUsername,
    adminLoginTtl,
    adminLoginRotation,
    appwrite,
    appwriteSitesDomain,
    oidcClientId,
    oidcClientName,
    callbackUrls,
    allowedGroups,
    extraClients,
    clientSecretRotation,
    adoptExisting: bool(raw, "adoptExisting", false),
    allowUrlChange: bool(raw, "allowUrlChange", false),
    protectData: bool(raw, "protectData", !isPrStack),
    demoSite,
    verify: oneOf(raw, "verify", ["fail", "warn", "off"] as const, "fail"),
    readinessTimeoutSeconds: integer(raw, "readinessTimeoutSeconds", 600, 1, 86400),
    warnings,
  };
}
