// Errors a user can act on: each Appwrite failure becomes a sentence with the endpoint, the status and
// Appwrite type, and what to do — and never a secret.
import {
  AppwriteTimeoutError,
  explainAppwriteError,
  redact,
  withTimeout,
} from "../../components/appwrite/errors";
import { NetworkError } from "../../components/http";

const ctx = {
  operation: "PATCH /v1/project/oauth2/oidc",
  endpoint: "https://aw.example.com/v1",
  projectId: "demo",
  serverVersion: "1.9.6",
  scope: "oauth2.write",
  redact: ["standard_abcdef0123456789", "the-client-secret-0123"],
  mutating: true,
};

/** What node-appwrite 27 throws for an HTTP status >= 400. */
function appwriteException(code: number, type: string, message: string, version = "1.9.6") {
  const body = { message, code, type, version };
  return Object.assign(new Error(message), {
    name: "AppwriteException",
    code,
    type,
    response: JSON.stringify(body),
  });
}

/** What undici throws for a network or TLS failure. */
function fetchFailed(code: string, message: string) {
  return Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(message), { code }) });
}

it("a missing scope names the scope the server asked for", () => {
  const err = appwriteException(
    401,
    "general_unauthorized_scope",
    'app.demo@service.aw.example.com (role: applications) missing scopes (["oauth2.write"])',
  );
  const message = explainAppwriteError(err, ctx).message;
  expect(message).toContain('the API key lacks the scope "oauth2.write" (Appwrite 1.9.6)');
  expect(message).toContain("401 general_unauthorized_scope");
  expect(message).toContain("https://aw.example.com/v1");
});

it("a guest answer means the key is not a key of the project", () => {
  const err = appwriteException(
    401,
    "general_unauthorized_scope",
    'User (role: guests) missing scopes (["oauth2.write"])',
  );
  expect(explainAppwriteError(err, ctx).message).toMatch(
    /not a key of project demo.*with the scope oauth2\.write/,
  );
});

it("a missing route is told apart from a missing project", () => {
  const route = explainAppwriteError(
    appwriteException(404, "general_route_not_found", "Not Found", "1.9.0"),
    ctx,
  ).message;
  expect(route).toMatch(/no such route \(Appwrite 1\.9\.0\).*older than 1\.9\.5.*end in \/v1/);
  const project = explainAppwriteError(
    appwriteException(404, "project_not_found", "Project with the requested ID could not be found."),
    ctx,
  ).message;
  expect(project).toMatch(/has no project "demo".*appwriteProjectId/);
  expect(project).not.toMatch(/route/);
});

it("an HTML 404 from a proxy is not taken for Appwrite", () => {
  const err = Object.assign(new Error("<html>404</html>"), {
    name: "AppwriteException",
    code: 404,
    type: "",
    response: "<html>404</html>",
  });
  expect(explainAppwriteError(err, ctx).message).toMatch(
    /not an Appwrite error.*reverse proxy.*appwriteEndpoint/,
  );
});

it("network and TLS failures name the endpoint", () => {
  expect(
    explainAppwriteError(fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:443"), ctx).message,
  ).toMatch(/cannot reach https:\/\/aw\.example\.com\/v1 \(ECONNREFUSED: connect ECONNREFUSED/);
  expect(
    explainAppwriteError(fetchFailed("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), ctx).message,
  ).toMatch(/TLS error \(DEPTH_ZERO_SELF_SIGNED_CERT.*NODE_EXTRA_CA_CERTS/);
  expect(
    explainAppwriteError(
      new NetworkError("GET https://aw.example.com/v1/health/version failed: ENOTFOUND", "x", false),
      ctx,
    ).message,
  ).toMatch(/cannot reach https:\/\/aw\.example\.com\/v1/);
});

it("a timeout of a write says it may have been applied", async () => {
  const never = new Promise<never>(() => undefined);
  const err = await withTimeout(never, 20, "PATCH /v1/project/oauth2/oidc").catch((e) => e);
  expect(err).toBeInstanceOf(AppwriteTimeoutError);
  expect(explainAppwriteError(err, ctx).message).toMatch(
    /no answer within 20 ms.*may or may not have been applied/,
  );
});

it("5xx says to retry and includes the type", () => {
  expect(
    explainAppwriteError(appwriteException(503, "general_server_error", "Server Error"), ctx).message,
  ).toMatch(/503 general_server_error.*run pulumi up again/);
});

it("never includes a secret, even when the upstream message echoes it", () => {
  const err = appwriteException(
    400,
    "general_argument_invalid",
    "Invalid `clientSecret` param: the-client-secret-0123 with key standard_abcdef0123456789",
  );
  const message = explainAppwriteError(err, ctx).message;
  expect(message).not.toContain("the-client-secret-0123");
  expect(message).not.toContain("standard_abcdef0123456789");
  expect(message).toContain("[redacted]");
  expect(redact("a-secret-value here", ["a-secret-value"])).toBe("[redacted] here");
});
