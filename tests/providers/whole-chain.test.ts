// The whole chain, in the order `pulumi up` runs it: Pocket ID client + secret → Appwrite OIDC → secret
// pruner → verify. Then a second up that changes nothing, a rotation, drift found by refresh (OIDC disabled
// in Appwrite behind the stack's back), the repair, and a destroy that leaves both emulators clean.
import * as pulumi from "@pulumi/pulumi";
import {
  AppwriteOidcProviderOutputs,
  AppwriteOidcProviderProvider,
} from "../../components/appwrite/oidc-provider";
import { appwriteRedirectUri } from "../../components/appwrite/redirect-uri";
import { sha256Hex } from "../../components/hash";
import { ClientSecretOutputs, ClientSecretProvider } from "../../components/pocket-id/client-secret";
import {
  OidcClientInputs,
  OidcClientOutputs,
  OidcClientProvider,
} from "../../components/pocket-id/oidc-client";
import {
  SecretPrunerInputs,
  SecretPrunerOutputs,
  SecretPrunerProvider,
} from "../../components/pocket-id/secret-pruner";
import { discoveryUrl } from "../../components/pocket-id/api/wellknown";
import {
  ChainVerificationInputs,
  ChainVerificationOutputs,
  ChainVerificationProvider,
} from "../../components/verify/verify";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";

let pocketId: PocketIdEmulator;
let aw: AppwriteFixture;
const clientId = "appwrite-demo";
const providers = {
  client: new OidcClientProvider(),
  secret: new ClientSecretProvider(),
  appwrite: new AppwriteOidcProviderProvider(),
  pruner: new SecretPrunerProvider(),
  verify: new ChainVerificationProvider(),
};

// verify warns through pulumi.log.warn; keep the test output quiet and observable.
let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => warn.mockRestore());

beforeAll(async () => {
  pocketId = await startPocketIdEmulator();
  aw = await startAppwriteFixture();
});
afterAll(async () => {
  await Promise.all([pocketId.stop(), aw.emu.stop()]);
});

interface StackState {
  client: OidcClientOutputs;
  secret: ClientSecretOutputs;
  appwrite: AppwriteOidcProviderOutputs;
  pruner: SecretPrunerOutputs;
  verify: ChainVerificationOutputs;
}

const desired = (rotation: string) => {
  const conn = { pocketIdUrl: pocketId.url, apiKey: pocketId.apiKey };
  const redirectUri = appwriteRedirectUri(aw.emu.endpoint, aw.projectId);
  const client: OidcClientInputs = {
    ...conn,
    clientId,
    name: "Appwrite demo",
    callbackUrls: [redirectUri],
    logoutCallbackUrls: [],
    allowedGroupIds: [],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
  };
  const secret = { ...conn, clientId, rotation };
  const appwrite = (s: ClientSecretOutputs) =>
    aw.inputs({ clientId, clientSecret: s.clientSecret, wellKnownUrl: discoveryUrl(pocketId.url) });
  const pruner = (s: ClientSecretOutputs, a: AppwriteOidcProviderOutputs): SecretPrunerInputs => ({
    ...conn,
    clientId,
    currentSecretId: s.secretId,
    currentSecretHash: s.secretHash,
    acceptedSecretHash: a.acceptedSecretHash,
    retiredSecretIds: s.retiredSecretIds,
  });
  const verify = (s: ClientSecretOutputs, a: AppwriteOidcProviderOutputs): ChainVerificationInputs => ({
    mode: "fail",
    pocketIdUrl: pocketId.url,
    expectedIssuer: pocketId.url,
    wellKnownUrl: discoveryUrl(pocketId.url),
    clientId,
    clientSecret: s.clientSecret,
    redirectUri,
    appwriteEndpoint: aw.emu.endpoint,
    appwriteProjectId: aw.projectId,
    appwriteAcceptedSecretHash: a.acceptedSecretHash,
    appwriteOidcEnabled: a.enabled,
    requestTimeoutMs: 5_000,
  });
  return { client, secret, appwrite, pruner, verify };
};

