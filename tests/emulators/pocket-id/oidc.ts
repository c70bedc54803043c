// Behaviour follows Pocket ID v2.14.0 (controller/well_known_controller.go, oidc/authorization_handler.go,
// oidc/authorization_service.go, oidc/token_handler.go, oidc/client.go) and the fosite fork it builds on
// (authorize_request_handler.go, authorize_error.go, client_authentication.go, flow_client_credentials.go).
// The RFC 9207 `iss` parameter on error redirects is inferred from `AuthorizationResponseIssuer` and the
// discovery flag `authorization_response_iss_parameter_supported` (UNVERIFIED against fosite v1.3.0).
import { randomUUID } from "node:crypto";
import { resolveRedirectUri } from "./callback-urls";
import { randomToken } from "./clients";
import { json, type ApiRequest, type EmulatorContext, type Reply, type Route } from "./routing";
import { isSecretActive, sha256Hex, type OidcClientRecord } from "./state";

/** A fosite `RFC6749Error`: the description sent to clients is `description + " " + hint`. */
interface OAuthError {
  error: string;
  description: string;
  hint?: string;
  status: number;
}

const INVALID_REQUEST =
  "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.";
const DEFAULT_INVALID_REQUEST_HINT =
  "Make sure that the various parameters are correct, be aware of case sensitivity and trim your parameters. Make sure that the client you are using has exactly whitelisted the redirect_uri you specified.";

const invalidRequest = (hint = DEFAULT_INVALID_REQUEST_HINT): OAuthError => ({
  error: "invalid_request",
  description: INVALID_REQUEST,
  hint,
  status: 400,
});
const invalidClient = (hint?: string): OAuthError => ({
  error: "invalid_client",
  description:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
  hint,
  status: 401,
});
const unsupportedResponseType = (hint: string): OAuthError => ({
  error: "unsupported_response_type",
  description: "The authorization server does not support obtaining a token using this method.",
  hint,
  status: 400,
});
const invalidGrant = (hint?: string): OAuthError => ({
  error: "invalid_grant",
  description:
    "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
  hint,
  status: 400,
});
const invalidScope = (hint: string): OAuthError => ({
  error: "invalid_scope",
  description: "The requested scope is invalid, unknown, or malformed.",
  hint,
  status: 400,
});

