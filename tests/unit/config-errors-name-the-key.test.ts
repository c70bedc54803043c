// Every bad config value fails with a message naming the key, the problem and the fix.
import { ConfigError, RawConfig, validateConfig } from "../../components/config";

const KEY = "0123456789abcdef0123456789abcdef";

function raw(
  values: Record<string, string>,
  secrets: string[] = [],
  env: Record<string, string> = {},
): RawConfig {
  return { values, secretKeys: new Set(secrets), env };
}

/** A valid external configuration that each case breaks in one place. */
const external = {
  platform: "external",
  pocketIdUrl: "https://id.example.com",
  pocketIdApiKey: KEY,
  extraCallbackUrls: '["https://app.example.com/cb"]',
};

function errorOf(
  values: Record<string, string>,
  stack = "dev",
  secrets = ["pocketIdApiKey", "appwriteApiKey", "railwayToken", "encryptionKey"],
): ConfigError {
  try {
    validateConfig(raw(values, secrets), stack);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("config errors name the key, the problem and the fix", () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    [
      "a path in pocketIdUrl",
      { ...external, pocketIdUrl: "https://id.example.com/auth" },
      "pocketIdUrl",
      /has a path.*Use "https:\/\/id.example.com"/,
    ],
    [
      "a trailing slash",
      { ...external, pocketIdUrl: "https://id.example.com/" },
      "pocketIdUrl",
      /ends with a slash.*Use "https:\/\/id.example.com"/,
    ],
    [
      "upper case",
      { ...external, pocketIdUrl: "https://ID.example.com" },
      "pocketIdUrl",
      /upper-case.*Use "https:\/\/id.example.com"/,
    ],
    [
      "http for a public host",
      { ...external, pocketIdUrl: "http://id.example.com" },
      "pocketIdUrl",
      /not loopback.*https:\/\/id.example.com/,
    ],
    [
      "a short API key",
      { ...external, pocketIdApiKey: "short" },
      "pocketIdApiKey",
      /5 characters.*at least 16/,
    ],
    [
      "external without URL",
      { platform: "external", pocketIdApiKey: KEY, extraCallbackUrls: '["https://a.example.com/cb"]' },
      "pocketIdUrl",
      /required for platform external.*pulumi config set pocketIdUrl/,
    ],
    [
      "external without key",
      {
        platform: "external",
        pocketIdUrl: "https://id.example.com",
        extraCallbackUrls: '["https://a.example.com/cb"]',
      },
      "pocketIdApiKey",
      /required for platform external.*--secret pocketIdApiKey/,
    ],
    [
      "a long client name",
      { ...external, oidcClientName: "x".repeat(51) },
      "oidcClientName",
      /51 characters.*1 to 50/,
    ],
    ["a bad client id", { ...external, oidcClientId: "bad id!" }, "oidcClientId", /2 to 128 characters/],
    ["a one-character client id", { ...external, oidcClientId: "a" }, "oidcClientId", /2 to 128 characters/],
    [
      "a callback URL with a fragment",
      { ...external, extraCallbackUrls: '["https://app.example.com/cb#x"]' },
      "extraCallbackUrls",
      /fragment/,
    ],
    [
      "a callback URL without a scheme",
      { ...external, extraCallbackUrls: '["app.example.com/cb"]' },
      "extraCallbackUrls",
      /no scheme/,
    ],
    [
      "zero callback URLs",
      { ...external, extraCallbackUrls: "[]" },
      "extraCallbackUrls",
      /no callback URL.*appwriteEndpoint/,
    ],
    [
      "an unknown platform",
      { ...external, platform: "k8s" },
      "platform",
      /not one of docker \| railway \| external/,
    ],
    [
      "railway without a token",
      { platform: "railway", adminEmail: "a@example.com", extraCallbackUrls: '["https://a.example.com/cb"]' },
      "railwayToken",
      /not set.*RAILWAY_API_TOKEN/,
    ],
    [
      "railway without adminEmail",
      { platform: "railway", railwayToken: "tok-123", extraCallbackUrls: '["https://a.example.com/cb"]' },
      "adminEmail",
      /claimed by anyone/,
    ],
    [
      "an Appwrite endpoint without /v1",
      {
        ...external,
        appwriteEndpoint: "https://cloud.appwrite.io",
        appwriteProjectId: "p1",
        appwriteApiKey: "k",
      },
      "appwriteEndpoint",
      /does not end with \/v1.*https:\/\/cloud.appwrite.io\/v1/,
    ],
    [
      "Appwrite without a project",
      { ...external, appwriteEndpoint: "https://cloud.appwrite.io/v1", appwriteApiKey: "k" },
      "appwriteProjectId",
      /not set but appwriteEndpoint is/,
    ],
    [
      "Appwrite without a key",
      { ...external, appwriteEndpoint: "https://cloud.appwrite.io/v1", appwriteProjectId: "p1" },
      "appwriteApiKey",
      /not set.*--secret appwriteApiKey/,
    ],
    [
      "an unpinned image",
      { ...external, pocketIdImage: "ghcr.io/pocket-id/pocket-id:latest" },
      "pocketIdImage",
      /not pinned/,
    ],
    ["a bad verify mode", { ...external, verify: "maybe" }, "verify", /fail \| warn \| off/],
    ["a non-boolean", { ...external, adoptExisting: "yes" }, "adoptExisting", /not a boolean/],
    ["a login TTL over 31 days", { ...external, adminLoginTtl: "745h" }, "adminLoginTtl", /31 days/],
    ["an unreadable login TTL", { ...external, adminLoginTtl: "tomorrow" }, "adminLoginTtl", /duration/],
    ["a bad port", { ...external, dockerHostPort: "70000" }, "dockerHostPort", /1 to 65535/],
    ["a bad admin email", { ...external, adminEmail: "nobody" }, "adminEmail", /not an email/],
    [
      "an email whose local part is no username",
      { ...external, adminEmail: "a+b@example.com" },
      "adminUsername",
      /not a valid Pocket ID username/,
    ],
    [
      "extra clients sharing an id",
      {
        ...external,
        extraClients: JSON.stringify([
          { id: "appwrite", name: "x", callbackUrls: ["https://x.example.com/cb"] },
        ]),
      },
      "extraClients[0].id",
      /already uses/,
    ],
    [
      "an extra client without callbacks",
      { ...external, extraClients: JSON.stringify([{ id: "grafana", name: "Grafana", callbackUrls: [] }]) },
      "extraClients[0].callbackUrls",
      /non-empty list/,
    ],
    [
      "a PR stack on a shared Appwrite project",
      {
        ...external,
        appwriteEndpoint: "https://cloud.appwrite.io/v1",
        appwriteProjectId: "prod1",
        appwriteApiKey: "k",
      },
      "appwriteProjectId",
      /pull-request stack pr-7.*never configure a project another stack uses/,
    ],
    [
      "demoSite without a Sites domain",
      {
        ...external,
        appwriteEndpoint: "https://cloud.appwrite.io/v1",
        appwriteProjectId: "p1",
        appwriteApiKey: "k",
        demoSite: "true",
      },
      "appwriteSitesDomain",
      /required when demoSite/,
    ],
  ];

  it.each(cases)("%s", (_label, values, key, message) => {
    const stack = _label.startsWith("a PR stack") ? "pr-7" : "dev";
    const err = errorOf(values, stack);
    expect(err.key).toBe(key);
    expect(err.message).toContain(`pocket-id-appwrite:${key} `);
    expect(err.message).toMatch(message);
  });

  it("a secret stored in plaintext is refused with the --secret command", () => {
    const err = errorOf(external, "dev", []);
    expect(err.key).toBe("pocketIdApiKey");
    expect(err.message).toMatch(/pulumi config set --secret pocketIdApiKey/);
    expect(err.message).not.toContain(KEY);
  });

  it("no error message repeats a secret value", () => {
    const err = errorOf({ ...external, pocketIdApiKey: "tiny-secret" });
    expect(err.message).not.toContain("tiny-secret");
  });
});

