// Client secrets: /api/oidc/clients/:id/secrets (v2.14.0 multi-secret model; additive, shown once).
import { call, deleteIfPresent, PocketIdConnection, seg } from "./http";

/** OidcClientSecretDto: metadata only, the secret itself is never readable again. */
export interface OidcClientSecretInfo {
  id: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  isActive: boolean;
}

/** OidcClientSecretCreatedDto: the one response that holds the plaintext secret. */
export interface OidcClientSecretCreated extends OidcClientSecretInfo {
  secret: string;
}

export function listSecrets(conn: PocketIdConnection, clientId: string): Promise<OidcClientSecretInfo[]> {
  return call<OidcClientSecretInfo[]>(conn, "GET", `/api/oidc/clients/${seg(clientId)}/secrets`);
}

/** Adds a secret; existing secrets stay valid. Never retried: a repeat would leave an extra active secret. */
export function createSecret(conn: PocketIdConnection, clientId: string): Promise<OidcClientSecretCreated> {
  return call<OidcClientSecretCreated>(conn, "POST", `/api/oidc/clients/${seg(clientId)}/secrets`);
}

/** Deletes one secret; false when it was already gone. */
export function deleteSecret(conn: PocketIdConnection, clientId: string, secretId: string): Promise<boolean> {
  return deleteIfPresent(conn, `/api/oidc/clients/${seg(clientId)}/secrets/${seg(secretId)}`);
}
