// The redirect URI is where logins break most often. verify catches an Appwrite that builds an http(s)
// callback other than the registered one (a TLS-terminating proxy without _APP_OPTIONS_FORCE_HTTPS),
// and a Pocket ID client without the callback Appwrite uses.
import * as pulumi from "@pulumi/pulumi";
import { ChainVerificationProvider } from "../../components/verify/verify";
import { Chain, startChain } from "../emulators/appwrite/chain";

const provider = new ChainVerificationProvider();
let chain: Chain | undefined;

// verify warns through pulumi.log.warn; keep the test output quiet and observable.
let warn: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => warn.mockRestore());

afterEach(async () => {
  await chain?.stop();
  chain = undefined;
});

it("all checks pass when Appwrite sends exactly the registered redirect URI", async () => {
  chain = await startChain();
  const { outs } = await provider.create(chain.verifyInputs());
  expect(outs.checks).toEqual({
    discovery: "ok",
    authorize: "ok",
    clientSecret: "ok",
    appwriteRedirect: "ok",
  });
});

it("Appwrite builds an https callback while https://… was registered as http://…: names FORCE_HTTPS", async () => {
  chain = await startChain({ appwrite: { forceHttps: "enabled" } });
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn" }));
  expect(outs.checks.appwriteRedirect).toMatch(
    /^failed: Appwrite sends redirect_uri https:\/\/127\.0\.0\.1:\d+\/v1\/account\/sessions\/oauth2\/callback\/oidc\/demo/,
  );
  expect(outs.checks.appwriteRedirect).toContain("_APP_OPTIONS_FORCE_HTTPS");
});

it("a TLS-terminating proxy: registered https, Appwrite builds http — the message says so", async () => {
  chain = await startChain();
  const httpsUri = chain.redirectUri.replace(/^http:/, "https:");
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn", redirectUri: httpsUri }));
  expect(outs.checks.appwriteRedirect).toMatch(
    /Appwrite built an http:\/\/ callback, so it runs behind a TLS-terminating proxy without _APP_OPTIONS_FORCE_HTTPS=enabled/,
  );
});

it("Pocket ID without the redirect URI Appwrite uses: the authorize check fails naming the URI", async () => {
  chain = await startChain({
    registeredRedirectUri: "https://appwrite.example.com/v1/account/sessions/oauth2/callback/oidc/demo",
  });
  await expect(provider.create(chain.verifyInputs())).rejects.toThrow(
    /authorize: Pocket ID rejects the redirect URI http:\/\/127\.0\.0\.1:\d+\/v1\/account\/sessions\/oauth2\/callback\/oidc\/demo for client "appwrite-demo"/,
  );
});

it("Appwrite holding another client id fails appwriteRedirect with the two ids", async () => {
  chain = await startChain();
  chain.appwrite.emu.setOidc("demo", { clientId: "someone-else" });
  const { outs } = await provider.create(chain.verifyInputs({ mode: "warn" }));
  expect(outs.checks.appwriteRedirect).toMatch(/client id "someone-else", expected "appwrite-demo"/);
});
