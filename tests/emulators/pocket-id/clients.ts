// Behaviour follows Pocket ID v2.14.0 (controller/oidc_controller.go, service/oidc_service.go,
// dto/oidc_dto.go, dto/validations.go); v2.13.0 for the singular `/secret` route; the >= 2.17.0
// `createdSecret` on create is UNVERIFIED (taken from the reference, not from source).
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { isValidCallbackUrlPattern } from "./callback-urls";
import {
  bindJson,
  bindOptionalJson,
  clientIdAlreadyExists,
  invalidRequestBody,
  JsonBody,
  notFound,
  Validation,
  validationMessage,
} from "./errors";
import { atLeast, json, noContent, type ApiRequest, type EmulatorContext, type Route } from "./routing";
import {
  clientDto,
  clientMetaDto,
  groupMinimalDto,
  likeMatch,
  paginate,
  parsePageRequest,
  secretDto,
  sha256Hex,
  sortItems,
  type ClientSecretRecord,
  type OidcClientRecord,
} from "./state";

const CLIENT_ID = /^[a-zA-Z0-9._-]+$/;
const MAX_SECRETS = 20;
const DEFAULT_ACCESS_TOKEN_MINUTES = 60;
const DEFAULT_REFRESH_TOKEN_MINUTES = 30 * 24 * 60;
const MAX_TOKEN_MINUTES = 365 * 24 * 60;
const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("");
}

const dtoOptions = (context: EmulatorContext) => ({ multiSecret: atLeast(context.version, "2.14.0") });

