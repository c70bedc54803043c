// The redirect URI Appwrite sends for provider `oidc` — the single place it is computed.

/** Appwrite's endpoint without trailing slashes, e.g. https://fra.cloud.appwrite.io/v1. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, "");
}

/** Why `endpoint` is not an Appwrite API root (http(s), ending in /v1), or undefined when it is one. */
export function endpointProblem(endpoint: string): string | undefined {
  let protocol = "";
  let pathname = "";
  try {
    ({ protocol, pathname } = new URL(endpoint));
  } catch {
    // Not a URL at all: reported below like any other scheme.
  }
  if (protocol !== "http:" && protocol !== "https:") {
    return `"${endpoint}" is not an http(s) URL; use the Appwrite API root such as https://fra.cloud.appwrite.io/v1`;
  }
  if (!normalizeEndpoint(pathname).endsWith("/v1")) {
    return `"${endpoint}" does not end in /v1; Appwrite's API root is <origin>/v1`;
  }
  return undefined;
}

/**
 * `<endpoint>/account/sessions/oauth2/callback/oidc/<projectId>`, exactly: Pocket ID compares
 * callback URLs as strings, with no trailing-slash normalisation.
 */
export function appwriteRedirectUri(endpoint: string, projectId: string): string {
  return `${normalizeEndpoint(endpoint)}/account/sessions/oauth2/callback/oidc/${projectId}`;
}
