// A PR stack's configuration, derived from the committed template (stack-templates/pr.yaml) plus
// the repository's variables and secrets, never from another stack: its own Pocket ID client id,
// protectData false, and an Appwrite project it creates itself (or no Appwrite wiring at all).
import { YamlSubsetError, get, parseBlockYaml, toJson } from "../workflow-check/block-yaml";
import { closest } from "../workflow-check/rules";
import { PrStackError } from "./errors";
import { PROJECT, parsePrNumber, stackNameFor } from "./names";

/** A config value as `pulumi config set-all --json` takes it: text, or a list/map (object value). */
export type ConfigText = string | unknown[] | { [key: string]: unknown };

export interface ConfigValue {
  value: ConfigText;
  secret: boolean;
}

/** Bare key (no `pocket-id-appwrite:` prefix) → value. */
export type StackConfigMap = Record<string, ConfigValue>;

export interface PrStackTemplate {
  /** Where the template came from, for error messages. */
  source: string;
  /** Bare key → value; a template holds no secrets. */
  values: Record<string, ConfigText>;
}

/** Environment variables a PR stack's config is taken from (GitHub repository variables and secrets). */
export const ENV_CONFIG = [
  { env: "APPWRITE_ENDPOINT", key: "appwriteEndpoint", secret: false },
  { env: "APPWRITE_ORGANIZATION_ID", key: "appwriteOrganizationId", secret: false },
  { env: "APPWRITE_ORGANIZATION_API_KEY", key: "appwriteOrganizationApiKey", secret: true },
  { env: "APPWRITE_SITES_DOMAIN", key: "appwriteSitesDomain", secret: false },
  { env: "RAILWAY_WORKSPACE_ID", key: "railwayWorkspaceId", secret: false },
  { env: "POCKET_ID_ADMIN_EMAIL", key: "adminEmail", secret: false },
  { env: "POCKET_ID_URL", key: "pocketIdUrl", secret: false },
  { env: "POCKET_ID_API_KEY", key: "pocketIdApiKey", secret: true },
] as const;

/** Secret keys and where a PR stack gets them instead of the template. */
const SECRET_SOURCES: Record<string, string> = {
  appwriteApiKey:
    "a PR stack never gets a project API key: it creates its own project with APPWRITE_ORGANIZATION_API_KEY",
  appwriteOrganizationApiKey: "it comes from the APPWRITE_ORGANIZATION_API_KEY secret",
  pocketIdApiKey: "it comes from the POCKET_ID_API_KEY secret (platform external) or is generated",
  encryptionKey: "each PR stack generates its own",
  railwayToken: "the stack reads RAILWAY_API_TOKEN from the environment",
};

export type Env = Record<string, string | undefined>;

