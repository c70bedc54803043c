// The serialized Pocket ID providers work on their own, in a fresh Node process, through a whole
// life: create → read → update → rotate → prune → delete — as Pulumi's provider host runs them.
import * as pulumi from "@pulumi/pulumi";
import { OidcApp } from "../../components/pocket-id/oidc-app";
import { PocketIdBootstrap } from "../../components/pocket-id/bootstrap";
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";
import { captureProviders, runInFreshNode } from "./run-provider";

let emu: PocketIdEmulator;
let providers: Map<string, string>;

beforeAll(async () => {
  emu = await startPocketIdEmulator();
  providers = await captureProviders(() => {
    const app = new OidcApp("app", {
      pocketIdUrl: "https://id.example.com",
      apiKey: pulumi.secret("k".repeat(32)),
      clientId: "appwrite",
      name: "Appwrite",
      callbackUrls: ["https://cloud.example.com/cb"],
      secretRotation: "1",
    });
    app.retireOldSecretsWhenAccepted(app.secretHash);
    new PocketIdBootstrap("boot", {
      pocketIdUrl: "https://id.example.com",
      apiKey: pulumi.secret("k".repeat(32)),
      platform: "external",
      adminEmail: "a@example.com",
      adminUsername: "a",
      adminLoginTtl: "1h",
      adminLoginRotation: "1",
      readinessTimeoutSeconds: 5,
      allowUrlChange: false,
    });
  });
}, 60_000);
afterAll(() => emu.stop());

it("captures a provider for every Pocket ID resource type, with no secret inside", () => {
  expect([...providers.keys()].sort()).toEqual([
    "pulumi-nodejs:dynamic/pocketid:Bootstrap",
    "pulumi-nodejs:dynamic/pocketid:OidcClient",
    "pulumi-nodejs:dynamic/pocketid:OidcClientSecret",
    "pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner",
  ]);
  for (const text of providers.values()) expect(text).not.toContain("k".repeat(32));
});

it("bootstrap, client, secret and pruner run their whole life from the serialized text", async () => {
  const conn = { pocketIdUrl: emu.url, apiKey: emu.apiKey };
  const boot = await runInFreshNode<{ version: string; adminLoginUrl: string }>(
    providers.get("pulumi-nodejs:dynamic/pocketid:Bootstrap")!,
    `const r = await provider.create(input); return r.outs;`,
    {
      ...conn,
      platform: "external",
      adminEmail: "a@example.com",
      adminUsername: "a",
      adminLoginTtl: "1h",
      adminLoginRotation: "1",
      readinessTimeoutSeconds: 5,
      allowUrlChange: false,
    },
  );
  expect(boot.version).toBe("2.14.0");
  expect(boot.adminLoginUrl).toMatch(new RegExp(`^${emu.url}/lc/`));

  const clientInputs = {
    ...conn,
    clientId: "serialized",
    name: "Serialized",
    callbackUrls: ["https://a.example.com/cb"],
    logoutCallbackUrls: [],
    allowedGroupIds: [],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
  };
  const client = await runInFreshNode<{ created: string; read: string[]; updated: string[]; gone: string }>(
    providers.get("pulumi-nodejs:dynamic/pocketid:OidcClient")!,
    `const c = await provider.create(input);
     const r = await provider.read(c.id, c.outs);
     const next = { ...input, callbackUrls: ["https://b.example.com/cb"] };
     const u = await provider.update(c.id, r.props, next);
     return { created: c.id, read: r.props.callbackUrls, updated: u.outs.callbackUrls };`,
    clientInputs,
  );
  expect(client).toEqual({
    created: "serialized",
    read: ["https://a.example.com/cb"],
    updated: ["https://b.example.com/cb"],
  });

  const secrets = await runInFreshNode<{
    first: string;
    second: string;
    retired: string[];
    hash: string;
    outs: unknown;
  }>(
    providers.get("pulumi-nodejs:dynamic/pocketid:OidcClientSecret")!,
    `const a = await provider.create({ ...input, rotation: "1" });
     const b = await provider.update(a.id, a.outs, { ...input, rotation: "2" });
     return { first: a.outs.secretId, second: b.outs.secretId, retired: b.outs.retiredSecretIds, hash: b.outs.secretHash, outs: b.outs };`,
    { ...conn, clientId: "serialized" },
  );
  expect(secrets.retired).toEqual([secrets.first]);

  const pruned = await runInFreshNode<string[]>(
    providers.get("pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner")!,
    `const p = await provider.create(input); return p.outs.prunedSecretIds;`,
    {
      ...conn,
      clientId: "serialized",
      currentSecretId: secrets.second,
      currentSecretHash: secrets.hash,
      acceptedSecretHash: secrets.hash,
      retiredSecretIds: secrets.retired,
    },
  );
  expect(pruned).toEqual([secrets.first]);

  await runInFreshNode(
    providers.get("pulumi-nodejs:dynamic/pocketid:OidcClient")!,
    `const r = await provider.read("serialized", input); await provider.delete("serialized", r.props); const gone = await provider.read("serialized", r.props); return gone.id;`,
    { ...clientInputs, adopted: false },
  );
  const left = await fetch(`${emu.url}/api/oidc/clients/serialized`, {
    headers: { "X-API-Key": emu.apiKey },
  });
  expect(left.status).toBe(404);
}, 120_000);
