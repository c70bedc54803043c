// The client secret must authenticate at Pocket ID's token endpoint (client_credentials, client_secret_post)
// and a wrong one must not. verify says so without ever printing the secret.
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

it("the right secret passes", async () => {
  const { outs } = await provider.create(chain.verifyInputs());
  expect(outs.checks.clientSecret).toBe("ok");
  expect(warn).not.toHaveBeenCalled();
});

it("a secret Pocket ID does not know fails the clientSecret check, and fail mode fails the update", async () => {
  const wrong = "not-the-secret-at-all-0123456789";
  const error = await provider.create(chain.verifyInputs({ clientSecret: wrong })).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(
    /clientSecret: Pocket ID rejects the client secret of client "appwrite-demo".*clientSecretRotation/s,
  );
  expect(error?.message).not.toContain(wrong);
});

it("warn mode keeps the failure in the output and does not throw", async () => {
  const wrong = "not-the-secret-at-all-0123456789";
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn", clientSecret: wrong }));
  expect(outs.checks.clientSecret).toMatch(/^failed: Pocket ID rejects the client secret/);
  expect(JSON.stringify(outs.checks)).not.toContain(wrong);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(warn.mock.calls[0][0]).toMatch(/clientSecret: Pocket ID rejects the client secret/);
  expect(warn.mock.calls[0][0]).not.toContain(wrong);
});

it("off mode skips every check and calls nothing", async () => {
  const before = chain.pocketId.requests.length + chain.appwrite.emu.requests.length;
  const { outs } = await provider.create(
    chain.verifyInputs({ mode: "off", clientSecret: "whatever-0123456789" }),
  );
  expect(Object.values(outs.checks)).toEqual(Array(4).fill("skipped: verify is off"));
  expect(chain.pocketId.requests.length + chain.appwrite.emu.requests.length).toBe(before);
});
