// OIDC clients: /api/oidc/clients (Pocket ID v2.14.0, dto/oidc_dto.go).
import { call, callOrUndefined, deleteIfPresent, PocketIdConnection, seg } from "./http";
import { OidcClientSecretCreated, OidcClientSecretInfo } from "./secrets";

/** The writable fields of a client. PUT replaces every one of them, so always send all. */
export interface OidcClientFields {
  name: string;
  description: string;
  callbackURLs: string[];
  logoutCallbackURLs: string[];
  isPublic: boolean;
  pkceEnabled: boolean;
  requiresReauthentication: boolean;
  requiresPushedAuthorizationRequests: boolean;
  skipConsent: boolean;
  isGroupRestricted: boolean;
  launchURL: string | null;
  accessTokenDurationMinutes: number;
  refreshTokenDurationMinutes: number;
  credentials: { federatedIdentities: unknown[] };
}

export interface UserGroupMinimal {
  id: string;
  name: string;
  friendlyName: string;
}

/** OidcClientWithAllowedUserGroupsDto. */
export interface OidcClientInfo extends Omit<OidcClientFields, "credentials"> {
  id: string;
  credentials?: { federatedIdentities?: unknown[]; secrets?: OidcClientSecretInfo[] };
  allowedUserGroups?: UserGroupMinimal[];
  /** Pocket ID ≥ 2.17 creates a secret for a new confidential client and returns it here. */
  createdSecret?: OidcClientSecretCreated;
}

export function getClient(conn: PocketIdConnection, id: string): Promise<OidcClientInfo | undefined> {
  return callOrUndefined<OidcClientInfo>(conn, "GET", `/api/oidc/clients/${seg(id)}`);
}

export function createClient(
  conn: PocketIdConnection,
  id: string,
  fields: OidcClientFields,
): Promise<OidcClientInfo> {
  return call<OidcClientInfo>(conn, "POST", "/api/oidc/clients", { json: { id, ...fields } });
}

export function replaceClient(
  conn: PocketIdConnection,
  id: string,
  fields: OidcClientFields,
): Promise<OidcClientInfo> {
  return call<OidcClientInfo>(conn, "PUT", `/api/oidc/clients/${seg(id)}`, { json: fields });
}

/** Deletes a client; false when it was already gone (404 counts as done). */
export function deleteClient(conn: PocketIdConnection, id: string): Promise<boolean> {
  return deleteIfPresent(conn, `/api/oidc/clients/${seg(id)}`);
}

/** Replaces the client's allowed groups (unknown ids are silently dropped by the server). */
export async function setAllowedGroups(
  conn: PocketIdConnection,
  id: string,
  groupIds: string[],
): Promise<void> {
  await call(conn, "PUT", `/api/oidc/clients/${seg(id)}/allowed-user-groups`, {
    json: { userGroupIds: groupIds },
  });
}
