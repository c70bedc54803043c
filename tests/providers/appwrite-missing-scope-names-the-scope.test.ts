// A key without the OAuth2 scopes fails with the name of the missing scope for that server version
// (oauth2.write on 1.9.5/1.9.6, project.oauth2.write later), and never with the key in the message.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

afterEach(() => fx.emu.stop());

async function failure(inputs = fx.inputs()): Promise<string> {
  return provider.create(inputs).then(
    () => "no error",
    (e: Error) => e.message,
  );
}

it("1.9.6 without oauth2.read names oauth2.read", async () => {
  fx = await startAppwriteFixture({ scopes: ["project.read"] });
  const message = await failure();
  expect(message).toContain('"oauth2.read"');
  expect(message).toContain("401 general_unauthorized_scope");
  expect(message).not.toContain(fx.apiKey);
});

it("1.9.6 with read but without oauth2.write names oauth2.write, and nothing was written", async () => {
  fx = await startAppwriteFixture({ scopes: ["oauth2.read"] });
  const message = await failure();
  expect(message).toContain('"oauth2.write"');
  expect(message).toContain("API keys");
  expect(fx.emu.oidc("demo").enabled).toBe(false);
});

it("a later server (1.9.7) names project.oauth2.write, even for a key that has the old oauth2.write", async () => {
  fx = await startAppwriteFixture({ version: "1.9.7", scopes: ["project.oauth2.read", "oauth2.write"] });
  const message = await failure();
  expect(message).toContain('"project.oauth2.write"');
  expect(message).toContain("Appwrite 1.9.7");
});

it("a server that reports 1.9.6 but guards with project.oauth2.* (main) is named by what it asks for", async () => {
  fx = await startAppwriteFixture({
    scopeStyle: "project.oauth2",
    scopes: ["oauth2.read", "oauth2.write", "project.oauth2.read"],
  });
  const message = await failure();
  expect(message).toContain('"project.oauth2.write"');
});

it("a key of another project is reported as not a key of this project", async () => {
  fx = await startAppwriteFixture();
  fx.emu.createProject("other");
  const foreignKey = fx.emu.createApiKey("other", ["oauth2.read", "oauth2.write"]);
  const message = await failure(fx.inputs({ apiKey: foreignKey }));
  expect(message).toMatch(/not a key of project demo/);
  expect(message).not.toContain(foreignKey);
});

it("a key created with a scope the version does not know is rejected by the emulator, as by Appwrite", async () => {
  fx = await startAppwriteFixture();
  expect(() => fx.emu.createApiKey("demo", ["project.oauth2.write"])).toThrow(/Invalid `scopes` param/);
});
