// A PR stack's config comes from the committed template plus repository variables and secrets:
// its own client id, protectData false, never another stack's Appwrite project, never a committed secret.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseTemplate, prStackConfig } from "../../scripts/pr-stack";
import { declaredConfigKeys } from "../../scripts/pr-stack/cli";
import { describeAppwriteWiring } from "../../scripts/pr-stack/template";

const ROOT = path.resolve(__dirname, "..", "..");
const committed = parseTemplate(fs.readFileSync(path.join(ROOT, "stack-templates", "pr.yaml"), "utf8"));
const knownKeys = declaredConfigKeys(ROOT);

const appwriteEnv = {
  POCKET_ID_ADMIN_EMAIL: "admin@example.com",
  APPWRITE_ENDPOINT: "https://fra.cloud.appwrite.io/v1",
  APPWRITE_ORGANIZATION_ID: "org-123",
  APPWRITE_ORGANIZATION_API_KEY: "org-key-secret",
  RAILWAY_WORKSPACE_ID: "ws-1",
};

const template = (yaml: string) => parseTemplate(yaml, "test.yaml");

describe("the committed template", () => {
  it("uses only keys the project declares", () => {
    expect(knownKeys).toContain("platform");
    expect(() => prStackConfig(committed, { prNumber: 7, env: appwriteEnv, knownKeys })).not.toThrow();
  });

  it("derives a railway stack with its own client and its own Appwrite project", () => {
    const config = prStackConfig(committed, { prNumber: 7, env: appwriteEnv, knownKeys });
    expect(config).toEqual({
      adminEmail: { value: "admin@example.com", secret: false },
      adminLoginTtl: { value: "24h", secret: false },
      appwriteEndpoint: { value: "https://fra.cloud.appwrite.io/v1", secret: false },
      appwriteOrganizationApiKey: { value: "org-key-secret", secret: true },
      appwriteOrganizationId: { value: "org-123", secret: false },
      extraCallbackUrls: { value: ["http://localhost:4321/callback"], secret: false },
      oidcClientId: { value: "appwrite-pr-7", secret: false },
      oidcClientName: { value: "Appwrite pr-7", secret: false },
      platform: { value: "railway", secret: false },
      protectData: { value: "false", secret: false },
      railwayWorkspaceId: { value: "ws-1", secret: false },
      verify: { value: "fail", secret: false },
    });
    expect(config.appwriteProjectId).toBeUndefined();
    expect(describeAppwriteWiring(config)).toMatch(/creates its own project in organization org-123/);
  });

  it("gives every PR its own Pocket ID client id", () => {
    const a = prStackConfig(committed, { prNumber: 7, env: appwriteEnv });
    const b = prStackConfig(committed, { prNumber: 8, env: appwriteEnv });
    expect(a.oidcClientId.value).toBe("appwrite-pr-7");
    expect(b.oidcClientId.value).toBe("appwrite-pr-8");
  });
});

describe("Appwrite wiring of a PR stack", () => {
  it("is off without an organization: no endpoint, no key, no demo site", () => {
    const t = template(
      "config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:demoSite: true\n  pocket-id-appwrite:appwriteEndpoint: https://x.example/v1\n",
    );
    const config = prStackConfig(t, {
      prNumber: 3,
      env: { POCKET_ID_ADMIN_EMAIL: "a@example.com", APPWRITE_ORGANIZATION_API_KEY: "k" },
    });
    expect(config.appwriteEndpoint).toBeUndefined();
    expect(config.appwriteOrganizationApiKey).toBeUndefined();
    expect(config.demoSite).toEqual({ value: "false", secret: false });
    expect(describeAppwriteWiring(config)).toMatch(/not wired/);
  });

  it("refuses an organization id without its key, naming the secret", () => {
    expect(() =>
      prStackConfig(committed, { prNumber: 3, env: { ...appwriteEnv, APPWRITE_ORGANIZATION_API_KEY: "" } }),
    ).toThrow(
      /APPWRITE_ORGANIZATION_ID is set \(org-123\) but APPWRITE_ORGANIZATION_API_KEY is not; add that secret/,
    );
  });

  it("refuses an organization id without an endpoint, naming the variable", () => {
    expect(() =>
      prStackConfig(committed, { prNumber: 3, env: { ...appwriteEnv, APPWRITE_ENDPOINT: undefined } }),
    ).toThrow(/set the repository variable APPWRITE_ENDPOINT/);
  });

  it("never takes appwriteProjectId from the template", () => {
    const t = template(
      "config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:appwriteProjectId: prod-project\n",
    );
    expect(() => prStackConfig(t, { prNumber: 3, env: appwriteEnv })).toThrow(
      /sets appwriteProjectId; a PR stack must never configure a project another stack uses/,
    );
  });
});

