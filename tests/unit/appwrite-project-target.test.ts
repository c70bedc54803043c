// appwriteTarget under Pulumi mocks: a pr-* stack with an organization and no appwriteProjectId registers its own
// AppwriteProject and hands its project id, key (secret) and redirect URI to the rest of the chain; a stack with
// appwriteProjectId registers nothing and passes its configured project through.
import * as pulumi from "@pulumi/pulumi";
import { AppwriteOidcProvider } from "../../components/appwrite/oidc-provider";
import {
  appwriteProjectIdFor,
  appwriteProjectNameFor,
  appwriteTarget,
  AppwriteTargetResult,
} from "../../components/appwrite/project";
import { SITE_SCOPES } from "../../components/appwrite/site-deployment";
import { RawConfig, validateConfig } from "../../components/config";

const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];
const FAKE_KEY = "standard_FAKE-project-key";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const { __provider: _provider, ...inputs } = args.inputs;
        const extra =
          args.type === "pulumi-nodejs:dynamic/appwrite:Project"
            ? {
                apiKey: FAKE_KEY,
                keyId: "pocket-id-appwrite",
                keyScopes: ["oauth2.read", "oauth2.write", ...inputs.scopes],
                serverVersion: "1.9.6",
                createdAt: "2026-01-01T00:00:00.000Z",
              }
            : {};
        return { id: `${args.name}-id`, state: { ...inputs, ...extra } };
      },
      call: (args) => args.inputs,
    },
    "pocket-id-appwrite",
    "pr-12",
  );
});

function raw(values: Record<string, string>, secretKeys: string[]): RawConfig {
  return { values, secretKeys: new Set(secretKeys), env: {} };
}

/** How a secret input looks on the wire (the SDK's secret signature). */
const secretValue = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});
const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));
const ORG_KEY = "organization_0123456789abcdef";
const ENDPOINT = "https://fra.cloud.appwrite.io/v1";

describe("pr-12 with an organization and no appwriteProjectId", () => {
  let target: AppwriteTargetResult;
  const pid = appwriteProjectIdFor("pr-12", "org-pia", "pocket-id-appwrite");

  beforeAll(async () => {
    const config = validateConfig(
      raw(
        {
          platform: "external",
          pocketIdUrl: "https://id.example.com",
          pocketIdApiKey: "static-api-key-0123456789abcdef",
          appwriteEndpoint: `${ENDPOINT}/`,
          appwriteOrganizationId: "org-pia",
          appwriteOrganizationApiKey: ORG_KEY,
          appwriteSitesDomain: "appwrite.network",
          demoSite: "true",
          extraCallbackUrls: '["https://app.example.com/cb"]',
        },
        ["pocketIdApiKey", "appwriteOrganizationApiKey"],
      ),
      "pr-12",
    );
    target = appwriteTarget(config, config.stackName)!;
    new AppwriteOidcProvider("appwrite-oidc", {
      endpoint: config.appwrite!.endpoint,
      projectId: target.projectId,
      apiKey: target.apiKey,
      clientId: config.oidcClientId,
      clientSecret: pulumi.secret("client-secret"),
      wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
    });
    // Let the registrations reach the mock monitor.
    await resolve(target.projectId);
    await new Promise((r) => setTimeout(r, 100));
  });

  it("registers one AppwriteProject with the deterministic id, the organization, its key as a secret, and the Sites scopes", async () => {
    const projects = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/appwrite:Project");
    expect(projects.map((p) => p.name)).toEqual(["appwrite-project"]);
    expect(projects[0].inputs).toMatchObject({
      endpoint: ENDPOINT,
      organizationId: "org-pia",
      projectId: pid,
      name: appwriteProjectNameFor("pr-12"),
      scopes: SITE_SCOPES,
    });
    expect(pid).toMatch(/^pia-pr-12-[0-9a-f]{6}$/);
    expect(target.project).toBeDefined();
    expect(projects[0].inputs.organizationApiKey).toEqual(secretValue(ORG_KEY));
  });

  it("hands on the created project id, the created key (secret), and the redirect URI computed from that id", async () => {
    expect(await resolve(target.projectId)).toBe(pid);
    expect(await resolve(target.apiKey)).toBe(FAKE_KEY);
    expect(await pulumi.isSecret(target.apiKey)).toBe(true);
    expect(await resolve(target.redirectUri!)).toBe(
      `${ENDPOINT}/account/sessions/oauth2/callback/oidc/${pid}`,
    );
    expect(await resolve(pulumi.output(target.callbackUrls))).toEqual([
      `${ENDPOINT}/account/sessions/oauth2/callback/oidc/${pid}`,
      "https://app.example.com/cb",
    ]);
  });

  it("the OIDC provider is given the created project and key", async () => {
    const oidc = registered.find((r) => r.type === "pulumi-nodejs:dynamic/appwrite:OidcProvider")!;
    expect(oidc.inputs).toMatchObject({ projectId: pid, clientId: "appwrite-pr-12" });
    // The key arrives as a secret (the SDK's secret signature on the wire).
    expect(oidc.inputs.apiKey).toEqual(secretValue(FAKE_KEY));
  });
});

describe("a stack that names its project", () => {
  it("registers nothing and passes the configured project, key and redirect URI through", async () => {
    const before = registered.length;
    const config = validateConfig(
      raw(
        {
          platform: "external",
          pocketIdUrl: "https://id.example.com",
          pocketIdApiKey: "static-api-key-0123456789abcdef",
          appwriteEndpoint: ENDPOINT,
          appwriteProjectId: "demo",
          appwriteApiKey: "standard_configured",
        },
        ["pocketIdApiKey", "appwriteApiKey"],
      ),
      "prod",
    );
    const target = appwriteTarget(config, config.stackName)!;
    expect(registered.length).toBe(before);
    expect(target.project).toBeUndefined();
    expect(await resolve(target.projectId)).toBe("demo");
    expect(await resolve(target.apiKey)).toBe("standard_configured");
    expect(await pulumi.isSecret(target.apiKey)).toBe(true);
    expect(await resolve(target.redirectUri!)).toBe(`${ENDPOINT}/account/sessions/oauth2/callback/oidc/demo`);
    expect(target.callbackUrls).toEqual([`${ENDPOINT}/account/sessions/oauth2/callback/oidc/demo`]);
  });

  it("without Appwrite there is no target", () => {
    const config = validateConfig(
      raw(
        {
          platform: "external",
          pocketIdUrl: "https://id.example.com",
          pocketIdApiKey: "static-api-key-0123456789abcdef",
          extraCallbackUrls: '["https://app.example.com/cb"]',
        },
        ["pocketIdApiKey"],
      ),
      "pr-4",
    );
    expect(appwriteTarget(config, config.stackName)).toBeUndefined();
  });
});
