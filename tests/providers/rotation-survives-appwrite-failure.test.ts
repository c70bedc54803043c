// Rotating the client secret never breaks login, even when Appwrite's PATCH fails half-way: the new secret
// is added, Appwrite is switched (the first attempt fails), the pruner refuses to delete the old secret until
// Appwrite reports the new hash, and the next update completes the rotation. After every step, the secret
// Appwrite holds still authenticates at Pocket ID.
import {
  AppwriteOidcProviderOutputs,
  AppwriteOidcProviderProvider,
} from "../../components/appwrite/oidc-provider";
import { appwriteRedirectUri } from "../../components/appwrite/redirect-uri";
import { sha256Hex } from "../../components/hash";
import { ClientSecretOutputs, ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import {
  SecretPrunerInputs,
  SecretPrunerOutputs,
  SecretPrunerProvider,
} from "../../components/pocket-id/secret-pruner";
import { discoveryUrl } from "../../components/pocket-id/api/wellknown";
import { AppwriteFixture, patches, startAppwriteFixture } from "../emulators/appwrite/fixture";
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";

let pocketId: PocketIdEmulator;
let aw: AppwriteFixture;
const clientId = "appwrite-demo";
const secrets = new ClientSecretProvider();
const appwrite = new AppwriteOidcProviderProvider();
const pruner = new SecretPrunerProvider();

beforeAll(async () => {
  pocketId = await startPocketIdEmulator();
  aw = await startAppwriteFixture();
  await new OidcClientProvider().create({
    pocketIdUrl: pocketId.url,
    apiKey: pocketId.apiKey,
    clientId,
    name: "Appwrite demo",
    callbackUrls: [appwriteRedirectUri(aw.emu.endpoint, aw.projectId)],
    logoutCallbackUrls: [],
    allowedGroupIds: [],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
  });
});
afterAll(async () => {
  await Promise.all([pocketId.stop(), aw.emu.stop()]);
});

/** The invariant: the secret Appwrite holds is one Pocket ID still has. */
function expectAppwriteSecretIsLive(): void {
  const held = aw.emu.oidc(aw.projectId).clientSecret;
  const live = pocketId.state.clients.get(clientId)!.secrets.map((s) => s.sha256);
  expect(held).not.toBe("");
  expect(live).toContain(sha256Hex(held));
}

async function secretAuthenticates(secret: string): Promise<boolean> {
  const res = await fetch(`${pocketId.url}/api/oidc/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });
  return res.status === 200;
}

function prunerInputs(
  secret: ClientSecretOutputs,
  accepted: AppwriteOidcProviderOutputs,
): SecretPrunerInputs {
  return {
    pocketIdUrl: pocketId.url,
    apiKey: pocketId.apiKey,
    clientId,
    currentSecretId: secret.secretId,
    currentSecretHash: secret.secretHash,
    acceptedSecretHash: accepted.acceptedSecretHash,
    retiredSecretIds: secret.retiredSecretIds,
  };
}

it("a rotation whose Appwrite PATCH fails once completes on the next update, and login never breaks", async () => {
  const conn = { pocketIdUrl: pocketId.url, apiKey: pocketId.apiKey, clientId };
  const inputs = (secret: ClientSecretOutputs) =>
    aw.inputs({ clientId, clientSecret: secret.clientSecret, wellKnownUrl: discoveryUrl(pocketId.url) });

  // 1. first up: secret, Appwrite, pruner.
  const first = (await secrets.create({ ...conn, rotation: "1" })).outs!;
  let appwriteState = (await appwrite.create(inputs(first))).outs!;
  let prunerState: SecretPrunerOutputs = (await pruner.create(prunerInputs(first, appwriteState))).outs!;
  expect(appwriteState.acceptedSecretHash).toBe(first.secretHash);
  expectAppwriteSecretIsLive();

  // 2. rotation: the secret resource adds the new secret and retires the old one (not deleted yet).
  const second = (await secrets.update(first.secretId, first, { ...conn, rotation: "2" })).outs!;
  expect(second.retiredSecretIds).toEqual([first.secretId]);
  expectAppwriteSecretIsLive();

  // 3. Appwrite's PATCH fails: the update throws, so Pulumi keeps the old outputs (old hash).
  aw.emu.injectFault({
    method: "PATCH",
    path: "/v1/project/oauth2/oidc",
    status: 503,
    type: "general_server_error",
    message: "Server Error",
  });
  expect((await appwrite.diff("demo/oidc", appwriteState, inputs(second))).changes).toBe(true);
  await expect(appwrite.update("demo/oidc", appwriteState, inputs(second))).rejects.toThrow(
    /PATCH \/v1\/project\/oauth2\/oidc.*503/,
  );
  expect(aw.emu.oidc(aw.projectId).clientSecret).toBe(first.clientSecret);
  expectAppwriteSecretIsLive();

  // 4. the pruner, depending on Appwrite's (old) accepted hash, refuses to delete the old secret.
  await expect(pruner.update("pruner", prunerState, prunerInputs(second, appwriteState))).rejects.toThrow(
    /does not hold its current secret/,
  );
  expect(pocketId.state.clients.get(clientId)!.secrets.map((s) => s.id)).toContain(first.secretId);
  expectAppwriteSecretIsLive();
  expect(await secretAuthenticates(aw.emu.oidc(aw.projectId).clientSecret)).toBe(true);

  // 5. the next up: Appwrite takes the new secret, then the pruner deletes the old one.
  appwriteState = (await appwrite.update("demo/oidc", appwriteState, inputs(second))).outs!;
  expect(appwriteState.acceptedSecretHash).toBe(second.secretHash);
  expect(aw.emu.oidc(aw.projectId).clientSecret).toBe(second.clientSecret);
  expectAppwriteSecretIsLive();

  prunerState = (await pruner.update("pruner", prunerState, prunerInputs(second, appwriteState))).outs!;
  expect(prunerState.prunedSecretIds).toEqual([first.secretId]);
  expect(pocketId.state.clients.get(clientId)!.secrets.map((s) => s.id)).toEqual([second.secretId]);
  expectAppwriteSecretIsLive();
  expect(await secretAuthenticates(second.clientSecret)).toBe(true);
  expect(await secretAuthenticates(first.clientSecret)).toBe(false);
  expect(patches(aw.emu).map((p) => p.enabled)).toEqual([true, true, true]);
});

it("a PATCH that times out leaves the old hash, so the old secret is kept", async () => {
  const conn = { pocketIdUrl: pocketId.url, apiKey: pocketId.apiKey, clientId };
  const current = (await secrets.create({ ...conn, rotation: "a" })).outs!;
  const state = (
    await appwrite.create(
      aw.inputs({
        clientId,
        clientSecret: current.clientSecret,
        wellKnownUrl: discoveryUrl(pocketId.url),
        adoptExisting: true,
      }),
    )
  ).outs!;
  const next = (await secrets.update(current.secretId, current, { ...conn, rotation: "b" })).outs!;

  // The GET before the PATCH must fit in the timeout even on a busy machine; only the PATCH hangs.
  aw.emu.injectFault({ method: "PATCH", path: "/v1/project/oauth2/oidc", delayMs: 4_000 });
  const slow = aw.inputs({
    clientId,
    clientSecret: next.clientSecret,
    wellKnownUrl: discoveryUrl(pocketId.url),
    requestTimeoutMs: 2_000,
  });
  await expect(appwrite.update("demo/oidc", state, slow)).rejects.toThrow(
    /no answer within 2000 ms.*may or may not have been applied/s,
  );
  // Whatever Appwrite ended up with, the pruner still sees the old hash and deletes nothing.
  await expect(pruner.create(prunerInputs(next, state))).rejects.toThrow(/does not hold its current secret/);
  await new Promise((r) => setTimeout(r, 2_500));
  expectAppwriteSecretIsLive();
});
