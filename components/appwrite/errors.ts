// What goes wrong talking to Appwrite, in sentences a user can act on: which scope, which version,
// which endpoint. Pure functions (no imports of node-appwrite), so dynamic providers serialize them.

/** Versions with PATCH /v1/project/oauth2/oidc (added in commit ffd0dbd406, first tag 1.9.5). */
export const MIN_APPWRITE_VERSION = "1.9.5";

/** The last release that guards the OIDC routes with `oauth2.*`; main renamed them to `project.oauth2.*`. */
const LAST_LEGACY_SCOPE_VERSION = "1.9.6";

/** [major, minor, patch] of "1.9.6", "v1.9.6" or "1.9.6-rc.1"; undefined when unreadable. */
export function parseVersion(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec((version ?? "").trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Negative, zero or positive like a sort comparator; unreadable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a) ?? [0, 0, 0];
  const vb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (va[i] !== vb[i]) return va[i] - vb[i];
  return 0;
}

/** The key scopes the OIDC routes need on this server version (route labels @1.9.5/1.9.6 and main). */
export function oauth2ScopesFor(version: string): { read: string; write: string } {
  return compareVersions(version, LAST_LEGACY_SCOPE_VERSION) <= 0
    ? { read: "oauth2.read", write: "oauth2.write" }
    : { read: "project.oauth2.read", write: "project.oauth2.write" };
}

/** The values to enter in the Appwrite console by hand on a server the stack cannot configure. */
export interface ManualOidcSettings {
  endpoint: string;
  projectId: string;
  clientId: string;
  wellKnownUrl: string;
  redirectUri: string;
}

/** Why this server cannot be configured, or undefined when it can. */
export function unsupportedVersionMessage(version: string, manual: ManualOidcSettings): string | undefined {
  if (parseVersion(version) && compareVersions(version, MIN_APPWRITE_VERSION) >= 0) return undefined;
  return (
    `Appwrite at ${manual.endpoint} reports version ${version || "unknown"}, which has no API to configure ` +
    `the OIDC provider with a project API key (PATCH /v1/project/oauth2/oidc exists from ${MIN_APPWRITE_VERSION}). ` +
    `Upgrade Appwrite to ${MIN_APPWRITE_VERSION} or later, or configure it by hand in the Appwrite console ` +
    `(project ${manual.projectId} → Auth → Settings → OpenID Connect) with client ID "${manual.clientId}", ` +
    `well-known URL "${manual.wellKnownUrl}" and the client secret from \`pulumi stack output oidcClientSecret --show-secrets\`; ` +
    `Pocket ID must allow the redirect URI "${manual.redirectUri}". Then remove appwriteEndpoint from the stack config so ` +
    `the stack stops managing Appwrite.`
  );
}

/** The scopes an Appwrite 401 general_unauthorized_scope names: `... missing scopes (["oauth2.write"])`. */
export function missingScopesFromMessage(message: string): string[] {
  const m = /missing scopes \((\[.*?\])\)/.exec(message ?? "");
  if (!m) return [];
  try {
    const parsed = JSON.parse(m[1]) as unknown;
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}

/** The fields of an AppwriteException (node-appwrite 27: name, message, code = HTTP status, type, response). */
export interface AppwriteErrorShape {
  name?: string;
  message: string;
  code: number;
  type: string;
  response?: string;
}

/** True for an AppwriteException thrown by node-appwrite's Client.call (checked by shape, not by class). */
export function isAppwriteException(err: unknown): err is AppwriteErrorShape {
  const e = err as Partial<AppwriteErrorShape> | undefined;
  return !!e && e.name === "AppwriteException" && typeof e.code === "number";
}

/** A timeout of a call the provider abandoned (node-appwrite has no timeout of its own). */
export class AppwriteTimeoutError extends Error {
  constructor(
    public readonly operation: string,
    public readonly ms: number,
  ) {
    super(`${operation}: no answer within ${ms} ms`);
    this.name = "AppwriteTimeoutError";
  }
}

/** What the translation needs to know about the call that failed. */
export interface AppwriteCallContext {
  /** e.g. "PATCH /v1/project/oauth2/oidc" */
  operation: string;
  endpoint: string;
  projectId: string;
  serverVersion?: string;
  /** The scope this call needs on `serverVersion`. */
  scope?: string;
  /** Values that must never appear in a message (secrets, keys). */
  redact?: string[];
  /** True for calls that change state: a timeout means "maybe applied". */
  mutating?: boolean;
}

/** Replaces every occurrence of the given values (secrets, API keys) with "[redacted]". */
export function redact(text: string, values: (string | undefined)[] = []): string {
  let out = text;
  for (const v of values) {
    if (v && v.length >= 4) out = out.split(v).join("[redacted]");
  }
  return out;
}

const TLS_CODES = [
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
];

/** The network cause of an undici `TypeError: fetch failed` (or a NetworkError's message), if any. */
function networkCause(err: unknown): { code?: string; message: string } | undefined {
  const e = err as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string; cause?: unknown };
  };
  if (!e) return undefined;
  if (e.name === "NetworkError") return { message: e.message ?? "network error" };
  if (e.name === "TypeError" && /fetch failed/.test(e.message ?? "") && e.cause) {
    const inner = (e.cause as { cause?: { code?: string; message?: string } }).cause;
    return {
      code: e.cause.code ?? inner?.code,
      message: e.cause.message ?? inner?.message ?? "fetch failed",
    };
  }
  return undefined;
}

