// OidcClient: one Pocket ID OIDC client with a deterministic id, managed through its whole life.
import * as pulumi from "@pulumi/pulumi";
import { isUnknown, stateOrThrow } from "../dynamic";
import {
  createClient,
  deleteClient,
  getClient,
  OidcClientFields,
  OidcClientInfo,
  replaceClient,
  setAllowedGroups,
} from "./api/clients";
import { PocketIdApiError, PocketIdConnection } from "./api/http";
import { deleteSecret } from "./api/secrets";

export interface OidcClientInputs {
  pocketIdUrl: string;
  apiKey: string;
  clientId: string;
  name: string;
  callbackUrls: string[];
  logoutCallbackUrls: string[];
  /** Ids of the groups allowed to sign in (UserGroup resources); empty = everyone. */
  allowedGroupIds: string[];
  isPublic: boolean;
  pkceEnabled: boolean;
  /** The consumer cannot do PKCE or public clients (Appwrite); check() enforces a confidential client. */
  requireConfidential: boolean;
  adoptExisting: boolean;
}

export interface OidcClientOutputs extends OidcClientInputs {
  /** True when the client existed and was taken over with adoptExisting. */
  adopted: boolean;
}

/** The complete PUT/POST body: Pocket ID's PUT replaces every field, so every field is always sent. */
export function clientFields(i: OidcClientInputs): OidcClientFields {
  return {
    name: i.name,
    description: "Managed by pocket-id-appwrite (Pulumi)",
    callbackURLs: i.callbackUrls,
    logoutCallbackURLs: i.logoutCallbackUrls,
    isPublic: i.isPublic,
    pkceEnabled: i.isPublic || i.pkceEnabled,
    requiresReauthentication: false,
    requiresPushedAuthorizationRequests: false,
    skipConsent: false,
    isGroupRestricted: (i.allowedGroupIds ?? []).length > 0,
    launchURL: null,
    accessTokenDurationMinutes: 60,
    refreshTokenDurationMinutes: 43200,
    credentials: { federatedIdentities: [] },
  };
}

function connection(i: { pocketIdUrl: string; apiKey: string }): PocketIdConnection {
  return { url: i.pocketIdUrl, apiKey: i.apiKey };
}

const isKnown = (v: unknown): boolean => !isUnknown(v);

/** Input problems, as check() failures. Unknown (preview) values are not judged. */
export function validateClientInputs(news: OidcClientInputs): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  if (isKnown(news.clientId) && !/^[a-zA-Z0-9._-]{2,128}$/.test(news.clientId)) {
    failures.push({
      property: "clientId",
      reason: `"${news.clientId}" is not 2-128 characters of [a-zA-Z0-9._-]`,
    });
  }
  if (isKnown(news.name) && (news.name.length === 0 || news.name.length > 50)) {
    failures.push({ property: "name", reason: "a client name has 1 to 50 characters" });
  }
  if (isKnown(news.callbackUrls) && news.callbackUrls.length === 0) {
    failures.push({ property: "callbackUrls", reason: "a client without callback URLs accepts no sign-in" });
  }
  if (news.requireConfidential && news.isPublic === true) {
    failures.push({
      property: "isPublic",
      reason:
        "Appwrite authenticates with a client secret (client_secret_post); a public client has no secret and forces PKCE, so isPublic must be false",
    });
  }
  if (news.requireConfidential && news.pkceEnabled === true) {
    failures.push({
      property: "pkceEnabled",
      reason:
        "Appwrite sends no PKCE code_challenge, so Pocket ID would reject every sign-in; pkceEnabled must be false",
    });
  }
  return failures;
}

/** Fields that need an API call when they change (the connection alone does not). */
const CLIENT_FIELDS = [
  "name",
  "callbackUrls",
  "logoutCallbackUrls",
  "allowedGroupIds",
  "isPublic",
  "pkceEnabled",
] as const;

export function changedClientFields(olds: Partial<OidcClientOutputs>, news: OidcClientInputs): string[] {
  return CLIENT_FIELDS.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
}

