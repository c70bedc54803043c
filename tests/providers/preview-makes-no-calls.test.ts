// check() and diff() run during `pulumi preview`: they must make no API call and accept unknowns.
import { UNKNOWN } from "../../components/dynamic";
import { BootstrapProvider } from "../../components/pocket-id/bootstrap";
import { ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { SecretPrunerProvider } from "../../components/pocket-id/secret-pruner";
import { clientInputs, PocketIdEmulator, secretInputs, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("check and diff of every Pocket ID resource make zero calls, even with unknown inputs", async () => {
  const client = new OidcClientProvider();
  const news = clientInputs(emu, { pocketIdUrl: UNKNOWN, callbackUrls: [UNKNOWN], clientId: UNKNOWN });
  const checked = await client.check(clientInputs(emu), news);
  expect(checked.failures).toBeUndefined();
  const olds = { ...clientInputs(emu), adopted: false };
  expect((await client.diff("appwrite", olds, news)).changes).toBe(true);

  const secret = new ClientSecretProvider();
  const secretOlds = {
    ...secretInputs(emu, "appwrite"),
    secretId: "s1",
    clientSecret: "x",
    secretHash: "h",
    retiredSecretIds: [],
  };
  expect((await secret.diff("s1", secretOlds, secretInputs(emu, UNKNOWN, "2"))).changes).toBe(true);

  const bootstrap = new BootstrapProvider();
  const bootInputs = {
    pocketIdUrl: UNKNOWN,
    apiKey: UNKNOWN,
    platform: "external",
    adminEmail: "a@example.com",
    adminUsername: "a",
    adminLoginTtl: "24h",
    adminLoginRotation: "1",
    readinessTimeoutSeconds: 5,
    allowUrlChange: false,
  };
  expect(
    (await bootstrap.check({ ...bootInputs, pocketIdUrl: emu.url }, bootInputs)).failures,
  ).toBeUndefined();

  const pruner = new SecretPrunerProvider();
  const prunerInputs = {
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    clientId: "c",
    currentSecretId: "s",
    currentSecretHash: "h",
    acceptedSecretHash: UNKNOWN,
    retiredSecretIds: [],
  };
  expect(
    (
      await pruner.diff(
        "c-pruner",
        { ...prunerInputs, acceptedSecretHash: "h", prunedSecretIds: [] },
        prunerInputs,
      )
    ).changes,
  ).toBe(true);

  expect(emu.requests).toEqual([]);
});