/** The `version` Appwrite puts in every error body, when the body was JSON. */
function versionInBody(response: string | undefined): string | undefined {
  try {
    const v = (JSON.parse(response ?? "") as { version?: unknown }).version;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns any failure of an Appwrite call into an Error whose message says what failed, where, and what to
 * do, with HTTP status and Appwrite error type. Secrets listed in ctx.redact never appear.
 */
export function explainAppwriteError(err: unknown, ctx: AppwriteCallContext): Error {
  return new Error(redact(sentenceFor(err, ctx), ctx.redact));
}

function sentenceFor(err: unknown, ctx: AppwriteCallContext): string {
  const where = `Appwrite ${ctx.operation} at ${ctx.endpoint} (project ${ctx.projectId})`;
  if (err instanceof AppwriteTimeoutError) {
    return (
      `${where} gave no answer within ${err.ms} ms.` +
      (ctx.mutating
        ? " The change may or may not have been applied; run pulumi up again, it is safe to repeat."
        : " Check that the endpoint is up and reachable from here.")
    );
  }
  const net = networkCause(err);
  if (net) {
    const detail = [net.code, net.message].filter(Boolean).join(": ");
    const tls = TLS_CODES.some((code) => detail.includes(code)) || /certificate|ssl|tls/i.test(detail);
    return tls
      ? `${where} failed: TLS error (${detail}). The certificate of ${ctx.endpoint} is not trusted by Node.js; use a publicly trusted certificate, or add the CA with NODE_EXTRA_CA_CERTS.`
      : `${where} failed: cannot reach ${ctx.endpoint} (${detail}). Check appwriteEndpoint and that Appwrite is reachable from where pulumi runs.`;
  }
  if (!isAppwriteException(err)) {
    return `${where} failed: ${(err as Error)?.message ?? String(err)}`;
  }
  const version = versionInBody(err.response) ?? ctx.serverVersion;
  const status = `${err.code}${err.type ? ` ${err.type}` : ""}`;
  const versionText = version ? ` (Appwrite ${version})` : "";
  switch (err.type) {
    case "general_unauthorized_scope": {
      if (/role: guests/.test(err.message)) {
        return (
          `${where} returned ${status}: Appwrite treated the request as a guest, so the API key is not a key of project ${ctx.projectId} ` +
          `(wrong key, a deleted key, or a key of another project). Set appwriteApiKey to a project API key of ${ctx.projectId}` +
          (ctx.scope ? ` with the scope ${ctx.scope}.` : ".")
        );
      }
      const named = missingScopesFromMessage(err.message);
      const scopes = named.length > 0 ? named : ctx.scope ? [ctx.scope] : [];
      const list = scopes.map((s) => `"${s}"`).join(", ") || "the OAuth2 scopes";
      return (
        `${where} returned ${status}: the API key lacks the scope ${list}${versionText}. ` +
        `Add it to the key in the Appwrite console (project ${ctx.projectId} → Overview → Integrations → API keys), or set appwriteApiKey to a key that has it. ` +
        `Appwrite 1.9.5 and 1.9.6 call the OIDC scopes oauth2.read/oauth2.write; later versions call them project.oauth2.read/project.oauth2.write.`
      );
    }
    case "project_key_expired":
      return `${where} returned ${status}: the API key has expired. Create a new project API key and set appwriteApiKey.`;
    case "general_route_not_found":
      return (
        `${where} returned ${status}: this server has no such route${versionText}. ` +
        `Either Appwrite is older than ${MIN_APPWRITE_VERSION} (upgrade it), or appwriteEndpoint is not the API root (it must end in /v1, e.g. https://fra.cloud.appwrite.io/v1).`
      );
    case "project_not_found":
      return `${where} returned ${status}: Appwrite has no project "${ctx.projectId}". Check appwriteProjectId (the project ID, not its name).`;
    case "general_argument_invalid":
      return `${where} returned ${status}: Appwrite rejected the OIDC settings: ${err.message}`;
    case "general_access_forbidden":
      return `${where} returned ${status}: ${err.message}`;
    default:
      if (!err.type) {
        return (
          `${where} returned HTTP ${err.code} with a body that is not an Appwrite error (${(err.message ?? "").slice(0, 120)}). ` +
          `A reverse proxy or another service answers at ${ctx.endpoint}; check appwriteEndpoint.`
        );
      }
      if (err.code >= 500) {
        return `${where} returned ${status}: ${err.message}${versionText}. Appwrite failed on its side; run pulumi up again, and check the Appwrite logs if it persists.`;
      }
      return `${where} returned ${status}: ${err.message}${versionText}`;
  }
}

/** Rejects after `ms` with AppwriteTimeoutError; node-appwrite calls have no timeout of their own. */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppwriteTimeoutError(operation, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
