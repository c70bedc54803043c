// read() reports what Appwrite holds: OIDC switched off behind the stack's back shows as enabled:false
// (also when Appwrite answers 400 project_provider_unsupported), another client id shows as drift and
// means Appwrite no longer holds this stack's secret; the next diff wants an update.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

afterEach(() => fx.emu.stop());

it("a refresh after create reports no drift", async () => {
  fx = await startAppwriteFixture();
  const { id, outs } = await provider.create(fx.inputs());
  const read = await provider.read(id, outs);
  expect(read.props).toEqual(outs);
  expect((await provider.diff(id, read.props!, fx.inputs())).changes).toBe(false);
});

it("OIDC disabled behind the stack's back: read() says enabled:false and the next diff wants an update", async () => {
  fx = await startAppwriteFixture();
  const { id, outs } = await provider.create(fx.inputs());
  fx.emu.setOidc("demo", { enabled: false });

  const read = await provider.read(id, outs);
  expect(read.props).toMatchObject({
    enabled: false,
    clientId: "appwrite-demo",
    acceptedSecretHash: outs.acceptedSecretHash,
  });
  expect(await provider.diff(id, read.props!, fx.inputs())).toMatchObject({ changes: true, replaces: [] });

  const updated = await provider.update(id, read.props!, fx.inputs());
  expect(updated.outs!.enabled).toBe(true);
  expect(fx.emu.oidc("demo").enabled).toBe(true);
});

it("400 project_provider_unsupported for a disabled provider reads as enabled:false", async () => {
  fx = await startAppwriteFixture({ unsupportedWhenDisabled: true });
  const { id, outs } = await provider.create(fx.inputs());
  fx.emu.setOidc("demo", { enabled: false });
  const read = await provider.read(id, outs);
  expect(read.props).toMatchObject({ enabled: false, clientId: "appwrite-demo" });
});

it("another client id and well-known URL are reported, and the accepted-secret hash is dropped", async () => {
  fx = await startAppwriteFixture();
  const { id, outs } = await provider.create(fx.inputs());
  fx.emu.setOidc("demo", {
    clientId: "hand-edited",
    wellKnownURL: "https://elsewhere.example.com/.well-known/openid-configuration",
  });
  const read = await provider.read(id, outs);
  expect(read.props).toMatchObject({
    enabled: true,
    clientId: "hand-edited",
    wellKnownUrl: "https://elsewhere.example.com/.well-known/openid-configuration",
    acceptedSecretHash: "",
    managedClientId: "appwrite-demo",
  });
});

it("a deleted project reads as a deleted resource", async () => {
  fx = await startAppwriteFixture();
  const { id, outs } = await provider.create(fx.inputs());
  fx.emu.state.projects.delete("demo");
  expect(await provider.read(id, outs)).toEqual({ id: "", props: undefined });
});