const describe = (e: OAuthError): string =>
  (e.hint ? `${e.description} ${e.hint}` : e.description).replace(/"/g, "'");

const STANDARD_SCOPES = ["openid", "profile", "email", "groups", "offline_access"];
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

/** Go's `url.Values.Encode`: keys sorted, spaces as `+`. */
function encodeValues(values: Map<string, string[]>): string {
  return [...values.keys()]
    .sort()
    .flatMap((key) => values.get(key)!.map((v) => `${encodeQuery(key)}=${encodeQuery(v)}`))
    .join("&");
}

const encodeQuery = (text: string): string =>
  encodeURIComponent(text)
    .replace(/%20/g, "+")
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function discoveryDocument(appUrl: string): Record<string, unknown> {
  return {
    issuer: appUrl,
    authorization_endpoint: `${appUrl}/authorize`,
    token_endpoint: `${appUrl}/api/oidc/token`,
    userinfo_endpoint: `${appUrl}/api/oidc/userinfo`,
    end_session_endpoint: `${appUrl}/api/oidc/end-session`,
    introspection_endpoint: `${appUrl}/api/oidc/introspect`,
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "Bearer"],
    device_authorization_endpoint: `${appUrl}/api/oidc/device/authorize`,
    jwks_uri: `${appUrl}/.well-known/jwks.json`,
    grant_types_supported: [
      "authorization_code",
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:device_code",
      "client_credentials",
    ],
    scopes_supported: STANDARD_SCOPES,
    claims_supported: [
      "sub",
      "given_name",
      "family_name",
      "name",
      "display_name",
      "email",
      "email_verified",
      "preferred_username",
      "picture",
      "groups",
      "auth_time",
      "amr",
    ],
    response_types_supported: ["code"],
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    authorization_response_iss_parameter_supported: true,
    code_challenge_methods_supported: ["plain", "S256"],
    request_parameter_supported: true,
    request_uri_parameter_supported: false,
    request_object_signing_alg_values_supported: ["none"],
    prompt_values_supported: ["none", "login", "consent", "select_account"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    pushed_authorization_request_endpoint: `${appUrl}/api/oidc/par`,
    require_pushed_authorization_requests: false,
    client_id_metadata_document_supported: false,
    service_documentation: "https://pocket-id.org/docs",
  };
}

/** `redirectToInteractionError`: errors that cannot go back to the client land on Pocket ID's error page. */
function interactionError(error: OAuthError): Reply {
  const message = error.hint || error.description;
  const location = `/interaction/error?${encodeValues(new Map([["error", [message]]]))}`;
  return { status: 302, headers: { Location: location }, text: "" };
}

/** fosite `WriteAuthorizeError` with a valid redirect URI: 303 back to the client. */
function redirectError(
  redirectUri: string,
  responseMode: string,
  state: string,
  error: OAuthError,
  appUrl: string,
): Reply {
  const url = new URL(redirectUri);
  url.hash = "";
  const values = new Map<string, string[]>([
    ["error", [error.error]],
    ["error_description", [describe(error)]],
    ["iss", [appUrl]],
    ["state", [state]],
  ]);
  if (responseMode === "fragment") {
    return {
      status: 303,
      headers: { ...NO_STORE, Location: `${url.toString()}#${encodeValues(values)}` },
      text: "",
    };
  }
  for (const [key, value] of url.searchParams) values.set(key, [...(values.get(key) ?? []), value]);
  url.search = "";
  const base = url.toString().replace(/\?$/, "");
  if (responseMode === "form_post") {
    const inputs = [...values].map(([k, v]) => `<input type="hidden" name="${k}" value="${v[0]}"/>`).join("");
    return {
      status: 200,
      contentType: "text/html;charset=UTF-8",
      headers: NO_STORE,
      text: `<html><body onload="document.forms[0].submit()"><form method="post" action="${base}">${inputs}</form></body></html>`,
    };
  }
  return { status: 303, headers: { ...NO_STORE, Location: `${base}?${encodeValues(values)}` }, text: "" };
}

/** Form parameters of an authorize request (query string, plus a form body on POST). */
function authorizeParams(request: ApiRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  if (
    request.method === "POST" &&
    /application\/x-www-form-urlencoded/.test(request.headers["content-type"] ?? "")
  ) {
    for (const [k, v] of new URLSearchParams(request.body.toString("utf8"))) params.append(k, v);
  }
  return params;
}

/** `GET /authorize` without a signed-in user, as the API-only v2.14.0 build answers it. */
function authorize(request: ApiRequest, context: EmulatorContext): Reply {
  const params = authorizeParams(request);
  const client = context.state.clients.get(params.get("client_id") ?? "");
  if (!client) return interactionError(invalidClient("The requested OAuth 2.0 Client does not exist."));

  const responseMode = params.get("response_mode") ?? "";
  if (!["", "query", "fragment", "form_post"].includes(responseMode)) {
    return interactionError({
      error: "unsupported_response_mode",
      description: "The authorization server does not support obtaining a response using this response mode.",
      hint: `Request with unsupported response_mode "${responseMode}".`,
      status: 400,
    });
  }
  const scopes = (params.get("scope") ?? "").split(" ").filter(Boolean);
  const rawRedirect = params.get("redirect_uri") ?? "";
  if (rawRedirect === "" && scopes.includes("openid")) {
    return interactionError(
      invalidRequest("The 'redirect_uri' parameter is required when using OpenID Connect 1.0."),
    );
  }
  const redirectUri = resolveRedirectUri(rawRedirect, client.callbackURLs ?? []);
  if (redirectUri === null) {
    return interactionError(
      invalidRequest(
        "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.",
      ),
    );
  }

  const state = params.get("state") ?? "";
  const fail = (error: OAuthError) =>
    redirectError(redirectUri, responseMode || "query", state, error, context.appUrl);
  const responseTypes = (params.get("response_type") ?? "").split(" ").filter(Boolean);
  if (responseTypes.length === 0) {
    return fail(unsupportedResponseType("`The request is missing the 'response_type' parameter."));
  }
  if (responseTypes.length !== 1 || responseTypes[0] !== "code") {
    return fail(
      unsupportedResponseType(
        `The client is not allowed to request response_type '${params.get("response_type")}'.`,
      ),
    );
  }
  const prompts = (params.get("prompt") ?? "").split(" ").filter(Boolean);
  if (scopes.includes("openid") && prompts.length > 0) {
    if (prompts.some((p) => !["login", "none", "consent", "select_account"].includes(p))) {
      return fail(invalidRequest(`Used unknown value '[${prompts.join(" ")}]' for prompt parameter`));
    }
    if (prompts.includes("none") && prompts.length > 1) {
      return fail(
        invalidRequest(
          "Parameter 'prompt' was set to 'none', but contains other values as well which is not allowed.",
        ),
      );
    }
  }
  if (state.length < 8) {
    return fail({
      error: "invalid_state",
      description:
        "The state is missing or does not have enough characters and is therefore considered too weak.",
      hint: "Request parameter 'state' must be at least be 8 characters long to ensure sufficient entropy.",
      status: 400,
    });
  }
  // Pocket ID's own checks (authorizationService.authorize), before any user interaction.
  if (client.pkceEnabled && !params.get("code_challenge")) {
    return fail(invalidRequest("This client requires PKCE, but the 'code_challenge' parameter is missing."));
  }
  if (
    client.requiresPushedAuthorizationRequests &&
    !(params.get("request_uri") ?? "").startsWith("urn:ietf:params:oauth:request_uri:")
  ) {
    // `apperror.OidcPARRequired` is no RFC 6749 error, so fosite reports it as an unrecognisable one.
    return fail({ error: "error", description: "The error is unrecognizable", status: 500 });
  }
  // resolveGrant: the emulator has no APIs, so any resource and any non-standard scope is refused.
  if (params.get("resource")) return fail(invalidRequest("The 'resource' or 'scope' parameter is invalid."));
  const unknownScope = scopes.find((s) => !STANDARD_SCOPES.includes(s));
  if (unknownScope) {
    return fail(invalidScope(`The scope '${unknownScope}' is not available for the requested resource.`));
  }
  if (prompts.includes("none")) {
    return fail({
      error: "login_required",
      description: "The Authorization Server requires End-User authentication.",
      status: 400,
    });
  }
  // No signed-in user: the browser is sent to the (frontend) interaction page.
  return { status: 302, headers: { Location: `/interaction?interaction=${randomUUID()}` }, text: "" };
}

function oauthJsonError(error: OAuthError): Reply {
  return {
    status: error.status,
    contentType: "application/json;charset=UTF-8",
    headers: NO_STORE,
    text: JSON.stringify({ error: error.error, error_description: describe(error) }),
  };
}

/** Client authentication: HTTP Basic first, then `client_id`/`client_secret` in the form body. */
function authenticateClient(request: ApiRequest, form: URLSearchParams, context: EmulatorContext) {
  let clientId = form.get("client_id") ?? "";
  let clientSecret = form.get("client_secret") ?? "";
  const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    if (separator >= 0) {
      try {
        clientId = decodeURIComponent(decoded.slice(0, separator).replace(/\+/g, " "));
        clientSecret = decodeURIComponent(decoded.slice(separator + 1).replace(/\+/g, " "));
      } catch {
        return {
          error: invalidRequest(
            "The client id in the HTTP authorization header could not be decoded from 'application/x-www-form-urlencoded'.",
          ),
        };
      }
    }
  } else if (clientId === "") {
    return {
      error: invalidRequest(
        "Client credentials missing or malformed in both HTTP Authorization header and HTTP POST body.",
      ),
    };
  }
  const client = context.state.clients.get(clientId);
  if (!client) return { error: invalidClient() };
  if (client.isPublic) return { client };
  // Only active secrets authenticate (`Client.GetHashedSecret` / `GetRotatedHashes`).
  const hash = sha256Hex(clientSecret);
  const matches = client.secrets.some((s) => isSecretActive(s) && s.sha256 === hash);
  return matches ? { client } : { error: invalidClient() };
}