describe("valid configuration", () => {
  it("external with Appwrite computes the exact callback and client defaults", () => {
    const cfg = validateConfig(
      raw(
        {
          ...external,
          extraCallbackUrls: "[]",
          appwriteEndpoint: "https://fra.cloud.appwrite.io/v1/",
          appwriteProjectId: "demo",
          appwriteApiKey: "key",
        },
        ["pocketIdApiKey", "appwriteApiKey"],
      ),
      "prod",
    );
    expect(cfg.callbackUrls).toEqual([
      "https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/demo",
    ]);
    expect(cfg.oidcClientId).toBe("appwrite-demo");
    expect(cfg.oidcClientName).toBe("Appwrite demo");
    expect(cfg.appwrite?.endpoint).toBe("https://fra.cloud.appwrite.io/v1");
    expect(cfg.protectData).toBe(true);
    expect(cfg.verify).toBe("fail");
  });

  it("pr-* stacks default protectData to false", () => {
    expect(validateConfig(raw(external, ["pocketIdApiKey"]), "pr-12").protectData).toBe(false);
    expect(
      validateConfig(raw({ ...external, protectData: "true" }, ["pocketIdApiKey"]), "pr-12").protectData,
    ).toBe(true);
  });

  it("the Railway token falls back to RAILWAY_API_TOKEN, then RAILWAY_TOKEN", () => {
    const values = {
      platform: "railway",
      adminEmail: "admin@example.com",
      extraCallbackUrls: '["https://a.example.com/cb"]',
    };
    expect(validateConfig(raw(values, [], { RAILWAY_TOKEN: "t2" }), "dev").railwayToken).toBeDefined();
    expect(validateConfig(raw(values, [], { RAILWAY_API_TOKEN: "t1" }), "dev").adminUsername).toBe("admin");
  });

  it("docker with a cloud Appwrite warns that Appwrite cannot reach localhost", () => {
    const cfg = validateConfig(
      raw(
        {
          platform: "docker",
          appwriteEndpoint: "https://fra.cloud.appwrite.io/v1",
          appwriteProjectId: "demo",
          appwriteApiKey: "k",
        },
        ["appwriteApiKey"],
      ),
      "dev",
    );
    expect(cfg.warnings.join("\n")).toMatch(/cannot reach localhost/);
  });

  it("http is accepted for loopback hosts", () => {
    const cfg = validateConfig(
      raw({ ...external, pocketIdUrl: "http://127.0.0.1:1411" }, ["pocketIdApiKey"]),
      "dev",
    );
    expect(cfg.pocketIdUrl).toBe("http://127.0.0.1:1411");
  });
});