function envValue(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

/** Reads a template in Pulumi stack-file form (`config:` with `pocket-id-appwrite:<key>` entries). */
export function parseTemplate(text: string, source = "stack-templates/pr.yaml"): PrStackTemplate {
  let root;
  try {
    root = parseBlockYaml(text, source);
  } catch (e) {
    if (e instanceof YamlSubsetError) throw new PrStackError(`${e.message}. Fix the template.`);
    throw e;
  }
  if (root.kind !== "map" || !get(root, "config")) {
    throw new PrStackError(
      `${source} has no "config:" map. Write it like a stack file: config: followed by ${PROJECT}:<key>: <value> lines.`,
    );
  }
  for (const e of root.entries) {
    if (e.key !== "config") {
      throw new PrStackError(
        `${source}:${e.line} has the top-level key "${e.key}"; a template holds only "config:" (secrets provider and salt belong to each real stack). Remove it.`,
      );
    }
  }
  const config = get(root, "config")!;
  if (config.kind !== "map")
    throw new PrStackError(`${source}: "config:" must be a map of ${PROJECT}:<key>: <value>.`);
  const values: Record<string, ConfigText> = {};
  for (const e of config.entries) {
    const colon = e.key.lastIndexOf(":");
    const namespace = colon < 0 ? PROJECT : e.key.slice(0, colon);
    const key = colon < 0 ? e.key : e.key.slice(colon + 1);
    if (namespace !== PROJECT) {
      throw new PrStackError(
        `${source}:${e.line} sets "${e.key}"; the template may only set ${PROJECT}:<key> keys. Remove it or move it into the program's config.`,
      );
    }
    if (e.value.kind === "map" && get(e.value, "secure")) {
      throw new PrStackError(
        `${source}:${e.line} holds an encrypted value for "${key}"; a template is shared by all PR stacks and holds no secrets. Remove it (see the README, "Pull requests" for where secrets come from).`,
      );
    }
    const json = toJson(e.value);
    if (json === null) continue;
    if (key in values) throw new PrStackError(`${source}:${e.line} sets "${key}" twice. Keep one.`);
    values[key] = json as ConfigText;
  }
  return { source, values };
}

export interface PrStackOptions {
  prNumber: number | string;
  /** Repository variables and secrets as the workflow passes them (see ENV_CONFIG). */
  env: Env;
  /** Every config key the project declares (Pulumi.yaml), to catch typos in the template. */
  knownKeys?: readonly string[];
}

/**
 * The full configuration of PR stack `pr-<prNumber>`: the template, overridden by the repository's
 * variables, plus the values every PR stack must have. Throws PrStackError naming the template
 * line or the environment variable at fault.
 */
export function prStackConfig(template: PrStackTemplate, options: PrStackOptions): StackConfigMap {
  const n = parsePrNumber(options.prNumber);
  const stack = stackNameFor(n);
  const src = template.source;
  const values: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(template.values)) values[key] = { value, secret: false };

  if (options.knownKeys) {
    for (const key of Object.keys(values)) {
      if (!options.knownKeys.includes(key)) {
        const near = closest(key, options.knownKeys);
        throw new PrStackError(
          `${src} sets "${key}", which is not a config key of ${PROJECT}${near ? `; did you mean "${near}"?` : ""}. Fix or remove it (keys: Pulumi.yaml).`,
        );
      }
    }
  }
  if ("appwriteProjectId" in values) {
    throw new PrStackError(
      `${src} sets appwriteProjectId; a PR stack must never configure a project another stack uses. Remove it: PR stacks create their own Appwrite project (APPWRITE_ORGANIZATION_ID + APPWRITE_ORGANIZATION_API_KEY) or run without Appwrite.`,
    );
  }
  for (const [key, why] of Object.entries(SECRET_SOURCES)) {
    if (key in values)
      throw new PrStackError(`${src} sets ${key}, a secret, in a committed file; remove it: ${why}.`);
  }
  if ("oidcClientId" in values) {
    throw new PrStackError(
      `${src} sets oidcClientId; each PR stack gets its own (appwrite-${stack}) so they never share a Pocket ID client. Remove it.`,
    );
  }
  if ("protectData" in values && values.protectData.value !== "false") {
    throw new PrStackError(
      `${src} sets protectData to "${String(values.protectData.value)}"; a PR stack must be destroyable when its PR closes. Remove it (PR stacks get protectData false).`,
    );
  }

  for (const { env, key, secret } of ENV_CONFIG) {
    const v = envValue(options.env, env);
    if (v !== undefined) values[key] = { value: v, secret };
  }

  const text = (key: string): string | undefined => {
    const v = values[key]?.value;
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  };
  const platform = text("platform");
  if (platform !== "railway" && platform !== "external") {
    throw new PrStackError(
      platform === undefined || platform === "docker"
        ? `${src} sets platform ${platform ?? "(not at all: the project default is docker)"}; a PR environment must outlive the CI job, so set ${PROJECT}:platform to railway (or external, with POCKET_ID_URL and POCKET_ID_API_KEY).`
        : `${src} sets platform "${platform}", which is not one of railway | external. Fix it.`,
    );
  }
  if (platform === "railway" && !text("adminEmail")) {
    throw new PrStackError(
      `no admin email for ${stack}: a Railway Pocket ID is public, so its first admin must be set. Set the repository variable POCKET_ID_ADMIN_EMAIL (or ${PROJECT}:adminEmail in ${src}).`,
    );
  }
  if (platform === "external") {
    if (!text("pocketIdUrl"))
      throw new PrStackError(
        `platform external needs the Pocket ID URL: set the repository variable POCKET_ID_URL (or ${PROJECT}:pocketIdUrl in ${src}).`,
      );
    if (!values.pocketIdApiKey)
      throw new PrStackError(
        `platform external needs an admin API key: set the secret POCKET_ID_API_KEY for the PR workflows.`,
      );
  } else {
    if ("pocketIdUrl" in template.values) {
      throw new PrStackError(
        `${src} sets pocketIdUrl with platform railway; Railway assigns each PR stack its own domain. Remove it.`,
      );
    }
    // POCKET_ID_URL / POCKET_ID_API_KEY are for platform external; a railway stack deploys its own.
    delete values.pocketIdUrl;
    delete values.pocketIdApiKey;
  }

  // Appwrite: only a project the stack creates itself, or none.
  const endpoint = text("appwriteEndpoint");
  const organization = text("appwriteOrganizationId");
  const organizationKey = values.appwriteOrganizationApiKey;
  if (organization && !organizationKey) {
    throw new PrStackError(
      `APPWRITE_ORGANIZATION_ID is set (${organization}) but APPWRITE_ORGANIZATION_API_KEY is not; add that secret for the PR workflows, or unset the variable to run PR environments without Appwrite.`,
    );
  }
  if (organization && !endpoint) {
    throw new PrStackError(
      `APPWRITE_ORGANIZATION_ID is set but APPWRITE_ENDPOINT is not; set the repository variable APPWRITE_ENDPOINT (e.g. https://fra.cloud.appwrite.io/v1).`,
    );
  }
  if (!organization) {
    // Without an organization there is no project of its own to wire, so no Appwrite at all.
    for (const key of [
      "appwriteEndpoint",
      "appwriteOrganizationApiKey",
      "appwriteSitesDomain",
      "appwriteWellKnownUrl",
    ])
      delete values[key];
    if (values.demoSite) values.demoSite = { value: "false", secret: false };
  }

  values.protectData = { value: "false", secret: false };
  values.oidcClientId = { value: `appwrite-${stack}`, secret: false };
  if (!values.oidcClientName) values.oidcClientName = { value: `Appwrite ${stack}`, secret: false };

  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k]]),
  );
}

/** One line on what the derived config does with Appwrite, for logs. */
export function describeAppwriteWiring(config: StackConfigMap): string {
  const org = config.appwriteOrganizationId?.value;
  return org
    ? `Appwrite: the stack creates its own project in organization ${String(org)} at ${String(config.appwriteEndpoint?.value)}`
    : "Appwrite: not wired (APPWRITE_ORGANIZATION_ID is not set), so the stack deploys Pocket ID and its client only";
}
