// Which key scopes and which server versions the Appwrite OIDC resource needs, as pure functions.
import {
  compareVersions,
  missingScopesFromMessage,
  oauth2ScopesFor,
  parseVersion,
  unsupportedVersionMessage,
} from "../../components/appwrite/errors";

const manual = {
  endpoint: "https://aw.example.com/v1",
  projectId: "demo",
  clientId: "appwrite-demo",
  wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
  redirectUri: "https://aw.example.com/v1/account/sessions/oauth2/callback/oidc/demo",
};

it.each([
  ["1.9.5", "oauth2.read", "oauth2.write"],
  ["1.9.6", "oauth2.read", "oauth2.write"],
  ["1.9.7", "project.oauth2.read", "project.oauth2.write"],
  ["1.10.0", "project.oauth2.read", "project.oauth2.write"],
  ["2.0.0", "project.oauth2.read", "project.oauth2.write"],
])("Appwrite %s needs %s / %s", (version, read, write) => {
  expect(oauth2ScopesFor(version)).toEqual({ read, write });
});

it.each(["1.9.0", "1.8.1", "1.6.2", "0.15.0", "unknown", ""])(
  "%s is refused with the minimum version and console values",
  (version) => {
    const message = unsupportedVersionMessage(version, manual)!;
    expect(message).toContain("1.9.5");
    expect(message).toContain(`version ${version || "unknown"}`);
    expect(message).toContain('client ID "appwrite-demo"');
    expect(message).toContain(manual.wellKnownUrl);
    expect(message).toContain(manual.redirectUri);
    expect(message).toMatch(/client secret from `pulumi stack output oidcClientSecret --show-secrets`/);
  },
);

it.each(["1.9.5", "1.9.6", "1.9.7", "v1.9.6", "1.9.6-rc.1", "2.0.0"])("%s is supported", (version) => {
  expect(unsupportedVersionMessage(version, manual)).toBeUndefined();
});

it("parses and compares versions", () => {
  expect(parseVersion("v1.9.6-rc.2")).toEqual([1, 9, 6]);
  expect(parseVersion("latest")).toBeUndefined();
  expect(compareVersions("1.9.10", "1.9.9")).toBeGreaterThan(0);
  expect(compareVersions("1.9.5", "1.9.5")).toBe(0);
});

it("reads the missing scopes from Appwrite's 401 message", () => {
  expect(
    missingScopesFromMessage(
      'app.demo@service.localhost (role: applications) missing scopes (["oauth2.write"])',
    ),
  ).toEqual(["oauth2.write"]);
  expect(missingScopesFromMessage('User (role: guests) missing scopes (["project.oauth2.read"])')).toEqual([
    "project.oauth2.read",
  ]);
  expect(missingScopesFromMessage("something else")).toEqual([]);
});
