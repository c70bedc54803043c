// Destroy switches the OIDC slot off and clears its credentials, but only while Appwrite still holds this
// stack's client id: a slot someone else configured since is left alone.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, patches, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

beforeEach(async () => {
  fx = await startAppwriteFixture();
});
afterEach(() => fx.emu.stop());

it("delete disables the provider and clears client id, secret and well-known URL", async () => {
  const { id, outs } = await provider.create(fx.inputs());
  await provider.delete(id, outs);
  expect(patches(fx.emu).at(-1)).toEqual({
    enabled: false,
    clientId: "",
    clientSecret: "",
    wellKnownURL: "",
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
  });
  expect(fx.emu.oidc("demo")).toEqual({
    enabled: false,
    clientId: "",
    clientSecret: "",
    wellKnownURL: "",
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
  });
});

it("delete leaves a slot that now holds another client id untouched", async () => {
  const { id, outs } = await provider.create(fx.inputs());
  const theirs = {
    enabled: true,
    clientId: "other-app",
    clientSecret: "their-secret-0123456789",
    wellKnownURL: "https://other.example.com/.well-known/openid-configuration",
  };
  fx.emu.setOidc("demo", theirs);
  const before = patches(fx.emu).length;

  await provider.delete(id, outs);
  expect(patches(fx.emu)).toHaveLength(before);
  expect(fx.emu.oidc("demo")).toMatchObject(theirs);
});

it("delete of a project that is gone succeeds without a write", async () => {
  const { id, outs } = await provider.create(fx.inputs());
  fx.emu.state.projects.delete("demo");
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  expect(fx.emu.mutatingRequests()).toHaveLength(1);
});

it("delete twice is harmless: the second finds nothing of its own", async () => {
  const { id, outs } = await provider.create(fx.inputs());
  await provider.delete(id, outs);
  await provider.delete(id, outs);
  expect(patches(fx.emu)).toHaveLength(2);
});