describe("what a template may not hold", () => {
  it.each([
    "appwriteApiKey",
    "appwriteOrganizationApiKey",
    "pocketIdApiKey",
    "encryptionKey",
    "railwayToken",
  ])("the secret %s", (key) => {
    const t = template(
      `config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:${key}: plain\n`,
    );
    expect(() => prStackConfig(t, { prNumber: 3, env: appwriteEnv })).toThrow(
      new RegExp(`sets ${key}, a secret, in a committed file; remove it`),
    );
  });

  it("an encrypted value", () => {
    expect(() => template("config:\n  pocket-id-appwrite:encryptionKey:\n    secure: v1:abc\n")).toThrow(
      /holds an encrypted value for "encryptionKey"/,
    );
  });

  it("its own oidcClientId or protectData true", () => {
    expect(() =>
      prStackConfig(
        template(
          "config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:oidcClientId: shared\n",
        ),
        { prNumber: 3, env: appwriteEnv },
      ),
    ).toThrow(/each PR stack gets its own \(appwrite-pr-3\)/);
    expect(() =>
      prStackConfig(
        template("config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:protectData: true\n"),
        { prNumber: 3, env: appwriteEnv },
      ),
    ).toThrow(/must be destroyable when its PR closes/);
  });

  it("another namespace, a top-level key other than config, or a typo", () => {
    expect(() => template("config:\n  aws:region: eu-west-1\n")).toThrow(
      /may only set pocket-id-appwrite:<key> keys/,
    );
    expect(() => template("encryptionsalt: v1:x\nconfig:\n  pocket-id-appwrite:platform: railway\n")).toThrow(
      /top-level key "encryptionsalt"/,
    );
    expect(() =>
      prStackConfig(template("config:\n  pocket-id-appwrite:platfrom: railway\n"), {
        prNumber: 3,
        env: appwriteEnv,
        knownKeys,
      }),
    ).toThrow(/"platfrom", which is not a config key of pocket-id-appwrite; did you mean "platform"\?/);
  });
});

describe("platforms", () => {
  it("refuses docker: a PR environment must outlive the CI job", () => {
    expect(() =>
      prStackConfig(template("config:\n  pocket-id-appwrite:platform: docker\n"), {
        prNumber: 3,
        env: appwriteEnv,
      }),
    ).toThrow(/must outlive the CI job/);
    expect(() =>
      prStackConfig(template("config:\n  pocket-id-appwrite:verify: warn\n"), {
        prNumber: 3,
        env: appwriteEnv,
      }),
    ).toThrow(/project default is docker/);
  });

  it("railway needs an admin email and drops the external-only values", () => {
    expect(() => prStackConfig(committed, { prNumber: 3, env: {} })).toThrow(
      /Set the repository variable POCKET_ID_ADMIN_EMAIL/,
    );
    const config = prStackConfig(committed, {
      prNumber: 3,
      env: { ...appwriteEnv, POCKET_ID_URL: "https://id.example.com", POCKET_ID_API_KEY: "k".repeat(32) },
    });
    expect(config.pocketIdUrl).toBeUndefined();
    expect(config.pocketIdApiKey).toBeUndefined();
  });

  it("external takes the shared Pocket ID's URL and key from the environment", () => {
    const t = template(
      "config:\n  pocket-id-appwrite:platform: external\n  pocket-id-appwrite:extraCallbackUrls: [http://localhost:4321/callback]\n",
    );
    const config = prStackConfig(t, {
      prNumber: 5,
      env: { POCKET_ID_URL: "https://id.example.com", POCKET_ID_API_KEY: "k".repeat(32) },
    });
    expect(config.pocketIdUrl).toEqual({ value: "https://id.example.com", secret: false });
    expect(config.pocketIdApiKey).toEqual({ value: "k".repeat(32), secret: true });
    expect(config.oidcClientId.value).toBe("appwrite-pr-5");
    expect(() => prStackConfig(t, { prNumber: 5, env: { POCKET_ID_URL: "https://id.example.com" } })).toThrow(
      /set the secret POCKET_ID_API_KEY/,
    );
    expect(() => prStackConfig(t, { prNumber: 5, env: {} })).toThrow(
      /set the repository variable POCKET_ID_URL/,
    );
  });

  it("lets repository variables override the template", () => {
    const t = template(
      "config:\n  pocket-id-appwrite:platform: railway\n  pocket-id-appwrite:adminEmail: template@example.com\n",
    );
    expect(prStackConfig(t, { prNumber: 3, env: {} }).adminEmail.value).toBe("template@example.com");
    expect(
      prStackConfig(t, { prNumber: 3, env: { POCKET_ID_ADMIN_EMAIL: "var@example.com" } }).adminEmail.value,
    ).toBe("var@example.com");
  });
});
