// A pr-* stack with an organization key creates its own Appwrite project and wires everything to
// it: the redirect URI, the OIDC provider and verify use the created project, never a shared one.
import { MockedStack, runStack } from "./mock-stack";

const ORG_KEY = "organization_0123456789abcdef";
let stack: MockedStack;

beforeAll(async () => {
  stack = await runStack(
    {
      platform: "external",
      pocketIdUrl: "https://id.example.com",
      pocketIdApiKey: "static-api-key-0123456789abcdef",
      appwriteEndpoint: "https://fra.cloud.appwrite.io/v1",
      appwriteOrganizationId: "org-team-1",
      appwriteOrganizationApiKey: ORG_KEY,
    },
    ["pocketIdApiKey", "appwriteOrganizationApiKey"],
    "pr-12",
  );
}, 60_000);

const find = (type: string) => stack.resources.find((r) => r.type === type)!;

it("creates a project of its own and points the client, Appwrite and verify at it", () => {
  const project = find("pulumi-nodejs:dynamic/appwrite:Project");
  const projectId = project.inputs.projectId as string;
  expect(projectId).toMatch(/^pia-pr-12-[0-9a-f]{6}$/);
  expect(project.inputs.organizationId).toBe("org-team-1");
  const redirect = `https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/${projectId}`;
  expect(find("pulumi-nodejs:dynamic/pocketid:OidcClient").inputs.callbackUrls).toEqual([redirect]);
  expect(find("pulumi-nodejs:dynamic/appwrite:OidcProvider").inputs.projectId).toBe(projectId);
  expect(find("pulumi-nodejs:dynamic/verify:ChainVerification").inputs.appwriteProjectId).toBe(projectId);
  expect(stack.outputs.appwriteRedirectUri).toBe(redirect);
  expect(find("pulumi-nodejs:dynamic/pocketid:OidcClient").inputs.clientId).toBe("appwrite-pr-12");
});

it("the organization key reaches the project resource only as a secret", () => {
  const project = find("pulumi-nodejs:dynamic/appwrite:Project");
  expect(project.inputs.organizationApiKey).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    value: ORG_KEY,
  });
});
