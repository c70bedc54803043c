// A well-known URL Appwrite cannot reach breaks every login (Appwrite fetches it at login time, from its own
// server). verify's appwriteRedirect check catches it through the guest probe and says to set
// appwriteWellKnownUrl; in `fail` mode the update fails with that diagnosis.
import * as pulumi from "@pulumi/pulumi";
import { createServer } from "http";
import { AddressInfo } from "net";
import { ChainVerificationProvider } from "../../components/verify/verify";
import { Chain, startChain } from "../emulators/appwrite/chain";

let chain: Chain;
let deadUrl: string;
const provider = new ChainVerificationProvider();

// verify warns through pulumi.log.warn; keep the test output quiet and observable.
let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => warn.mockRestore());

beforeAll(async () => {
  // A port that was free a moment ago: connections to it are refused.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  deadUrl = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
  chain = await startChain({ wellKnownUrl: deadUrl });
});
afterAll(() => chain.stop());

it("warn mode: appwriteRedirect fails naming the URL and appwriteWellKnownUrl; the Pocket ID checks still pass", async () => {
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn" }));
  expect(outs.checks.appwriteRedirect).toMatch(
    /^failed: Appwrite could not read the well-known document at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/,
  );
  expect(outs.checks.appwriteRedirect).toContain("set appwriteWellKnownUrl");
  expect(outs.checks.discovery).toMatch(/^skipped: .*not reachable from where pulumi runs.*appwriteRedirect/);
  expect(outs.checks.authorize).toBe("ok");
  expect(outs.checks.clientSecret).toBe("ok");
  expect(JSON.stringify(outs.checks)).not.toContain(chain.secret.clientSecret);
});

it("fail mode: the update fails with the diagnosis", async () => {
  await expect(provider.create(chain.verifyInputs({ mode: "fail" }))).rejects.toThrow(
    /appwriteRedirect: Appwrite could not read the well-known document.*appwriteWellKnownUrl/s,
  );
});

it("a well-known URL that answers 404 fails the discovery check too", async () => {
  const wrongPath = `${chain.pocketId.url}/.well-known/openid-configuration/`;
  chain.appwrite.emu.setOidc(chain.appwrite.projectId, { wellKnownURL: wrongPath });
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn", wellKnownUrl: wrongPath }));
  expect(outs.checks.discovery).toMatch(/^failed: .* answered 404/);
  expect(outs.checks.appwriteRedirect).toMatch(/^failed: Appwrite could not read the well-known document/);
  chain.appwrite.emu.setOidc(chain.appwrite.projectId, { wellKnownURL: deadUrl });
});
