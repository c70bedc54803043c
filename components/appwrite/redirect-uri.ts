// The redirect URI Appwrite sends for provider `oidc` — the single place it is computed.

/** Appwrite's endpoint without trailing slashes, e.g. https://fra.cloud.appwrite.io/v1. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, "");
}

/**
 * `<endpoint>/account/sessions/oauth2/callback/oidc/<projectId>`, exactly: Pocket ID compares
 * callback URLs as strings, with no trailing-slash normalisation.
 */
export function appwriteRedirectUri(endpoint: string, projectId: string): string {
  return `${normalizeEndpoint(endpoint)}/account/sessions/oauth2/callback/oidc/${projectId}`;
}
