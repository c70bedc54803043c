// The post-deploy checks of the whole chain (design §6 verify). Each check answers "ok", "failed: <what is
// wrong and the likely cause>" or "skipped: <why>". Judgements are pure functions; the probes around them
// only fetch. No message ever holds the client secret.
import { randomBytes } from "crypto";
import { probeOidcRedirect, AppwriteProbeError, AuthorizeRedirect } from "../appwrite/probe";
import { describeUrl, NetworkError, send } from "../http";
import { DiscoveryDocument, discoveryUrl } from "../pocket-id/api/wellknown";

export type CheckName = "discovery" | "authorize" | "clientSecret" | "appwriteRedirect";

/** The `checks` output: each value is "ok", "failed: <reason>" or "skipped: <why>". */
export interface ChainChecks {
  discovery: string;
  authorize: string;
  clientSecret: string;
  appwriteRedirect: string;
}

export const CHECK_NAMES: CheckName[] = ["discovery", "authorize", "clientSecret", "appwriteRedirect"];

/** What the checks look at. */
export interface VerifyTarget {
  pocketIdUrl: string;
  /** Pocket ID's APP_URL: the issuer its discovery document must name. */
  expectedIssuer: string;
  /** The discovery URL given to Appwrite. */
  wellKnownUrl: string;
  clientId: string;
  clientSecret: string;
  /** The redirect URI registered in Pocket ID for Appwrite. */
  redirectUri: string;
  appwriteEndpoint?: string;
  appwriteProjectId?: string;
  /** Appwrite's `enabled` output, when known. */
  appwriteOidcEnabled?: boolean;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
}

export const OK = "ok";
export const failed = (reason: string): string => `failed: ${reason}`;
export const skipped = (why: string): string => `skipped: ${why}`;
export const isFailed = (result: string): boolean => result.startsWith("failed:");

/** Every check skipped with the same reason (verify: off). */
export function allSkipped(why: string): ChainChecks {
  return {
    discovery: skipped(why),
    authorize: skipped(why),
    clientSecret: skipped(why),
    appwriteRedirect: skipped(why),
  };
}

/** The failed checks as one message, one line per check, for a failed update or a warning. */
export function diagnosis(checks: ChainChecks): string | undefined {
  const lines = CHECK_NAMES.filter((n) => isFailed(checks[n])).map(
    (n) => `  - ${n}: ${checks[n].slice("failed: ".length)}`,
  );
  return lines.length > 0 ? `The passkey login chain is broken:\n${lines.join("\n")}` : undefined;
}

