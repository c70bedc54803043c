// A project has one OIDC slot. When it is enabled with another client id, the stack refuses to overwrite
// it unless adoptExisting is set, and says which client id is there.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, patches, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();
const someoneElses = {
  enabled: true,
  clientId: "other-app",
  clientSecret: "their-secret-0123456789",
  wellKnownURL: "https://other.example.com/.well-known/openid-configuration",
};

beforeEach(async () => {
  fx = await startAppwriteFixture();
});
afterEach(() => fx.emu.stop());

it("create refuses, names the client id that holds the slot and the config key adoptExisting, and writes nothing", async () => {
  fx.emu.setOidc("demo", someoneElses);
  const error = await provider.create(fx.inputs()).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toContain('"other-app"');
  expect(error?.message).toContain("adoptExisting");
  expect(error?.message).not.toContain(fx.inputs().clientSecret);
  expect(patches(fx.emu)).toHaveLength(0);
  expect(fx.emu.oidc("demo")).toMatchObject(someoneElses);
});

it("with adoptExisting the slot is taken over, and the previous client id is recorded", async () => {
  fx.emu.setOidc("demo", someoneElses);
  const { outs } = await provider.create(fx.inputs({ adoptExisting: true }));
  expect(fx.emu.oidc("demo")).toMatchObject({
    enabled: true,
    clientId: "appwrite-demo",
    clientSecret: fx.inputs().clientSecret,
  });
  expect(outs.adoptedClientId).toBe("other-app");
});

it("a disabled slot with another client id is free to use", async () => {
  fx.emu.setOidc("demo", { ...someoneElses, enabled: false });
  await provider.create(fx.inputs());
  expect(fx.emu.oidc("demo")).toMatchObject({ enabled: true, clientId: "appwrite-demo" });
});

it("update refuses when someone else took the slot after the stack configured it", async () => {
  const { outs } = await provider.create(fx.inputs());
  fx.emu.setOidc("demo", someoneElses);
  const before = patches(fx.emu).length;
  await expect(
    provider.update("demo/oidc", outs, fx.inputs({ clientSecret: "next-secret-0123456789" })),
  ).rejects.toThrow(/"other-app".*adoptExisting/s);
  expect(patches(fx.emu)).toHaveLength(before);
});

it("changing the stack's own client id is not a takeover", async () => {
  const { outs } = await provider.create(fx.inputs());
  await provider.update("demo/oidc", outs, fx.inputs({ clientId: "appwrite-renamed" }));
  expect(fx.emu.oidc("demo").clientId).toBe("appwrite-renamed");
});