/** `ids` sorted in the order of `reference`, unknown ones last: the server's order must not look like drift. */
export function orderLike(ids: string[], reference: string[]): string[] {
  const rank = (n: string) => (reference.includes(n) ? reference.indexOf(n) : reference.length);
  return [...ids].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Sets the allowed groups and reads them back: Pocket ID silently drops ids that name no group. */
async function applyGroups(conn: PocketIdConnection, clientId: string, groupIds: string[]): Promise<void> {
  if (groupIds.length === 0) return;
  await setAllowedGroups(conn, clientId, groupIds);
  const live = await getClient(conn, clientId);
  const liveIds = new Set((live?.allowedUserGroups ?? []).map((g) => g.id));
  const missing = groupIds.filter((id) => !liveIds.has(id));
  if (missing.length > 0) {
    throw new Error(
      `Pocket ID dropped allowed groups ${missing.join(", ")} of client ${clientId} (no such group)`,
    );
  }
}

/** Removes a secret Pocket ID ≥ 2.17 created by itself; the stack manages its secrets explicitly. */
async function deleteAutoCreatedSecret(conn: PocketIdConnection, client: OidcClientInfo): Promise<void> {
  if (client.createdSecret?.id) await deleteSecret(conn, client.id, client.createdSecret.id);
}

export class OidcClientProvider implements pulumi.dynamic.ResourceProvider<
  OidcClientInputs,
  OidcClientOutputs
> {
  async check(
    _olds: OidcClientInputs,
    news: OidcClientInputs,
  ): Promise<pulumi.dynamic.CheckResult<OidcClientInputs>> {
    const failures = validateClientInputs(news);
    return failures.length > 0 ? { failures } : { inputs: news };
  }

  async diff(
    _id: string,
    olds: OidcClientOutputs,
    news: OidcClientInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.clientId !== news.clientId ? ["clientId"] : [];
    const changes =
      replaces.length > 0 ||
      changedClientFields(olds, news).length > 0 ||
      olds.pocketIdUrl !== news.pocketIdUrl ||
      olds.apiKey !== news.apiKey ||
      olds.adoptExisting !== news.adoptExisting ||
      olds.requireConfidential !== news.requireConfidential;
    // A client id is a fixed identity: the old client must go before one with the new id is made.
    return { changes, replaces, deleteBeforeReplace: true };
  }

  async create(inputs: OidcClientInputs): Promise<pulumi.dynamic.CreateResult<OidcClientOutputs>> {
    const conn = connection(inputs);
    let adopted = false;
    let client: OidcClientInfo;
    try {
      client = await createClient(conn, inputs.clientId, clientFields(inputs));
    } catch (err) {
      if (!(err instanceof PocketIdApiError && err.status === 409)) throw err;
      if (!inputs.adoptExisting) {
        throw new Error(
          `Pocket ID already has an OIDC client with id "${inputs.clientId}". ` +
            `To manage that client with this stack, set pocket-id-appwrite:adoptExisting to true (its settings will be replaced by the stack's); ` +
            `or choose another id with oidcClientId.`,
        );
      }
      adopted = true;
      client = await replaceClient(conn, inputs.clientId, clientFields(inputs));
    }
    try {
      await deleteAutoCreatedSecret(conn, client);
      await applyGroups(conn, inputs.clientId, inputs.allowedGroupIds);
    } catch (err) {
      if (adopted) throw err;
      // Leave no orphan: the client was made by this call, so remove it before failing.
      const cleanup = await deleteClient(conn, inputs.clientId).then(
        () => `the half-created client "${inputs.clientId}" was removed`,
        () =>
          `the half-created client "${inputs.clientId}" could not be removed; delete it in Pocket ID before retrying`,
      );
      throw new Error(`Creating the OIDC client failed: ${(err as Error).message}; ${cleanup}`);
    }
    return {
      id: inputs.clientId,
      outs: { ...inputs, adopted },
    };
  }

  async read(id: string, state?: OidcClientOutputs): Promise<pulumi.dynamic.ReadResult<OidcClientOutputs>> {
    const props = stateOrThrow(state, "OidcClient");
    const live = await getClient(connection(props), id);
    if (!live) return { id: "", props: undefined };
    const liveGroups = live.isGroupRestricted ? (live.allowedUserGroups ?? []) : [];
    return {
      id,
      props: {
        ...props,
        name: live.name,
        callbackUrls: live.callbackURLs ?? [],
        logoutCallbackUrls: live.logoutCallbackURLs ?? [],
        isPublic: live.isPublic,
        pkceEnabled: live.pkceEnabled,
        allowedGroupIds: orderLike(
          liveGroups.map((g) => g.id),
          props.allowedGroupIds ?? [],
        ),
      },
    };
  }

  async update(
    id: string,
    olds: OidcClientOutputs,
    news: OidcClientInputs,
  ): Promise<pulumi.dynamic.UpdateResult<OidcClientOutputs>> {
    const conn = connection(news);
    if (changedClientFields(olds, news).length === 0 && (await getClient(conn, id))) {
      return { outs: { ...olds, ...news } };
    }
    const fields = clientFields(news);
    try {
      await replaceClient(conn, id, fields);
    } catch (err) {
      if (!(err instanceof PocketIdApiError && err.isNotFound)) throw err;
      // Deleted behind the stack's back: make it again with the same id.
      const created = await createClient(conn, id, fields);
      await deleteAutoCreatedSecret(conn, created);
    }
    await applyGroups(conn, id, news.allowedGroupIds);
    return { outs: { ...news, adopted: olds.adopted } };
  }

  async delete(id: string, props: OidcClientOutputs): Promise<void> {
    await deleteClient(connection(props), id);
  }
}

export interface OidcClientArgs {
  /** Base URL of the Pocket ID admin API. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Deterministic client id; changing it replaces the client. */
  clientId: pulumi.Input<string>;
  /** Display name (1–50 characters). */
  name: pulumi.Input<string>;
  /** Redirect URIs, compared exactly by Pocket ID. */
  callbackUrls: pulumi.Input<pulumi.Input<string>[]>;
  /** Post-logout redirect URIs. */
  logoutCallbackUrls?: pulumi.Input<pulumi.Input<string>[]>;
  /** Ids of the Pocket ID groups allowed to sign in (see UserGroups); empty means everyone. */
  allowedGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** A public client has no secret and forces PKCE; default false. */
  isPublic?: pulumi.Input<boolean>;
  /** Require PKCE; default false. */
  pkceEnabled?: pulumi.Input<boolean>;
  /** Reject public or PKCE settings (the consumer is Appwrite); default true. */
  requireConfidential?: pulumi.Input<boolean>;
  /** Take over an existing client with the same id instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

export class OidcClient extends pulumi.dynamic.Resource {
  declare readonly clientId: pulumi.Output<string>;
  declare readonly callbackUrls: pulumi.Output<string[]>;
  declare readonly allowedGroupIds: pulumi.Output<string[]>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: OidcClientArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new OidcClientProvider(),
      name,
      {
        logoutCallbackUrls: [],
        allowedGroupIds: [],
        isPublic: false,
        pkceEnabled: false,
        requireConfidential: true,
        adoptExisting: false,
        ...args,
        adopted: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey"] }),
      "pocketid",
      "OidcClient",
    );
  }
}