function isUrl(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

/** The fields of `OidcClientUpdateDto`, validated in struct order. */
interface ClientInput {
  name: string;
  description: string;
  callbackURLs: string[] | null;
  logoutCallbackURLs: string[] | null;
  isPublic: boolean;
  pkceEnabled: boolean;
  requiresReauthentication: boolean;
  requiresPushedAuthorizationRequests: boolean;
  skipConsent: boolean;
  federatedIdentities: OidcClientRecord["federatedIdentities"];
  launchURL: string | null;
  isGroupRestricted: boolean;
  accessTokenDurationMinutes: number;
  refreshTokenDurationMinutes: number;
}

function readClientInput(body: JsonBody, validation: Validation): ClientInput {
  const input: ClientInput = {
    name: body.string("name"),
    description: body.string("description"),
    callbackURLs: body.stringList("callbackURLs"),
    logoutCallbackURLs: body.stringList("logoutCallbackURLs"),
    isPublic: body.boolean("isPublic"),
    pkceEnabled: body.boolean("pkceEnabled"),
    requiresReauthentication: body.boolean("requiresReauthentication"),
    requiresPushedAuthorizationRequests: body.boolean("requiresPushedAuthorizationRequests"),
    skipConsent: body.boolean("skipConsent"),
    // `credentials.secrets` is read-only and ignored on input.
    federatedIdentities: body
      .object("credentials")
      .objectList("federatedIdentities")
      .map((fi) => ({
        issuer: fi.string("issuer"),
        subject: fi.string("subject"),
        audience: fi.string("audience"),
        jwks: fi.string("jwks"),
        replayProtection: fi.boolean("replayProtection"),
      })),
    launchURL: body.optionalString("launchURL"),
    isGroupRestricted: body.boolean("isGroupRestricted"),
    accessTokenDurationMinutes: body.integer("accessTokenDurationMinutes"),
    refreshTokenDurationMinutes: body.integer("refreshTokenDurationMinutes"),
  };
  // `logoUrl`/`darkLogoUrl` would be downloaded after the write; the emulator never downloads anything.
  validation.length("name", input.name, { required: true, max: 50 });
  validation.length("description", input.description, { max: 150 });
  for (const key of ["callbackURLs", "logoutCallbackURLs"] as const) {
    input[key]?.forEach((url, i) => {
      if (!isValidCallbackUrlPattern(url)) validation.fail(`${key}[${i}]`, "callback_url_pattern");
    });
  }
  if (input.launchURL !== null && !isUrl(input.launchURL)) validation.fail("launchURL", "url");
  for (const key of ["accessTokenDurationMinutes", "refreshTokenDurationMinutes"] as const) {
    const minutes = input[key];
    if (minutes !== 0 && (minutes < 1 || minutes > MAX_TOKEN_MINUTES)) validation.fail(key, "token_duration");
  }
  return input;
}

/** `updateOIDCClientModelFromDto`: every field is replaced; zero token durations fall back to defaults. */
function applyClientInput(client: OidcClientRecord, input: ClientInput): void {
  client.name = input.name;
  client.description = input.description;
  client.callbackURLs = input.callbackURLs;
  client.logoutCallbackURLs = input.logoutCallbackURLs;
  client.isPublic = input.isPublic;
  client.pkceEnabled = input.isPublic || input.pkceEnabled;
  if (!input.pkceEnabled) client.pkceSupported = false;
  client.requiresReauthentication = input.requiresReauthentication;
  client.requiresPushedAuthorizationRequests = input.requiresPushedAuthorizationRequests;
  client.skipConsent = input.skipConsent;
  client.federatedIdentities = input.federatedIdentities;
  client.launchURL = input.launchURL;
  client.isGroupRestricted = input.isGroupRestricted;
  client.accessTokenDurationMinutes = input.accessTokenDurationMinutes || DEFAULT_ACCESS_TOKEN_MINUTES;
  client.refreshTokenDurationMinutes = input.refreshTokenDurationMinutes || DEFAULT_REFRESH_TOKEN_MINUTES;
}

export function findClient(context: EmulatorContext, id: string): OidcClientRecord {
  const client = context.state.clients.get(id);
  if (!client) throw notFound("OIDC client");
  return client;
}

function withAllowedGroups(client: OidcClientRecord, context: EmulatorContext, groupsLoaded: boolean) {
  const groups = client.allowedUserGroupIds
    .map((id) => context.state.groups.get(id))
    .filter((g) => g !== undefined)
    .map((g) => groupMinimalDto(g));
  // A freshly created client has no preloaded association, which Go serialises as null.
  return { ...clientDto(client, dtoOptions(context)), allowedUserGroups: groupsLoaded ? groups : null };
}

function createSecret(
  client: OidcClientRecord,
  plaintext: string,
  expiresAt: Date | null,
): ClientSecretRecord {
  const secret: ClientSecretRecord = {
    id: randomUUID(),
    prefix: plaintext.length > 4 ? plaintext.slice(0, 4) : "",
    sha256: sha256Hex(plaintext),
    createdAt: new Date(),
    expiresAt,
  };
  client.secrets.push(secret);
  return secret;
}

function readSecretInput(body: JsonBody): { secret: string; expiresAt: Date | null } {
  const secret = body.string("secret");
  const validation = new Validation();
  if (secret !== "" && ([...secret].length < 16 || !/^[\x20-\x7e]*$/.test(secret))) {
    validation.fail("secret", [...secret].length < 16 ? "min" : "printascii", "16");
  }
  validation.throwIfFailed();
  const rawExpiry = body.optionalString("expiresAt");
  let expiresAt: Date | null = null;
  if (rawExpiry !== null) {
    expiresAt = new Date(rawExpiry);
    if (Number.isNaN(expiresAt.getTime())) throw invalidRequestBody();
  }
  return { secret, expiresAt };
}

function listClients(request: ApiRequest, context: EmulatorContext) {
  const search = request.query.get("search") ?? "";
  const matching = [...context.state.clients.values()].filter(
    (c) => search === "" || likeMatch(c.name, search),
  );
  const sorted = sortItems(matching, request.query, { name: (c) => c.name });
  const page = paginate(sorted, parsePageRequest(request.query));
  return json(200, {
    data: page.data.map((client) => ({
      ...clientDto(client, dtoOptions(context)),
      allowedUserGroupsCount: client.allowedUserGroupIds.filter((id) => context.state.groups.has(id)).length,
    })),
    pagination: page.pagination,
  });
}

function createClient(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const validation = new Validation();
  const input = readClientInput(body, validation);
  const id = body.string("id");
  if (id !== "") {
    if (!CLIENT_ID.test(id)) validation.fail("id", "client_id");
    else validation.length("id", id, { min: 2, max: 128 });
  }
  validation.throwIfFailed();
  if (id !== "" && context.state.clients.has(id)) throw clientIdAlreadyExists();

  const client: OidcClientRecord = {
    id: id || randomUUID(),
    name: "",
    description: "",
    callbackURLs: null,
    logoutCallbackURLs: null,
    isPublic: false,
    pkceEnabled: false,
    pkceSupported: false,
    requiresReauthentication: false,
    requiresPushedAuthorizationRequests: false,
    skipConsent: false,
    launchURL: null,
    isGroupRestricted: false,
    allowedUserGroupIds: [],
    federatedIdentities: [],
    secrets: [],
    accessTokenDurationMinutes: DEFAULT_ACCESS_TOKEN_MINUTES,
    refreshTokenDurationMinutes: DEFAULT_REFRESH_TOKEN_MINUTES,
    createdAt: new Date(),
    createdById: request.userId,
  };
  applyClientInput(client, input);
  context.state.clients.set(client.id, client);

  const response: Record<string, unknown> = withAllowedGroups(client, context, false);
  if (atLeast(context.version, "2.17.0") && !client.isPublic) {
    const plaintext = randomAlphanumeric(32);
    response.createdSecret = { ...secretDto(createSecret(client, plaintext, null)), secret: plaintext };
    response.credentials = clientDto(client, dtoOptions(context)).credentials;
  }
  return json(201, response);
}

function updateClient(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const validation = new Validation();
  const input = readClientInput(body, validation);
  validation.throwIfFailed();
  const client = findClient(context, request.params.id);
  applyClientInput(client, input);
  if (!input.isGroupRestricted) client.allowedUserGroupIds = [];
  return json(200, withAllowedGroups(client, context, true));
}

function updateAllowedGroups(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const ids = body.stringList("userGroupIds");
  const validation = new Validation();
  if (ids === null) validation.fail("userGroupIds", "required");
  validation.throwIfFailed();
  const client = findClient(context, request.params.id);
  // `WHERE id IN (?)` + `Association.Replace`: ids that name no group are silently dropped.
  client.allowedUserGroupIds = [...new Set(ids)].filter((id) => context.state.groups.has(id));
  return json(200, clientDto(client, dtoOptions(context)));
}

function createClientSecret(request: ApiRequest, context: EmulatorContext) {
  const input = readSecretInput(bindOptionalJson(request.headers["content-type"], request.body));
  if (input.expiresAt !== null && input.expiresAt.getTime() <= Date.now()) {
    throw validationMessage("The expiration date of a client secret must be in the future");
  }
  const client = findClient(context, request.params.id);
  if (client.isPublic) throw validationMessage("Cannot create a secret for a public client");
  if (client.secrets.length >= MAX_SECRETS) {
    throw validationMessage(`A client cannot have more than ${MAX_SECRETS} secrets`);
  }
  const plaintext = input.secret || randomAlphanumeric(32);
  const secret = createSecret(client, plaintext, input.expiresAt);
  return json(201, { ...secretDto(secret), secret: plaintext });
}

function deleteClientSecret(request: ApiRequest, context: EmulatorContext) {
  const client = findClient(context, request.params.id);
  const index = client.secrets.findIndex((s) => s.id === request.params.secretId);
  if (index < 0) throw notFound("Client secret");
  client.secrets.splice(index, 1);
  return noContent();
}

/** Pre-2.14 `POST /secret`: replaces the single secret and answers 200 `{secret}`. */
function replaceSingleSecret(request: ApiRequest, context: EmulatorContext) {
  const input = readSecretInput(bindOptionalJson(request.headers["content-type"], request.body));
  const client = findClient(context, request.params.id);
  if (client.isPublic) throw validationMessage("Cannot create a secret for a public client");
  const plaintext = input.secret || randomAlphanumeric(32);
  client.secrets = [];
  createSecret(client, plaintext, null).prefix = "";
  return json(200, { secret: plaintext });
}

export const clientRoutes: Route[] = [
  { method: "GET", path: "/api/oidc/clients", auth: "admin", handle: listClients },
  { method: "POST", path: "/api/oidc/clients", auth: "admin", handle: createClient },
  {
    method: "GET",
    path: "/api/oidc/clients/:id",
    auth: "admin",
    handle: (r, c) => json(200, withAllowedGroups(findClient(c, r.params.id), c, true)),
  },
  {
    method: "GET",
    path: "/api/oidc/clients/:id/meta",
    auth: "public",
    handle: (r, c) => json(200, clientMetaDto(findClient(c, r.params.id))),
  },
  { method: "PUT", path: "/api/oidc/clients/:id", auth: "admin", handle: updateClient },
  {
    method: "DELETE",
    path: "/api/oidc/clients/:id",
    auth: "admin",
    handle: (r, c) => {
      if (!c.state.clients.delete(r.params.id)) throw notFound("OIDC client");
      return noContent();
    },
  },
  {
    method: "PUT",
    path: "/api/oidc/clients/:id/allowed-user-groups",
    auth: "admin",
    handle: updateAllowedGroups,
  },
  {
    method: "GET",
    path: "/api/oidc/clients/:id/secrets",
    auth: "admin",
    since: "2.14.0",
    handle: (r, c) => json(200, findClient(c, r.params.id).secrets.map(secretDto)),
  },
  {
    method: "POST",
    path: "/api/oidc/clients/:id/secrets",
    auth: "admin",
    since: "2.14.0",
    handle: createClientSecret,
  },
  {
    method: "DELETE",
    path: "/api/oidc/clients/:id/secrets/:secretId",
    auth: "admin",
    since: "2.14.0",
    handle: deleteClientSecret,
  },
  {
    method: "POST",
    path: "/api/oidc/clients/:id/secret",
    auth: "admin",
    until: "2.14.0",
    handle: replaceSingleSecret,
  },
];

/** An opaque access token for the emulated token endpoint. */
export const randomToken = (): string => randomBytes(32).toString("base64url");
