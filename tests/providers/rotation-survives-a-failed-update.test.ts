// When an update fails half-way through a rotation, the old secret survives: it is deleted only by
// the pruner, which runs only once the consumer reported the new secret's hash.
import { ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { SecretPrunerProvider } from "../../components/pocket-id/secret-pruner";
import { clientInputs, PocketIdEmulator, secretInputs, secretLogsIn, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("a consumer that has not switched yet blocks the deletion; the next run finishes it", async () => {
  const client = clientInputs(emu);
  await new OidcClientProvider().create(client);
  const secrets = new ClientSecretProvider();
  const pruner = new SecretPrunerProvider();
  const first = (await secrets.create(secretInputs(emu, client.clientId, "1"))).outs!;
  const base = { pocketIdUrl: emu.url, apiKey: emu.apiKey, clientId: client.clientId };
  const prunerState = (
    await pruner.create({
      ...base,
      currentSecretId: first.secretId,
      currentSecretHash: first.secretHash,
      acceptedSecretHash: first.secretHash,
      retiredSecretIds: [],
    })
  ).outs!;

  // Run 1: the new secret is made, then the consumer update fails — it still reports the old hash.
  const second = (await secrets.update(first.secretId, first, secretInputs(emu, client.clientId, "2"))).outs!;
  const stillOld = {
    ...base,
    currentSecretId: second.secretId,
    currentSecretHash: second.secretHash,
    acceptedSecretHash: first.secretHash,
    retiredSecretIds: second.retiredSecretIds,
  };
  await expect(pruner.update("p", prunerState, stillOld)).rejects.toThrow(
    /does not hold its current secret yet.*login keeps working/,
  );
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(true);

  // Run 2: the consumer accepted the new secret; only now is the old one deleted.
  await pruner.update("p", prunerState, { ...stillOld, acceptedSecretHash: second.secretHash });
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(false);
  expect(await secretLogsIn(emu, client.clientId, second.clientSecret)).toBe(true);
});

it("a failed secret creation leaves the old secret and the state as they were", async () => {
  const client = clientInputs(emu);
  await new OidcClientProvider().create(client);
  const secrets = new ClientSecretProvider();
  const first = (await secrets.create(secretInputs(emu, client.clientId, "1"))).outs!;
  emu.injectFault({ method: "POST", path: `/api/oidc/clients/${client.clientId}/secrets`, status: 500 });
  await expect(
    secrets.update(first.secretId, first, secretInputs(emu, client.clientId, "2")),
  ).rejects.toThrow(/500/);
  expect(await secretLogsIn(emu, client.clientId, first.clientSecret)).toBe(true);
  // Retried with the same old state, the rotation completes.
  const second = (await secrets.update(first.secretId, first, secretInputs(emu, client.clientId, "2"))).outs!;
  expect(second.retiredSecretIds).toEqual([first.secretId]);
});
