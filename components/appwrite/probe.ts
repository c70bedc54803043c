// The guest redirect probe: ask Appwrite, as a browser would (no API key), to start an `oidc` OAuth2 login and
// read where it sends the user. That URL carries the redirect_uri Appwrite really uses, built from the Host it
// sees and _APP_OPTIONS_FORCE_HTTPS, and proves Appwrite itself could fetch the well-known document.
import { describeUrl, send } from "../http";
import { AppwriteTimeoutError, isAppwriteException, redact, withTimeout } from "./errors";
import { normalizeEndpoint } from "./redirect-uri";

/** Appwrite's redirect to the IdP, parsed. */
export interface AuthorizeRedirect {
  /** The whole Location header. */
  location: string;
  /** Origin + path of the authorize endpoint, e.g. https://id.example.com/authorize ("" when Appwrite had none). */
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  responseType: string;
  state: string;
}

/** Why the probe got no redirect: Appwrite's status and error type (from its HTML error page), or a network failure. */
export class AppwriteProbeError extends Error {
  constructor(
    message: string,
    public readonly status: number | undefined,
    public readonly type: string,
    public readonly serverMessage: string,
  ) {
    super(message);
    this.name = "AppwriteProbeError";
  }
}

/** Splits a Location header into the authorize endpoint and its query parameters. */
export function parseAuthorizeRedirect(location: string): AuthorizeRedirect {
  const queryStart = location.indexOf("?");
  const base = queryStart >= 0 ? location.slice(0, queryStart) : location;
  const params = new URLSearchParams(queryStart >= 0 ? location.slice(queryStart + 1) : "");
  let authorizeUrl = "";
  if (base) {
    try {
      const u = new URL(base);
      authorizeUrl = `${u.origin}${u.pathname}`;
    } catch {
      authorizeUrl = base;
    }
  }
  return {
    location,
    authorizeUrl,
    clientId: params.get("client_id") ?? "",
    redirectUri: params.get("redirect_uri") ?? "",
    scope: params.get("scope") ?? "",
    responseType: params.get("response_type") ?? "",
    state: params.get("state") ?? "",
  };
}

/** The error type and message of Appwrite's HTML error page (app/views/general/error.phtml), or of a JSON body. */
export function parseAppwriteErrorPage(body: string): { type: string; message: string } {
  try {
    const json = JSON.parse(body) as { type?: string; message?: string };
    if (json && typeof json === "object") return { type: json.type ?? "", message: json.message ?? "" };
  } catch {
    // HTML, below
  }
  const decode = (s: string) =>
    s
      .replace(/<[^>]*>/g, "")
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&")
      .trim();
  const type = /<span class=['"]type['"]>([\s\S]*?)<\/span>/.exec(body)?.[1];
  const message = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1];
  return { type: type ? decode(type) : "", message: message ? decode(message) : "" };
}

/**
 * Runs the guest probe: `Account.createOAuth2Token({ provider: "oidc" })` with no key and no success/failure
 * URLs (they would have to be registered platforms). Resolves with the parsed redirect; rejects with
 * AppwriteProbeError when Appwrite answers anything but a redirect.
 */
export async function probeOidcRedirect(
  endpoint: string,
  projectId: string,
  timeoutMs = 30_000,
): Promise<AuthorizeRedirect> {
  const api = normalizeEndpoint(endpoint);
  const sdk = require("node-appwrite");
  const guest = new sdk.Client().setEndpoint(api).setProject(projectId);
  const operation = "GET /v1/account/tokens/oauth2/oidc";
  let location: string;
  try {
    location = await withTimeout(
      new sdk.Account(guest).createOAuth2Token({ provider: "oidc" }) as Promise<string>,
      timeoutMs,
      operation,
    );
  } catch (err) {
    if (err instanceof AppwriteTimeoutError) {
      throw new AppwriteProbeError(
        `Appwrite ${operation} at ${api} gave no answer within ${timeoutMs} ms`,
        undefined,
        "",
        "",
      );
    }
    if (isAppwriteException(err)) {
      // node-appwrite's redirect() drops the body ("Invalid redirect"); read Appwrite's error page once more.
      throw await diagnoseNonRedirect(api, projectId, err.code, timeoutMs);
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = [cause?.code, cause?.message ?? (err as Error).message].filter(Boolean).join(": ");
    throw new AppwriteProbeError(
      `Appwrite ${operation} at ${api} failed: cannot reach ${api} (${detail})`,
      undefined,
      "",
      "",
    );
  }
  return parseAuthorizeRedirect(location);
}

async function diagnoseNonRedirect(
  api: string,
  projectId: string,
  status: number,
  timeoutMs: number,
): Promise<AppwriteProbeError> {
  const url = `${api}/account/tokens/oauth2/oidc?project=${encodeURIComponent(projectId)}`;
  let type = "";
  let message = "";
  try {
    const res = await send({
      method: "GET",
      url,
      headers: { "X-Appwrite-Project": projectId, Accept: "text/html" },
      manualRedirect: true,
      timeoutMs,
      retries: 0,
    });
    ({ type, message } = parseAppwriteErrorPage(res.text));
  } catch {
    // keep the status alone
  }
  const detail = [type, message].filter(Boolean).join(": ");
  return new AppwriteProbeError(
    redact(
      `Appwrite GET ${describeUrl(url)} answered ${status} instead of a redirect${detail ? ` (${detail})` : ""}`,
    ),
    status,
    type,
    message,
  );
}
