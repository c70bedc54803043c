// Behaviour follows Pocket ID v2.14.0 (backend/internal/model, dto/oidc_dto.go, dto/user_dto.go,
// dto/user_group_dto.go, utils/list_request_util.go).
import { createHash } from "node:crypto";

/** The synthetic admin the static API key authenticates as (`common.StaticApiKeyUserID`). */
export const STATIC_API_KEY_USER_ID = "00000000-0000-0000-0000-000000000000";

export interface FederatedIdentity {
  issuer: string;
  subject: string;
  audience: string;
  jwks: string;
  replayProtection: boolean;
}

export interface ClientSecretRecord {
  id: string;
  /** First 4 characters of the plaintext; "" for secrets set through the pre-2.14 singular route. */
  prefix: string;
  /** The plaintext is never kept, only its SHA-256 (hex), as the server stores it. */
  sha256: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface OidcClientRecord {
  id: string;
  name: string;
  description: string;
  /** `null` when the client was saved without the field (Go keeps a nil slice and serialises `null`). */
  callbackURLs: string[] | null;
  logoutCallbackURLs: string[] | null;
  isPublic: boolean;
  pkceEnabled: boolean;
  pkceSupported: boolean;
  requiresReauthentication: boolean;
  requiresPushedAuthorizationRequests: boolean;
  skipConsent: boolean;
  launchURL: string | null;
  isGroupRestricted: boolean;
  allowedUserGroupIds: string[];
  federatedIdentities: FederatedIdentity[];
  secrets: ClientSecretRecord[];
  accessTokenDurationMinutes: number;
  refreshTokenDurationMinutes: number;
  createdAt: Date;
  createdById: string | null;
}

export interface UserGroupRecord {
  id: string;
  friendlyName: string;
  name: string;
  userIds: string[];
  createdAt: Date;
}

export interface UserRecord {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  isAdmin: boolean;
  locale: string | null;
  disabled: boolean;
  createdAt: Date;
}

export interface OneTimeTokenRecord {
  token: string;
  userId: string;
  expiresAt: Date;
}

/** The emulator's data, readable (and writable) by tests for out-of-band setup and assertions. */
export interface PocketIdState {
  clients: Map<string, OidcClientRecord>;
  groups: Map<string, UserGroupRecord>;
  users: Map<string, UserRecord>;
  oneTimeTokens: Map<string, OneTimeTokenRecord>;
  /** True while no user other than the static API key user exists (`GET /api/signup/setup` is 204). */
  readonly setupOpen: boolean;
}

export function createState(): PocketIdState {
  const users = new Map<string, UserRecord>();
  return {
    clients: new Map(),
    groups: new Map(),
    users,
    oneTimeTokens: new Map(),
    get setupOpen() {
      return ![...users.keys()].some((id) => id !== STATIC_API_KEY_USER_ID);
    },
  };
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

export const isSecretActive = (secret: ClientSecretRecord, now = new Date()): boolean =>
  secret.expiresAt === null || now.getTime() < secret.expiresAt.getTime();

/** Timestamps as Go marshals a time read back from SQLite (second precision, UTC). */
export const formatTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export function secretDto(secret: ClientSecretRecord): Record<string, unknown> {
  return {
    id: secret.id,
    prefix: secret.prefix,
    createdAt: formatTime(secret.createdAt),
    expiresAt: secret.expiresAt ? formatTime(secret.expiresAt) : null,
    isActive: isSecretActive(secret),
  };
}

export interface DtoOptions {
  /** Servers before 2.14.0 have no `credentials.secrets`. */
  multiSecret: boolean;
}

/** `OidcClientMetaDataDto`. */
export function clientMetaDto(client: OidcClientRecord): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    description: client.description,
    hasLogo: false,
    hasDarkLogo: false,
    launchURL: client.launchURL,
    requiresReauthentication: client.requiresReauthentication,
    clientType: "standard",
  };
}

