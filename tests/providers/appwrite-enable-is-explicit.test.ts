// Appwrite's OIDC provider is switched on by an explicit `enabled: true` in the same PATCH that sends the
// client id, the secret and the well-known URL — never by Appwrite's implicit enable of an omitted flag.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { sha256Hex } from "../../components/hash";
import { AppwriteFixture, patches, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

beforeEach(async () => {
  fx = await startAppwriteFixture();
});
afterEach(() => fx.emu.stop());

it("create sends clientId, clientSecret, wellKnownURL and enabled: true in one PATCH", async () => {
  const inputs = fx.inputs();
  const { id, outs } = await provider.create(inputs);

  expect(id).toBe("demo/oidc");
  expect(patches(fx.emu)).toEqual([
    {
      clientId: "appwrite-demo",
      clientSecret: inputs.clientSecret,
      wellKnownURL: inputs.wellKnownUrl,
      authorizationURL: "",
      tokenURL: "",
      userInfoURL: "",
      enabled: true,
    },
  ]);
  expect(fx.emu.oidc("demo")).toMatchObject({
    enabled: true,
    clientId: "appwrite-demo",
    clientSecret: inputs.clientSecret,
    wellKnownURL: inputs.wellKnownUrl,
  });
  expect(outs).toMatchObject({
    enabled: true,
    clientId: "appwrite-demo",
    serverVersion: "1.9.6",
    managedClientId: "appwrite-demo",
  });
  expect(outs.acceptedSecretHash).toBe(sha256Hex(inputs.clientSecret));
  expect(JSON.stringify(outs)).not.toContain(inputs.clientSecret);
});

it("update after OIDC was switched off sends enabled: true again, with every field", async () => {
  const { outs } = await provider.create(fx.inputs());
  fx.emu.setOidc("demo", { enabled: false });

  const news = fx.inputs({ clientSecret: "rotated-secret-value-0123456789" });
  const updated = await provider.update("demo/oidc", { ...outs, enabled: false }, news);

  const last = patches(fx.emu).at(-1)!;
  expect(last.enabled).toBe(true);
  expect(last).toMatchObject({
    clientId: "appwrite-demo",
    clientSecret: news.clientSecret,
    wellKnownURL: news.wellKnownUrl,
  });
  expect(fx.emu.oidc("demo").enabled).toBe(true);
  expect(updated.outs!.acceptedSecretHash).toBe(sha256Hex(news.clientSecret));
});

it("the emulator shows why: an omitted enabled flag enables silently when the credentials are complete", async () => {
  fx.emu.setOidc("demo", {
    clientId: "x",
    clientSecret: "y",
    wellKnownURL: "https://id.example.com/.well-known/openid-configuration",
  });
  const res = await fetch(`${fx.emu.endpoint}/project/oauth2/oidc`, {
    method: "PATCH",
    headers: {
      "Content-Type": "application/json",
      "X-Appwrite-Project": "demo",
      "X-Appwrite-Key": fx.apiKey,
    },
    body: JSON.stringify({ clientId: "x" }),
  });
  expect(res.status).toBe(200);
  expect(fx.emu.oidc("demo").enabled).toBe(true);
});
