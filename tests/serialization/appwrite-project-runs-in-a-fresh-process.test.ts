// The serialized AppwriteProject provider works on its own in a fresh Node process (how Pulumi's dynamic provider
// host loads `__provider`): check → create → read → delete against the Appwrite emulator, an error translated,
// and no key inside the serialized text.
import * as pulumi from "@pulumi/pulumi";
import {
  AppwriteProject,
  appwriteProjectIdFor,
  appwriteProjectNameFor,
  ORGANIZATION_KEY_SCOPES,
} from "../../components/appwrite/project";
import { AppwriteEmulator, startAppwriteEmulator } from "../emulators/appwrite";
import { captureProviders, runInFreshNode } from "./run-provider";

const TYPE = "pulumi-nodejs:dynamic/appwrite:Project";
const CAPTURED_KEY = "organization_" + "k".repeat(48);
const ORG = "org-serialized";
let providers: Map<string, string>;
let emu: AppwriteEmulator;

beforeAll(async () => {
  emu = await startAppwriteEmulator({ organizations: [ORG] });
  providers = await captureProviders(() => {
    new AppwriteProject("appwrite-project", {
      endpoint: "https://aw.example.com/v1",
      organizationId: ORG,
      organizationApiKey: pulumi.secret(CAPTURED_KEY),
      projectId: appwriteProjectIdFor("pr-1", ORG),
      name: appwriteProjectNameFor("pr-1"),
    });
  });
}, 60_000);
afterAll(() => emu.stop());

it("registers the type token, and the serialized text holds no key", () => {
  expect(providers.has(TYPE)).toBe(true);
  expect(providers.get(TYPE)).not.toContain(CAPTURED_KEY);
  expect(providers.get(TYPE)!.length).toBeLessThan(150_000);
});

it("check → create → read → delete from the serialized text", async () => {
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  const projectId = appwriteProjectIdFor("pr-1", ORG);
  const result = await runInFreshNode<{ id: string; created: Record<string, unknown>; readId: string }>(
    providers.get(TYPE)!,
    `const checked = await provider.check(input, input);
     if (checked.failures) throw new Error(JSON.stringify(checked.failures));
     const c = await provider.create(checked.inputs);
     const r = await provider.read(c.id, c.outs);
     await provider.delete(c.id, r.props);
     return { id: c.id, created: c.outs, readId: r.id };`,
    {
      endpoint: emu.endpoint,
      organizationId: ORG,
      organizationApiKey: key,
      projectId,
      name: appwriteProjectNameFor("pr-1"),
      scopes: [],
    },
  );
  expect(result.id).toBe(projectId);
  expect(result.readId).toBe(projectId);
  expect(result.created).toMatchObject({
    keyScopes: ["oauth2.read", "oauth2.write"],
    serverVersion: "1.9.6",
  });
  expect(emu.state.projects.has(projectId)).toBe(false);
});

it("a wrong organization is translated in the fresh process too", async () => {
  const key = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
  await expect(
    runInFreshNode(providers.get(TYPE)!, `await provider.create(input);`, {
      endpoint: emu.endpoint,
      organizationId: "not-the-org",
      organizationApiKey: key,
      projectId: appwriteProjectIdFor("pr-1", "not-the-org"),
      name: "x",
      scopes: [],
    }),
  ).rejects.toThrow(/not an API key of organization "not-the-org"/);
});