/** `OidcClientDto` (what `PUT /allowed-user-groups` returns). */
export function clientDto(client: OidcClientRecord, options: DtoOptions): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  if (client.federatedIdentities.length > 0) {
    credentials.federatedIdentities = client.federatedIdentities.map((fi) => ({
      issuer: fi.issuer,
      ...(fi.subject ? { subject: fi.subject } : {}),
      ...(fi.audience ? { audience: fi.audience } : {}),
      ...(fi.jwks ? { jwks: fi.jwks } : {}),
      replayProtection: fi.replayProtection,
    }));
  }
  // An empty secret list is omitted from the stored JSON, so it reads back as a nil slice (`null`).
  if (options.multiSecret) credentials.secrets = client.secrets.length ? client.secrets.map(secretDto) : null;
  return {
    ...clientMetaDto(client),
    callbackURLs: client.callbackURLs,
    logoutCallbackURLs: client.logoutCallbackURLs,
    isPublic: client.isPublic,
    pkceEnabled: client.pkceEnabled,
    requiresPushedAuthorizationRequests: client.requiresPushedAuthorizationRequests,
    skipConsent: client.skipConsent,
    credentials,
    isGroupRestricted: client.isGroupRestricted,
    ...(client.pkceSupported ? { pkceSupported: true } : {}),
    accessTokenDurationMinutes: client.accessTokenDurationMinutes,
    refreshTokenDurationMinutes: client.refreshTokenDurationMinutes,
  };
}

/** `UserGroupMinimalDto`; `userCount` is only computed by the group list. */
export function groupMinimalDto(group: UserGroupRecord, userCount = 0): Record<string, unknown> {
  return {
    id: group.id,
    friendlyName: group.friendlyName,
    name: group.name,
    customClaims: [],
    userCount,
    ldapId: null,
    createdAt: formatTime(group.createdAt),
  };
}

/** `UserDto`. */
export function userDto(user: UserRecord, groups: UserGroupRecord[]): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    emailVerified: user.emailVerified,
    firstName: user.firstName,
    lastName: user.lastName,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    locale: user.locale,
    customClaims: [],
    userGroups: groups.map((g) => groupMinimalDto(g)),
    ldapId: null,
    disabled: user.disabled,
  };
}

export interface PageRequest {
  page: number;
  limit: number;
}

/** `utils.ParseListRequestOptions`: an unparsable value makes the whole binding fall back to defaults. */
export function parsePageRequest(query: URLSearchParams): PageRequest {
  const parse = (key: string): number | undefined => {
    const raw = query.get(key);
    if (raw === null || raw === "") return 0;
    return /^[+-]?\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const page = parse("pagination[page]");
  const limit = parse("pagination[limit]");
  if (page === undefined || limit === undefined) return { page: 0, limit: 0 };
  return { page, limit };
}

/** `utils.Paginate`: limit default 20, max 100; a page past the end is clamped to the last page. */
export function paginate<T>(
  items: T[],
  request: PageRequest,
): { data: T[]; pagination: Record<string, number> } {
  const limit = request.limit < 1 ? 20 : Math.min(request.limit, 100);
  const totalItems = items.length;
  const totalPages = totalItems === 0 ? 1 : Math.ceil(totalItems / limit);
  const page = Math.min(Math.max(request.page, 1), totalPages);
  const start = (page - 1) * limit;
  return {
    data: items.slice(start, start + limit),
    pagination: { totalPages, totalItems, currentPage: page, itemsPerPage: limit },
  };
}

/** `sort[column]` / `sort[direction]` over the sortable fields the emulator models. */
export function sortItems<T>(
  items: T[],
  query: URLSearchParams,
  columns: Record<string, (item: T) => string>,
): T[] {
  const column = query.get("sort[column]") ?? "";
  const key = columns[column];
  if (!key) return items;
  const direction = (query.get("sort[direction]") ?? "").trim().toLowerCase() === "desc" ? -1 : 1;
  return [...items].sort((a, b) => (key(a) < key(b) ? -direction : key(a) > key(b) ? direction : 0));
}

/** SQLite `LIKE '%term%'`: case-insensitive for ASCII letters. */
export const likeMatch = (value: string | null, term: string): boolean =>
  value !== null && value.toLowerCase().includes(term.toLowerCase());