/** Removes the secret from any text that might echo it (an upstream error body, a URL). */
function scrub(text: string, t: Pick<VerifyTarget, "clientSecret">): string {
  return t.clientSecret && t.clientSecret.length >= 4 ? text.split(t.clientSecret).join("[redacted]") : text;
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

// ---------------------------------------------------------------------------------------------------------
// discovery

/** Judges a discovery document against the expected issuer and Appwrite's needs. */
export function judgeDiscovery(doc: unknown, expectedIssuer: string, url: string): string {
  if (typeof doc !== "object" || doc === null) {
    return failed(
      `${describeUrl(url)} is not a JSON OpenID configuration: the well-known URL must be the exact URL of the document (<pocketIdUrl>/.well-known/openid-configuration)`,
    );
  }
  const d = doc as Partial<DiscoveryDocument>;
  if (d.issuer !== expectedIssuer) {
    return failed(
      `the discovery document at ${describeUrl(url)} names issuer "${d.issuer ?? ""}", expected "${expectedIssuer}": ` +
        `pocketIdUrl must equal Pocket ID's APP_URL exactly (scheme, host, port, no trailing slash), or the URL points at another Pocket ID`,
    );
  }
  if (!d.authorization_endpoint || !d.token_endpoint) {
    return failed(
      `the discovery document at ${describeUrl(url)} has no authorization_endpoint or token_endpoint, so Appwrite cannot build a login`,
    );
  }
  const methods = d.token_endpoint_auth_methods_supported;
  if (Array.isArray(methods) && !methods.includes("client_secret_post")) {
    return failed(
      `Pocket ID does not advertise client_secret_post (it offers ${methods.join(", ") || "none"}), but Appwrite sends the client secret in the token request body`,
    );
  }
  return OK;
}

async function fetchJson(url: string, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  const res = await send({ method: "GET", url, timeoutMs, retries: 1, backoffMs: 200 });
  return { status: res.status, json: res.json };
}

/** The discovery check, plus the document (from the URL given to Appwrite, or the public one) for the other checks. */
export async function checkDiscovery(
  t: VerifyTarget,
): Promise<{ result: string; document?: DiscoveryDocument }> {
  const timeoutMs = t.timeoutMs ?? 15_000;
  const publicUrl = discoveryUrl(t.pocketIdUrl);
  let given: { status: number; json: unknown };
  try {
    given = await fetchJson(t.wellKnownUrl, timeoutMs);
  } catch (err) {
    const detail = err instanceof NetworkError ? err.message : String(err);
    if (trimSlash(t.wellKnownUrl) === trimSlash(publicUrl)) {
      return {
        result: failed(
          `Pocket ID's discovery document is unreachable (${detail}): check that Pocket ID is running and pocketIdUrl is its public URL`,
        ),
      };
    }
    // A private URL (e.g. on Appwrite's Docker network) need not be reachable from here: judge the public one.
    let pub: { status: number; json: unknown } | undefined;
    try {
      pub = await fetchJson(publicUrl, timeoutMs);
    } catch {
      pub = undefined;
    }
    if (!pub || pub.status !== 200) {
      return {
        result: failed(
          `neither the well-known URL given to Appwrite (${describeUrl(t.wellKnownUrl)}: ${detail}) nor the public ${publicUrl} answers`,
        ),
      };
    }
    const verdict = judgeDiscovery(pub.json, t.expectedIssuer, publicUrl);
    if (verdict !== OK) return { result: verdict };
    return {
      result: skipped(
        `${describeUrl(t.wellKnownUrl)} (the URL given to Appwrite) is not reachable from where pulumi runs (${detail}); the public document is fine, and the appwriteRedirect check tests the URL from Appwrite's side`,
      ),
      document: pub.json as DiscoveryDocument,
    };
  }
  if (given.status !== 200) {
    return {
      result: failed(
        `${describeUrl(t.wellKnownUrl)} answered ${given.status}: the well-known URL given to Appwrite must be the exact URL of Pocket ID's document (${publicUrl}); fix appwriteWellKnownUrl or pocketIdUrl`,
      ),
    };
  }
  const verdict = judgeDiscovery(given.json, t.expectedIssuer, t.wellKnownUrl);
  return { result: verdict, document: verdict === OK ? (given.json as DiscoveryDocument) : undefined };
}

// ---------------------------------------------------------------------------------------------------------
// authorize

/** The authorize request Appwrite makes (Oidc::getLoginURL): code flow, "openid profile email", a state, no PKCE. */
export function authorizeRequestUrl(
  authorizationEndpoint: string,
  clientId: string,
  redirectUri: string,
  state: string,
): string {
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    state,
    scope: "openid profile email",
    response_type: "code",
  });
  return `${authorizationEndpoint}?${params.toString()}`;
}

/** Names the likely cause of an authorize error message from Pocket ID (fosite hints or its own codes). */
function explainAuthorizeError(message: string, t: VerifyTarget): string {
  const text = scrub(message, t);
  if (/redirect|callback/i.test(text)) {
    return (
      `Pocket ID rejects the redirect URI ${t.redirectUri} for client "${t.clientId}" (${text}): ` +
      `register exactly this callback URL on the client (scheme, host, port and path must match; no trailing slash)`
    );
  }
  if (/client/i.test(text) && /exist|unknown|not found|invalid_client/i.test(text)) {
    return `Pocket ID does not know client "${t.clientId}" (${text}): the OIDC client was deleted or the client id differs`;
  }
  if (/code_challenge|pkce/i.test(text)) {
    return `Pocket ID requires PKCE for client "${t.clientId}" (${text}), which Appwrite never sends: set pkceEnabled false and isPublic false`;
  }
  return `Pocket ID refused the authorize request of client "${t.clientId}": ${text}`;
}