/** One `pulumi up` over existing state: diff each resource, update what changed, in dependency order. */
async function up(state: StackState, rotation: string): Promise<{ state: StackState; updated: string[] }> {
  const d = desired(rotation);
  const updated: string[] = [];
  const step = async <O, I>(
    name: string,
    id: string,
    p: {
      diff(id: string, olds: O, news: I): Promise<{ changes?: boolean; replaces?: string[] }>;
      update(id: string, olds: O, news: I): Promise<{ outs?: O }>;
    },
    olds: O,
    news: I,
  ): Promise<O> => {
    const diff = await p.diff(id, olds, news);
    if (!diff.changes) return olds;
    expect(diff.replaces ?? []).toEqual([]);
    updated.push(name);
    return (await p.update(id, olds, news)).outs as O;
  };
  const client = await step("client", clientId, providers.client, state.client, d.client);
  const secret = await step("secret", state.secret.secretId, providers.secret, state.secret, d.secret);
  const appwrite = await step(
    "appwrite",
    "demo/oidc",
    providers.appwrite,
    state.appwrite,
    d.appwrite(secret),
  );
  const pruner = await step("pruner", "pruner", providers.pruner, state.pruner, d.pruner(secret, appwrite));
  const verify = await step("verify", "verify", providers.verify, state.verify, d.verify(secret, appwrite));
  return { state: { client, secret, appwrite, pruner, verify }, updated };
}

it("up, up again, rotate, drift, repair, destroy", async () => {
  // First up: everything is created.
  const d = desired("1");
  const client = (await providers.client.create(d.client)).outs!;
  const secret = (await providers.secret.create(d.secret)).outs!;
  const appwrite = (await providers.appwrite.create(d.appwrite(secret))).outs!;
  const pruner = (await providers.pruner.create(d.pruner(secret, appwrite))).outs!;
  const verify = (await providers.verify.create(d.verify(secret, appwrite))).outs!;
  let state: StackState = { client, secret, appwrite, pruner, verify };
  expect(verify.checks).toEqual({
    discovery: "ok",
    authorize: "ok",
    clientSecret: "ok",
    appwriteRedirect: "ok",
  });
  expect(aw.emu.oidc("demo")).toMatchObject({
    enabled: true,
    clientId,
    clientSecret: secret.clientSecret,
    wellKnownURL: discoveryUrl(pocketId.url),
  });

  // Second up with no change changes nothing.
  const mutationsBefore = aw.emu.mutatingRequests().length + pocketId.mutatingRequests().length;
  const again = await up(state, "1");
  expect(again.updated).toEqual([]);
  expect(aw.emu.mutatingRequests().length + pocketId.mutatingRequests().length).toBe(mutationsBefore);

  // Rotation: new secret, Appwrite switched, old secret pruned, checks re-run.
  const rotated = await up(state, "2");
  expect(rotated.updated).toEqual(["secret", "appwrite", "pruner", "verify"]);
  state = rotated.state;
  expect(state.secret.secretId).not.toBe(secret.secretId);
  expect(aw.emu.oidc("demo").clientSecret).toBe(state.secret.clientSecret);
  expect(state.appwrite.acceptedSecretHash).toBe(sha256Hex(state.secret.clientSecret));
  expect(state.pruner.prunedSecretIds).toEqual([secret.secretId]);
  expect(pocketId.state.clients.get(clientId)!.secrets.map((s) => s.id)).toEqual([state.secret.secretId]);
  expect(state.verify.checks.clientSecret).toBe("ok");

  // Drift: OIDC disabled in Appwrite behind the stack's back; refresh (read) sees it in both resources.
  aw.emu.setOidc("demo", { enabled: false });
  const appwriteRead = (await providers.appwrite.read("demo/oidc", state.appwrite)).props!;
  expect(appwriteRead.enabled).toBe(false);
  const verifyRead = (await providers.verify.read("verify", state.verify)).props!;
  expect(verifyRead.checks.appwriteRedirect).toMatch(/^failed: Appwrite's OIDC provider is disabled/);
  expect(warn).toHaveBeenCalledWith(
    expect.stringContaining("appwriteRedirect: Appwrite's OIDC provider is disabled"),
  );
  state = { ...state, appwrite: appwriteRead, verify: verifyRead };

  // The next up repairs it: Appwrite enabled again (explicitly), checks pass again.
  const repaired = await up(state, "2");
  expect(repaired.updated).toEqual(["appwrite", "verify"]);
  state = repaired.state;
  expect(aw.emu.oidc("demo").enabled).toBe(true);
  expect(state.verify.checks).toEqual({
    discovery: "ok",
    authorize: "ok",
    clientSecret: "ok",
    appwriteRedirect: "ok",
  });

  // Destroy, in reverse order: nothing of the stack is left.
  await providers.verify.delete();
  await providers.pruner.delete();
  await providers.appwrite.delete("demo/oidc", state.appwrite);
  await providers.secret.delete(state.secret.secretId, state.secret);
  await providers.client.delete(clientId, state.client);
  expect(aw.emu.oidc("demo")).toMatchObject({
    enabled: false,
    clientId: "",
    clientSecret: "",
    wellKnownURL: "",
  });
  expect(pocketId.state.clients.has(clientId)).toBe(false);
});
