// The serialized AppwriteOidcProvider and ChainVerification providers work on their own, in a fresh Node
// process, the way Pulumi's dynamic provider host loads `__provider` (require-from-string, then handler()):
// create → read → update → delete against the emulators, with no secret inside the serialized text.
import * as pulumi from "@pulumi/pulumi";
import { AppwriteOidcProvider } from "../../components/appwrite/oidc-provider";
import { ChainVerification } from "../../components/verify/verify";
import { Chain, startChain } from "../emulators/appwrite/chain";
import { captureProviders, runInFreshNode } from "./run-provider";

const APPWRITE = "pulumi-nodejs:dynamic/appwrite:OidcProvider";
const VERIFY = "pulumi-nodejs:dynamic/verify:ChainVerification";
const KEY = "standard_" + "k".repeat(48);
const SECRET = "serialization-secret-0123456789";

let providers: Map<string, string>;
let chain: Chain;

beforeAll(async () => {
  chain = await startChain();
  providers = await captureProviders(() => {
    new AppwriteOidcProvider("oidc", {
      endpoint: "https://aw.example.com/v1",
      projectId: "demo",
      apiKey: pulumi.secret(KEY),
      clientId: "appwrite-demo",
      clientSecret: pulumi.secret(SECRET),
      wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
    });
    new ChainVerification("verify", {
      mode: "fail",
      pocketIdUrl: "https://id.example.com",
      expectedIssuer: "https://id.example.com",
      wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
      clientId: "appwrite-demo",
      clientSecret: pulumi.secret(SECRET),
      redirectUri: "https://aw.example.com/v1/account/sessions/oauth2/callback/oidc/demo",
    });
  });
}, 60_000);
afterAll(() => chain.stop());

it("registers both type tokens, and the serialized text holds no secret", () => {
  expect(providers.has(APPWRITE)).toBe(true);
  expect(providers.has(VERIFY)).toBe(true);
  for (const type of [APPWRITE, VERIFY]) {
    expect(providers.get(type)).not.toContain(KEY);
    expect(providers.get(type)).not.toContain(SECRET);
    // node-appwrite is loaded inside the methods, not captured by value.
    expect(providers.get(type)!.length).toBeLessThan(150_000);
  }
});

it("AppwriteOidcProvider: create → read → update → delete from the serialized text", async () => {
  const inputs = chain.appwrite.inputs({
    clientId: "serialized",
    clientSecret: "first-secret-0123456789",
    wellKnownUrl: chain.verifyInputs().wellKnownUrl,
    adoptExisting: true,
  });
  const result = await runInFreshNode<{
    id: string;
    created: Record<string, unknown>;
    read: Record<string, unknown>;
    updated: Record<string, unknown>;
    previewCalls: number;
  }>(
    providers.get(APPWRITE)!,
    `const checked = await provider.check(input, input);
     if (checked.failures) throw new Error(JSON.stringify(checked.failures));
     const c = await provider.create(checked.inputs);
     const r = await provider.read(c.id, c.outs);
     const d = await provider.diff(c.id, r.props, { ...input, clientSecret: "second-secret-0123456789" });
     if (!d.changes) throw new Error("diff missed the new secret");
     const u = await provider.update(c.id, r.props, { ...input, clientSecret: "second-secret-0123456789" });
     await provider.delete(c.id, u.outs);
     return { id: c.id, created: c.outs, read: r.props, updated: u.outs };`,
    inputs,
  );
  expect(result.id).toBe("demo/oidc");
  expect(result.created).toMatchObject({ enabled: true, clientId: "serialized", serverVersion: "1.9.6" });
  expect(result.read).toEqual(result.created);
  expect(result.updated).toMatchObject({
    enabled: true,
    acceptedSecretHash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(result.updated.acceptedSecretHash).not.toBe(result.created.acceptedSecretHash);
  expect(chain.appwrite.emu.oidc("demo")).toMatchObject({ enabled: false, clientId: "", clientSecret: "" });
});

it("ChainVerification: create → read from the serialized text", async () => {
  // Put the chain's own configuration back (the previous test deleted it).
  chain.appwrite.emu.setOidc("demo", {
    enabled: true,
    clientId: chain.clientId,
    clientSecret: chain.secret.clientSecret,
    wellKnownURL: chain.verifyInputs().wellKnownUrl,
  });
  const result = await runInFreshNode<{ created: Record<string, string>; read: Record<string, string> }>(
    providers.get(VERIFY)!,
    `const c = await provider.create(input);
     const r = await provider.read(c.id, c.outs);
     await provider.delete(c.id, r.props);
     return { created: c.outs.checks, read: r.props.checks };`,
    chain.verifyInputs(),
  );
  const allOk = { discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "ok" };
  expect(result.created).toEqual(allOk);
  expect(result.read).toEqual(allOk);
});

it("error paths work from the serialized text too: translated Appwrite errors and verify diagnoses", async () => {
  // A key of no project: Appwrite answers as to a guest, and the translation (in errors.ts) must run.
  await expect(
    runInFreshNode(
      providers.get(APPWRITE)!,
      `await provider.create(input);`,
      chain.appwrite.inputs({ apiKey: "standard_unknown" }),
    ),
  ).rejects.toThrow(/not a key of project demo/);

  const wrongSecret = "wrong-secret-for-serialization-0123";
  await expect(
    runInFreshNode(
      providers.get(VERIFY)!,
      `await provider.create(input);`,
      chain.verifyInputs({ clientSecret: wrongSecret }),
    ),
  ).rejects.toThrow(/clientSecret: Pocket ID rejects the client secret/);

  const warned = await runInFreshNode<string>(
    providers.get(VERIFY)!,
    `const c = await provider.create(input); return c.outs.checks.clientSecret;`,
    chain.verifyInputs({ mode: "warn", clientSecret: wrongSecret }),
  );
  expect(warned).toMatch(/^failed: Pocket ID rejects the client secret/);
  expect(warned).not.toContain(wrongSecret);
});