/** Judges Pocket ID's answer to an unauthenticated authorize request (v2.14.0 oidc/authorization_handler.go). */
export function judgeAuthorizeResponse(
  res: { status: number; location?: string | null; json?: unknown; text?: string },
  t: VerifyTarget,
  requestUrl: string,
): string {
  if (res.status >= 300 && res.status < 400 && res.location) {
    const location = new URL(res.location, requestUrl);
    const error = location.searchParams.get("error");
    const toClient = `${location.origin}${location.pathname}` === t.redirectUri;
    if (toClient && error) {
      const description = location.searchParams.get("error_description") ?? "";
      return failed(explainAuthorizeError(`${error}${description ? `: ${description}` : ""}`, t));
    }
    if (error || location.pathname.endsWith("/interaction/error") || location.pathname === "/error") {
      return failed(explainAuthorizeError(error ?? location.pathname, t));
    }
    return OK; // on to the sign-in interaction: client and redirect URI were accepted
  }
  if (res.status >= 200 && res.status < 300) return OK;
  const body = (res.json ?? {}) as { error?: string; code?: string; error_description?: string };
  const message = [body.code ?? body.error, body.error_description ?? (body.code ? body.error : undefined)]
    .filter(Boolean)
    .join(": ");
  return failed(
    explainAuthorizeError(
      `${res.status}${message ? ` ${message}` : ` ${(res.text ?? "").slice(0, 120)}`}`,
      t,
    ),
  );
}

