// Appwrite never receives an empty client secret: Appwrite 1.9.6 would accept it, enable OIDC, and every
// login would then fail at Pocket ID with invalid_client. check() refuses it, and so does create().
import { AppwriteOidcProviderProvider, enableRequest } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

beforeEach(async () => {
  fx = await startAppwriteFixture();
});
afterEach(() => fx.emu.stop());

it("check() fails on an empty secret, naming clientSecret and the consequence", async () => {
  const result = await provider.check(fx.inputs(), fx.inputs({ clientSecret: "" }));
  expect(result.failures).toEqual([
    { property: "clientSecret", reason: expect.stringContaining("invalid_client") },
  ]);
  expect(fx.emu.requests).toHaveLength(0);
});

it("create() refuses an empty secret before any request", async () => {
  await expect(provider.create(fx.inputs({ clientSecret: "" }))).rejects.toThrow(/client secret is empty/);
  expect(fx.emu.requests).toHaveLength(0);
  expect(fx.emu.oidc("demo").enabled).toBe(false);
});

it("update() refuses an empty secret and leaves the configured one in place", async () => {
  const { outs } = await provider.create(fx.inputs());
  const before = fx.emu.oidc("demo");
  const count = fx.emu.requests.length;

  await expect(provider.update("demo/oidc", outs, fx.inputs({ clientSecret: "" }))).rejects.toThrow(
    /client secret is empty/,
  );
  expect(fx.emu.requests).toHaveLength(count);
  expect(fx.emu.oidc("demo")).toEqual(before);
});

it("the request builder never produces a PATCH with an empty secret", () => {
  expect(() =>
    enableRequest({
      clientId: "a",
      clientSecret: "",
      wellKnownUrl: "https://x/.well-known/openid-configuration",
    }),
  ).toThrow();
});

it("the emulator shows why: 1.9.6 enables OIDC with an empty secret", async () => {
  const res = await fetch(`${fx.emu.endpoint}/project/oauth2/oidc`, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/json",
      "X-Appwrite-Project": "demo",
      "X-Appwrite-Key": fx.apiKey,
    },
    body: JSON.stringify({
      clientId: "a",
      clientSecret: "",
      wellKnownURL: "https://id.example.com/.well-known/openid-configuration",
      enabled: true,
    }),
  });
  expect(res.status).toBe(200);
  expect(fx.emu.oidc("demo")).toMatchObject({ enabled: true, clientSecret: "" });
});
