// Behaviour follows Pocket ID v2.14.0 (backend/internal/utils/callback_url_util.go, oidc/provider.go
// matchRedirectURI, fosite MatchRedirectURIWithClientRedirectURIs). Wildcards are approximated with regular
// expressions instead of go-urlpattern.

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

const isLoopbackHost = (host: string): boolean =>
  host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

/** `ValidateCallbackURLPattern`: `*`, or a URL with a scheme that is not javascript:/data:. */
export function isValidCallbackUrlPattern(raw: string): boolean {
  if (raw === "*") return true;
  let pattern = raw.split("#")[0];
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(pattern)) return false;
  if (pattern.startsWith("*://")) pattern = "https://" + pattern.slice("*://".length);
  const scheme = SCHEME.exec(pattern);
  if (!scheme) return false;
  if (["javascript", "data"].includes(scheme[1].toLowerCase())) return false;
  if (pattern.includes("://")) {
    // A wildcard port is replaced by 443 before parsing, as callbackURLPatternForURLParse does.
    const parseable = pattern.replace(/^([^/]*\/\/[^/?#]*):[^/?#\]]*\*[^/?#]*/, "$1:443");
    try {
      new URL(parseable);
    } catch {
      return false;
    }
  }
  return true;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Glob as Go's `path.Match` for query values: `*` = any run of non-`/` characters, `?` = one. */
function queryValueMatches(pattern: string, value: string): boolean {
  const source = [...pattern]
    .map((c) => (c === "*" ? "[^/]*" : c === "?" ? "[^/]" : escapeRegex(c)))
    .join("");
  return new RegExp(`^${source}$`).test(value);
}

function splitQuery(url: string): [string, URLSearchParams] {
  const index = url.indexOf("?");
  if (index < 0) return [url, new URLSearchParams()];
  return [url.slice(0, index), new URLSearchParams(url.slice(index + 1))];
}

function queryMatches(pattern: URLSearchParams, input: URLSearchParams): boolean {
  const patternKeys = [...new Set(pattern.keys())];
  const inputKeys = [...new Set(input.keys())];
  if (patternKeys.length !== inputKeys.length) return false;
  return patternKeys.every((key) => {
    const expected = pattern.getAll(key);
    const actual = input.getAll(key);
    return expected.length === actual.length && expected.every((v, i) => queryValueMatches(v, actual[i]));
  });
}

/** Turns one URL component with `*` (and `**` in paths) into a regular expression. */
function componentRegex(component: string, single: string, allowGlobstar: boolean): RegExp {
  let source = "";
  for (let i = 0; i < component.length; i++) {
    if (component[i] === "*") {
      if (allowGlobstar && component[i + 1] === "*") {
        source += ".*";
        i++;
      } else source += single;
    } else source += escapeRegex(component[i]);
  }
  return new RegExp(`^${source}$`, "i");
}

/** `matchCallbackURL`: exact compare, `*`, then a wildcard match of scheme, host, port, path and query. */
export function matchCallbackUrl(pattern: string, input: string): boolean {
  if (pattern === input || pattern === "*") return true;
  const [patternBase, patternQuery] = splitQuery(pattern.split("#")[0]);
  const [inputBase, inputQuery] = splitQuery(input.split("#")[0]);
  if (!queryMatches(patternQuery, inputQuery)) return false;

  const parts = /^([^:/]+):\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^/:]*)(?::([^/]*))?(\/.*)?$/.exec(patternBase);
  if (!parts) return false; // custom-scheme patterns without a wildcard only match exactly
  const [, scheme, host, port = "", path = "/"] = parts;
  let url: URL;
  try {
    url = new URL(inputBase);
  } catch {
    return false;
  }
  const inputHost = url.hostname;
  const inputPort = url.port;
  return (
    componentRegex(scheme, "[^:]*", false).test(url.protocol.replace(/:$/, "")) &&
    componentRegex(host.toLowerCase(), "[^.]*", false).test(inputHost) &&
    componentRegex(port, "[0-9]*", false).test(inputPort) &&
    componentRegex(path, "[^/]+", true).test(url.pathname)
  );
}

/** `http://<loopback>:<port>/...` without the port, or "" when the URL is not a loopback URL. */
function loopbackWithoutPort(input: string): string {
  try {
    const url = new URL(input);
    if (url.protocol !== "http:") return "";
    if (url.hostname !== "localhost" && !isLoopbackHost(url.hostname)) return "";
    url.port = "";
    return url.toString();
  } catch {
    return "";
  }
}

/** fosite `isMatchingAsLoopback`: same loopback IP host, path and query, any port. */
function fositeLoopbackMatch(input: string, registered: string): boolean {
  try {
    const requested = new URL(input);
    const candidate = new URL(registered);
    return (
      requested.protocol === "http:" &&
      isLoopbackHost(requested.hostname) &&
      candidate.hostname === requested.hostname &&
      candidate.pathname === requested.pathname &&
      candidate.search === requested.search
    );
  } catch {
    return false;
  }
}

/** `IsValidRedirectURI`: an absolute URL without a fragment. */
function isValidRedirectUri(uri: string): boolean {
  if (!SCHEME.test(uri) || uri.includes("#")) return false;
  try {
    new URL(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The redirect URI an authorize request resolves to, or null when it matches no registered callback URL.
 * An omitted redirect_uri resolves to the only registered URL when there is exactly one.
 */
export function resolveRedirectUri(requested: string, callbackUrls: readonly string[]): string | null {
  if (requested === "") {
    return callbackUrls.length === 1 && isValidRedirectUri(callbackUrls[0]) ? callbackUrls[0] : null;
  }
  const exact = callbackUrls.some((url) => url === requested || fositeLoopbackMatch(requested, url));
  if (exact && isValidRedirectUri(requested)) return requested;

  const loopback = loopbackWithoutPort(requested);
  const matched = callbackUrls.some(
    (pattern) =>
      matchCallbackUrl(pattern, requested) || (loopback !== "" && matchCallbackUrl(pattern, loopback)),
  );
  return matched && isValidRedirectUri(requested) ? requested : null;
}