function clientCredentials(client: OidcClientRecord, form: URLSearchParams): Reply {
  if (client.isPublic) {
    return oauthJsonError(
      invalidGrant(
        "The OAuth 2.0 Client is marked as public and is thus not allowed to use authorization grant 'client_credentials'.",
      ),
    );
  }
  const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
  const unknown = scopes.find((s) => !STANDARD_SCOPES.includes(s));
  if (unknown)
    return oauthJsonError(
      invalidScope(`The scope '${unknown}' is not available for the requested resource.`),
    );
  return {
    status: 200,
    contentType: "application/json;charset=UTF-8",
    headers: NO_STORE,
    // Standard scopes are stripped from client-credentials grants, so `scope` is always empty without an API.
    text: JSON.stringify({
      access_token: randomToken(),
      expires_in: client.accessTokenDurationMinutes * 60 - 1,
      scope: "",
      token_type: "bearer",
    }),
  };
}

/** `POST /api/oidc/token` (fosite `NewAccessRequest`): only the client credentials grant is emulated in full. */
function token(request: ApiRequest, context: EmulatorContext): Reply {
  const contentType = request.headers["content-type"] ?? "";
  const form = /application\/x-www-form-urlencoded/i.test(contentType)
    ? new URLSearchParams(request.body.toString("utf8"))
    : new URLSearchParams();
  if ([...form.keys()].length === 0) return oauthJsonError(invalidRequest("The POST body can not be empty."));
  const grantTypes = (form.get("grant_type") ?? "").split(" ").filter(Boolean);
  if (grantTypes.length === 0)
    return oauthJsonError(invalidRequest("Request parameter 'grant_type' is missing"));

  const auth = authenticateClient(request, form, context);
  const grant = grantTypes.length === 1 ? grantTypes[0] : "";
  if (!["client_credentials", "authorization_code", "refresh_token"].includes(grant)) {
    return oauthJsonError(invalidRequest());
  }
  if (auth.error) return oauthJsonError(auth.error);
  if (grant === "client_credentials") return clientCredentials(auth.client!, form);
  // No user can sign in to the emulator, so no code or refresh token is ever valid.
  return oauthJsonError(invalidGrant());
}

export const oidcRoutes: Route[] = [
  { method: "GET", path: "/healthz", auth: "public", handle: () => ({ status: 204 }) },
  {
    method: "GET",
    path: "/.well-known/openid-configuration",
    auth: "public",
    handle: (_r, c) => json(200, discoveryDocument(c.appUrl)),
  },
  {
    method: "GET",
    path: "/.well-known/oauth-authorization-server",
    auth: "public",
    since: "2.14.0",
    handle: (_r, c) => json(200, discoveryDocument(c.appUrl)),
  },
  { method: "GET", path: "/.well-known/jwks.json", auth: "public", handle: () => json(200, { keys: [] }) },
  { method: "GET", path: "/authorize", auth: "public", handle: authorize },
  { method: "POST", path: "/authorize", auth: "public", handle: authorize },
  { method: "POST", path: "/api/oidc/token", auth: "public", handle: token },
];
