// `pulumi refresh` re-verifies: read() runs the checks again and returns the new `checks`, so a chain broken
// behind the stack's back shows as drift — and a refresh itself never fails on a check.
import * as pulumi from "@pulumi/pulumi";
import { ChainVerificationProvider } from "../../components/verify/verify";
import { Chain, startChain } from "../emulators/appwrite/chain";

const provider = new ChainVerificationProvider();
let chain: Chain;

// verify warns through pulumi.log.warn; keep the test output quiet and observable.
let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => warn.mockRestore());

beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain.stop());

it("read() after OIDC was disabled in Appwrite reports the failed appwriteRedirect check", async () => {
  const { id, outs } = await provider.create(chain.verifyInputs());
  expect(outs.checks.appwriteRedirect).toBe("ok");

  const unchanged = await provider.read(id, outs);
  expect(unchanged.props!.checks).toEqual(outs.checks);
  expect((await provider.diff(id, unchanged.props!, chain.verifyInputs())).changes).toBe(false);

  chain.appwrite.emu.setOidc("demo", { enabled: false });
  const drifted = await provider.read(id, outs);
  expect(drifted.props!.checks.appwriteRedirect).toMatch(
    /^failed: Appwrite's OIDC provider is disabled.*run pulumi up/,
  );
  expect(drifted.props!.checks.clientSecret).toBe("ok");
  // The next up checks again.
  expect((await provider.diff(id, drifted.props!, chain.verifyInputs())).changes).toBe(true);
  chain.appwrite.emu.setOidc("demo", { enabled: true });
});

it("read() after the client secret was deleted in Pocket ID reports the failed clientSecret check", async () => {
  const { id, outs } = await provider.create(chain.verifyInputs());
  const client = chain.pocketId.state.clients.get(chain.clientId)!;
  const saved = [...client.secrets];
  client.secrets = [];

  const drifted = await provider.read(id, outs);
  expect(drifted.props!.checks.clientSecret).toMatch(/^failed: Pocket ID rejects the client secret/);
  client.secrets = saved;
});
