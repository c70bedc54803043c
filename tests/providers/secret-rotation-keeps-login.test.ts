// Rotating the client secret is make-before-break: the old secret keeps working until the consumer
// reported the new one, then it is deleted.
import { ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { SecretPrunerProvider } from "../../components/pocket-id/secret-pruner";
import {
  adminCall,
  clientInputs,
  PocketIdEmulator,
  secretInputs,
  secretLogsIn,
  startPocketIdEmulator,
} from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("rotating the secret keeps login working at every step", async () => {
  const client = clientInputs(emu);
  await new OidcClientProvider().create(client);
  const secrets = new ClientSecretProvider();
  const first = (await secrets.create(secretInputs(emu, client.clientId, "1"))).outs!;
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(true);

  const second = (await secrets.update(first.secretId, first, secretInputs(emu, client.clientId, "2"))).outs!;
  expect(second.clientSecret).not.toBe(first.clientSecret);
  expect(second.retiredSecretIds).toEqual([first.secretId]);
  // Both work until the consumer has switched.
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(true);
  expect(await secretLogsIn(emu, client.clientId, second.clientSecret)).toBe(true);

  const pruner = new SecretPrunerProvider();
  const pruned = await pruner.create({
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    clientId: client.clientId,
    currentSecretId: second.secretId,
    currentSecretHash: second.secretHash,
    acceptedSecretHash: second.secretHash,
    retiredSecretIds: second.retiredSecretIds,
  });
  expect(pruned.outs!.prunedSecretIds).toEqual([first.secretId]);
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(false);
  expect(await secretLogsIn(emu, client.clientId, second.clientSecret)).toBe(true);
  const left = (await adminCall(emu, "GET", `/api/oidc/clients/${client.clientId}/secrets`)).json;
  expect(left.map((s: { id: string }) => s.id)).toEqual([second.secretId]);

  // The next rotation retires only what still exists.
  const third = (await secrets.update(second.secretId, second, secretInputs(emu, client.clientId, "3")))
    .outs!;
  expect(third.retiredSecretIds).toEqual([second.secretId]);
});

it("a no-op update makes no API call", async () => {
  const client = clientInputs(emu);
  await new OidcClientProvider().create(client);
  const secrets = new ClientSecretProvider();
  const first = (await secrets.create(secretInputs(emu, client.clientId))).outs!;
  const before = emu.requests.length;
  const same = await secrets.update(first.secretId, first, secretInputs(emu, client.clientId));
  expect(same.outs!.clientSecret).toBe(first.clientSecret);
  expect(emu.requests.length).toBe(before);
});

it("a secret deleted behind the stack's back reads as gone, and a client deleted too", async () => {
  const client = clientInputs(emu);
  await new OidcClientProvider().create(client);
  const secrets = new ClientSecretProvider();
  const first = (await secrets.create(secretInputs(emu, client.clientId))).outs!;
  expect((await secrets.read(first.secretId, first)).id).toBe(first.secretId);
  await adminCall(emu, "DELETE", `/api/oidc/clients/${client.clientId}/secrets/${first.secretId}`);
  expect((await secrets.read(first.secretId, first)).id).toBe("");
  await adminCall(emu, "DELETE", `/api/oidc/clients/${client.clientId}`);
  expect((await secrets.read(first.secretId, first)).id).toBe("");
});
