// ChainVerification's check() and diff() run during preview: no request to Pocket ID or Appwrite, and the
// unknown sentinel (e.g. a client secret not created yet) plans a re-check.
import { ChainVerificationProvider } from "../../components/verify/verify";
import { Chain, startChain } from "../emulators/appwrite/chain";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const provider = new ChainVerificationProvider();
let chain: Chain;

beforeAll(async () => {
  chain = await startChain();
});
afterAll(() => chain.stop());

const requestCount = () => chain.pocketId.requests.length + chain.appwrite.emu.requests.length;

it("check() and diff() with unknown inputs make no request", async () => {
  const { outs } = await provider.create(chain.verifyInputs());
  const before = requestCount();
  const fetchSpy = jest.spyOn(globalThis, "fetch");
  try {
    const unknowns = chain.verifyInputs({
      clientSecret: UNKNOWN,
      appwriteAcceptedSecretHash: UNKNOWN,
      expectedIssuer: UNKNOWN,
    });
    expect((await provider.check(outs, unknowns)).failures).toBeUndefined();
    expect((await provider.diff("verify", outs, unknowns)).changes).toBe(true);
    expect((await provider.diff("verify", outs, chain.verifyInputs())).changes).toBe(false);
    expect((await provider.check(outs, chain.verifyInputs({ mode: "sometimes" as never }))).failures).toEqual(
      [{ property: "mode", reason: expect.stringContaining("fail, warn, off") }],
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  } finally {
    fetchSpy.mockRestore();
  }
  expect(requestCount()).toBe(before);
});