export async function checkAuthorize(t: VerifyTarget, document?: DiscoveryDocument): Promise<string> {
  const endpoint = document?.authorization_endpoint ?? `${trimSlash(t.pocketIdUrl)}/authorize`;
  const url = authorizeRequestUrl(
    endpoint,
    t.clientId,
    t.redirectUri,
    JSON.stringify({ probe: randomBytes(8).toString("hex") }),
  );
  try {
    const res = await send({
      method: "GET",
      url,
      manualRedirect: true,
      timeoutMs: t.timeoutMs ?? 15_000,
      retries: 1,
      backoffMs: 200,
    });
    return judgeAuthorizeResponse(
      { status: res.status, location: res.headers.get("location"), json: res.json, text: res.text },
      t,
      url,
    );
  } catch (err) {
    return failed(
      `the authorize endpoint ${describeUrl(endpoint)} is unreachable (${(err as Error).message})`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// clientSecret

export interface TokenAnswer {
  status: number;
  error?: string;
}

/** Judges the token endpoint's answers to the real secret and to a wrong one (client_credentials, client_secret_post). */
export function judgeTokenAnswers(real: TokenAnswer, wrong: TokenAnswer, clientId: string): string {
  if (real.error === "invalid_client" || real.status === 401) {
    return failed(
      `Pocket ID rejects the client secret of client "${clientId}" (${real.status} ${real.error ?? ""}): it is not an active secret of the client any more ` +
        `(deleted or rotated outside the stack); change clientSecretRotation to issue a new one`,
    );
  }
  if (real.status !== 200 && !real.error) {
    return failed(
      `the token endpoint answered ${real.status} without an OAuth error, so it is not Pocket ID's token endpoint`,
    );
  }
  if (wrong.status === 200) {
    return failed(
      `Pocket ID accepted a wrong client secret for client "${clientId}": the client does not authenticate with its secret (a public client?); Appwrite needs a confidential client`,
    );
  }
  if (wrong.error !== "invalid_client" && wrong.status !== 401) {
    return failed(
      `Pocket ID answered a wrong client secret with ${wrong.status} ${wrong.error ?? ""} instead of invalid_client`,
    );
  }
  // A refusal other than invalid_client (e.g. invalid_scope) still means the secret authenticated.
  return OK;
}

async function tokenRequest(
  tokenEndpoint: string,
  clientId: string,
  secret: string,
  timeoutMs: number,
): Promise<TokenAnswer> {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: secret,
  }).toString();
  const res = await send({
    method: "POST",
    url: tokenEndpoint,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    timeoutMs,
  });
  const error = (res.json as { error?: unknown } | undefined)?.error;
  return { status: res.status, error: typeof error === "string" ? error : undefined };
}

export async function checkClientSecret(t: VerifyTarget, document?: DiscoveryDocument): Promise<string> {
  const timeoutMs = t.timeoutMs ?? 15_000;
  const publicToken = `${trimSlash(t.pocketIdUrl)}/api/oidc/token`;
  const candidates = [...new Set([document?.token_endpoint, publicToken].filter((u): u is string => !!u))];
  let lastError = "";
  // token_endpoint follows INTERNAL_APP_URL and may be private: fall back to the public URL.
  for (const endpoint of candidates) {
    try {
      const real = await tokenRequest(endpoint, t.clientId, t.clientSecret, timeoutMs);
      const wrong = await tokenRequest(
        endpoint,
        t.clientId,
        `wrong-${randomBytes(16).toString("hex")}`,
        timeoutMs,
      );
      return judgeTokenAnswers(real, wrong, t.clientId);
    } catch (err) {
      lastError = scrub((err as Error).message, t);
    }
  }
  return failed(`Pocket ID's token endpoint is unreachable (${lastError})`);
}

// ---------------------------------------------------------------------------------------------------------
// appwriteRedirect

/** Judges the redirect Appwrite builds against Pocket ID's authorize endpoint, the client id and the redirect URI. */
export function judgeAppwriteRedirect(
  redirect: AuthorizeRedirect,
  expected: { authorizeUrl: string; clientId: string; redirectUri: string; wellKnownUrl: string },
): string {
  const problems: string[] = [];
  if (!redirect.authorizeUrl) {
    problems.push(
      `Appwrite redirected to "${redirect.location.slice(0, 80)}" without an authorize endpoint: the document at the well-known URL (${describeUrl(expected.wellKnownUrl)}) has no authorization_endpoint`,
    );
  } else if (trimSlash(redirect.authorizeUrl) !== trimSlash(expected.authorizeUrl)) {
    problems.push(
      `Appwrite sends users to ${redirect.authorizeUrl}, but Pocket ID's authorize endpoint is ${expected.authorizeUrl}: the well-known URL given to Appwrite (${describeUrl(expected.wellKnownUrl)}) belongs to another Pocket ID or advertises a URL browsers do not use`,
    );
  }
  if (redirect.clientId !== expected.clientId) {
    problems.push(
      `Appwrite sends client id "${redirect.clientId}", expected "${expected.clientId}": the Appwrite OIDC settings were changed outside the stack or another stack holds them; run pulumi up`,
    );
  }
  if (redirect.redirectUri !== expected.redirectUri) {
    problems.push(describeRedirectMismatch(redirect.redirectUri, expected.redirectUri));
  }
  return problems.length > 0 ? failed(problems.join("; ")) : OK;
}

/** The likely cause of a redirect URI Appwrite builds differently from the one registered in Pocket ID. */
export function describeRedirectMismatch(actual: string, expected: string): string {
  const head = `Appwrite sends redirect_uri ${actual || "(none)"}, but Pocket ID has ${expected} registered`;
  let a: URL;
  let e: URL;
  try {
    a = new URL(actual);
    e = new URL(expected);
  } catch {
    return `${head}; register the URI Appwrite sends, or fix appwriteEndpoint`;
  }
  if (a.protocol === "http:" && e.protocol === "https:") {
    return (
      `${head}: Appwrite built an http:// callback, so it runs behind a TLS-terminating proxy without _APP_OPTIONS_FORCE_HTTPS=enabled ` +
      `(or without forwarding X-Forwarded-Proto/Host/Port); set _APP_OPTIONS_FORCE_HTTPS=enabled on Appwrite, or add the http:// URI to extraCallbackUrls`
    );
  }
  if (a.protocol === "https:" && e.protocol === "http:") {
    return `${head}: Appwrite builds https:// callbacks (_APP_OPTIONS_FORCE_HTTPS is not "disabled") while appwriteEndpoint is http://; use the https:// endpoint`;
  }
  if (a.host !== e.host) {
    return (
      `${head}: Appwrite saw the host ${a.host} (from Host / X-Forwarded-Host / X-Forwarded-Port), not ${e.host}; ` +
      `appwriteEndpoint is not the public URL browsers use, or a proxy rewrites the Host header or port`
    );
  }
  return `${head}; appwriteEndpoint or appwriteProjectId do not match the Appwrite project that answers`;
}

/** Names the likely cause of the guest probe getting no redirect. */
export function explainProbeFailure(err: AppwriteProbeError, t: VerifyTarget): string {
  const detail = [
    err.status,
    err.type,
    err.serverMessage && err.serverMessage !== "Server Error" ? err.serverMessage : "",
  ]
    .filter(Boolean)
    .join(" ");
  if (err.type === "project_provider_disabled") {
    return `Appwrite's OIDC provider is disabled or has no credentials (${detail}): it was switched off outside the stack; run pulumi up to enable it again`;
  }
  if (err.type === "project_not_found") {
    return `Appwrite has no project "${t.appwriteProjectId}" (${detail}): check appwriteProjectId`;
  }
  if (err.type.startsWith("user_oauth2") || err.type === "general_unknown") {
    return (
      `Appwrite could not read the well-known document at ${describeUrl(t.wellKnownUrl)} from its own server (${detail}): ` +
      `Appwrite fetches it at every login from inside its container; set appwriteWellKnownUrl to a URL Appwrite can reach ` +
      `(for example Pocket ID on Appwrite's Docker network), with a certificate Appwrite trusts`
    );
  }
  if (err.type === "general_route_not_found") {
    return `Appwrite has no OAuth2 token route (${detail}): appwriteEndpoint must be the API root ending in /v1`;
  }
  return scrub(err.message, t);
}

export async function checkAppwriteRedirect(t: VerifyTarget, document?: DiscoveryDocument): Promise<string> {
  if (!t.appwriteEndpoint || !t.appwriteProjectId)
    return skipped("no Appwrite configured (appwriteEndpoint is unset)");
  const authorizeUrl = document?.authorization_endpoint ?? `${trimSlash(t.pocketIdUrl)}/authorize`;
  let redirect: AuthorizeRedirect;
  try {
    redirect = await probeOidcRedirect(t.appwriteEndpoint, t.appwriteProjectId, t.timeoutMs ?? 15_000);
  } catch (err) {
    if (err instanceof AppwriteProbeError) return failed(explainProbeFailure(err, t));
    return failed(scrub(`the guest OAuth2 probe failed: ${(err as Error).message}`, t));
  }
  return judgeAppwriteRedirect(redirect, {
    authorizeUrl,
    clientId: t.clientId,
    redirectUri: t.redirectUri,
    wellKnownUrl: t.wellKnownUrl,
  });
}

/** Runs every check; discovery first, since the others use its endpoints. */
export async function runChecks(t: VerifyTarget): Promise<ChainChecks> {
  const discovery = await checkDiscovery(t);
  const [authorize, clientSecret, appwriteRedirect] = await Promise.all([
    checkAuthorize(t, discovery.document),
    checkClientSecret(t, discovery.document),
    checkAppwriteRedirect(t, discovery.document),
  ]);
  const checks = { discovery: discovery.result, authorize, clientSecret, appwriteRedirect };
  return {
    discovery: scrub(checks.discovery, t),
    authorize: scrub(checks.authorize, t),
    clientSecret: scrub(checks.clientSecret, t),
    appwriteRedirect: scrub(checks.appwriteRedirect, t),
  };
}
