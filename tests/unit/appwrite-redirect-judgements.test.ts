// The judgements of the verify checks and the guest probe parsing, as pure functions: each failure says
// what is wrong and the likely cause.
import { parseAppwriteErrorPage, parseAuthorizeRedirect } from "../../components/appwrite/probe";
import {
  authorizeRequestUrl,
  describeRedirectMismatch,
  diagnosis,
  judgeAppwriteRedirect,
  judgeAuthorizeResponse,
  judgeDiscovery,
  judgeTokenAnswers,
} from "../../components/verify/checks";

const registered = "https://aw.example.com/v1/account/sessions/oauth2/callback/oidc/demo";
const target = {
  pocketIdUrl: "https://id.example.com",
  expectedIssuer: "https://id.example.com",
  wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
  clientId: "appwrite-demo",
  clientSecret: "secret-0123456789",
  redirectUri: registered,
};

describe("the guest probe's redirect", () => {
  const location = authorizeRequestUrl(
    "https://id.example.com/authorize",
    "appwrite-demo",
    registered,
    '{"success":"x"}',
  );
  it("is parsed into endpoint, client id and redirect URI", () => {
    expect(parseAuthorizeRedirect(location)).toMatchObject({
      authorizeUrl: "https://id.example.com/authorize",
      clientId: "appwrite-demo",
      redirectUri: registered,
      scope: "openid profile email",
      responseType: "code",
    });
  });
  it("matching everything is ok", () => {
    const expected = {
      authorizeUrl: "https://id.example.com/authorize",
      clientId: "appwrite-demo",
      redirectUri: registered,
      wellKnownUrl: target.wellKnownUrl,
    };
    expect(judgeAppwriteRedirect(parseAuthorizeRedirect(location), expected)).toBe("ok");
    const relative = parseAuthorizeRedirect("?client_id=appwrite-demo");
    expect(judgeAppwriteRedirect(relative, expected)).toMatch(/no authorization_endpoint/);
    const elsewhere = parseAuthorizeRedirect(location.replace("id.example.com", "old-id.example.com"));
    expect(judgeAppwriteRedirect(elsewhere, expected)).toMatch(/another Pocket ID/);
  });
  it("Appwrite's HTML error page yields type and message", () => {
    const html =
      "<html><body><h1>This provider is disabled.</h1><p><span class='type'>project_provider_disabled</span></p></body></html>";
    expect(parseAppwriteErrorPage(html)).toEqual({
      type: "project_provider_disabled",
      message: "This provider is disabled.",
    });
    expect(parseAppwriteErrorPage('{"type":"project_not_found","message":"m"}')).toEqual({
      type: "project_not_found",
      message: "m",
    });
  });
});

describe("redirect URI mismatches name the cause", () => {
  it("http built, https registered: a TLS-terminating proxy without FORCE_HTTPS", () => {
    expect(describeRedirectMismatch(registered.replace("https:", "http:"), registered)).toMatch(
      /TLS-terminating proxy without _APP_OPTIONS_FORCE_HTTPS=enabled/,
    );
  });
  it("https built, http registered: FORCE_HTTPS on with an http endpoint", () => {
    expect(describeRedirectMismatch(registered, registered.replace("https:", "http:"))).toMatch(
      /_APP_OPTIONS_FORCE_HTTPS is not "disabled"/,
    );
  });
  it("another host or port: the Host header Appwrite sees", () => {
    expect(
      describeRedirectMismatch(registered.replace("aw.example.com", "aw.example.com:8443"), registered),
    ).toMatch(/saw the host aw\.example\.com:8443.*X-Forwarded-Host/);
  });
});

describe("discovery", () => {
  const doc = {
    issuer: "https://id.example.com",
    authorization_endpoint: "https://id.example.com/authorize",
    token_endpoint: "https://id.example.com/api/oidc/token",
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
  };
  it("ok, another issuer, or no client_secret_post", () => {
    expect(judgeDiscovery(doc, "https://id.example.com", target.wellKnownUrl)).toBe("ok");
    expect(
      judgeDiscovery(
        { ...doc, issuer: "https://id.example.com/" },
        "https://id.example.com",
        target.wellKnownUrl,
      ),
    ).toMatch(/names issuer "https:\/\/id\.example\.com\/", expected/);
    expect(
      judgeDiscovery(
        { ...doc, token_endpoint_auth_methods_supported: ["client_secret_basic"] },
        "https://id.example.com",
        target.wellKnownUrl,
      ),
    ).toMatch(/client_secret_post/);
    expect(judgeDiscovery(undefined, "https://id.example.com", target.wellKnownUrl)).toMatch(
      /not a JSON OpenID configuration/,
    );
  });
});

describe("authorize", () => {
  const url = "https://id.example.com/authorize?x";
  it("a redirect to the sign-in interaction is acceptance", () => {
    expect(
      judgeAuthorizeResponse({ status: 302, location: "/interaction?interaction=abc" }, target, url),
    ).toBe("ok");
  });
  it("Pocket ID's error page for an unregistered redirect URI names the URI", () => {
    const location =
      "/interaction/error?error=" +
      encodeURIComponent(
        "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.",
      );
    expect(judgeAuthorizeResponse({ status: 302, location }, target, url)).toMatch(
      /rejects the redirect URI https:\/\/aw\.example\.com.*register exactly this callback URL/,
    );
  });
  it("an unknown client", () => {
    const location =
      "/interaction/error?error=" + encodeURIComponent("The requested OAuth 2.0 Client does not exist.");
    expect(judgeAuthorizeResponse({ status: 302, location }, target, url)).toMatch(
      /does not know client "appwrite-demo"/,
    );
  });
  it("an error sent back to the client", () => {
    const location = `${registered}?error=invalid_request&error_description=${encodeURIComponent("This client requires PKCE, but the 'code_challenge' parameter is missing.")}`;
    expect(judgeAuthorizeResponse({ status: 303, location }, target, url)).toMatch(/requires PKCE/);
  });
});

describe("client secret", () => {
  it("right accepted and wrong rejected is ok", () => {
    expect(judgeTokenAnswers({ status: 200 }, { status: 401, error: "invalid_client" }, "c")).toBe("ok");
  });
  it("right rejected names rotation; wrong accepted names a public client", () => {
    expect(
      judgeTokenAnswers(
        { status: 401, error: "invalid_client" },
        { status: 401, error: "invalid_client" },
        "c",
      ),
    ).toMatch(/clientSecretRotation/);
    expect(judgeTokenAnswers({ status: 200 }, { status: 200 }, "c")).toMatch(
      /accepted a wrong client secret/,
    );
  });
});

it("the diagnosis lists every failed check", () => {
  const text = diagnosis({
    discovery: "ok",
    authorize: "failed: a",
    clientSecret: "skipped: b",
    appwriteRedirect: "failed: c",
  });
  expect(text).toBe("The passkey login chain is broken:\n  - authorize: a\n  - appwriteRedirect: c");
  expect(
    diagnosis({ discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "skipped: none" }),
  ).toBeUndefined();
});
