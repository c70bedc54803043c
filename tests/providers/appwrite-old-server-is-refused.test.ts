// An Appwrite older than 1.9.5 has no API to configure OIDC with a key. The stack refuses it with the server
// version and what to do (upgrade, or enter the printed values in the console), and writes nothing.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { appwriteRedirectUri } from "../../components/appwrite/redirect-uri";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

let fx: AppwriteFixture;
const provider = new AppwriteOidcProviderProvider();

afterEach(() => fx.emu.stop());

it("1.9.0 is refused with its version, the minimum, and the console values except the secret", async () => {
  fx = await startAppwriteFixture({ version: "1.9.0", scopes: ["project.read"] });
  const inputs = fx.inputs();
  const error = await provider.create(inputs).then(
    () => undefined,
    (e: Error) => e,
  );

  expect(error?.message).toContain("version 1.9.0");
  expect(error?.message).toContain("Upgrade Appwrite to 1.9.5");
  expect(error?.message).toContain(`client ID "${inputs.clientId}"`);
  expect(error?.message).toContain(inputs.wellKnownUrl);
  expect(error?.message).toContain(appwriteRedirectUri(fx.emu.endpoint, "demo"));
  expect(error?.message).not.toContain(inputs.clientSecret);
  expect(error?.message).not.toContain(inputs.apiKey);
  expect(fx.emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/health/version"]);
});

it("the 1.9.0 emulator indeed has no route: 404 general_route_not_found", async () => {
  fx = await startAppwriteFixture({ version: "1.9.0", scopes: ["project.read"] });
  const res = await fetch(`${fx.emu.endpoint}/project/oauth2/oidc`, {
    headers: { "X-Appwrite-Project": "demo" },
  });
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ type: "general_route_not_found", version: "1.9.0" });
});

it("a missing route on a server that claims 1.9.5+ is told apart from a missing project", async () => {
  fx = await startAppwriteFixture();
  fx.emu.injectFault({
    method: "GET",
    path: "/v1/project/oauth2/oidc",
    status: 404,
    type: "general_route_not_found",
    message: "Not Found",
  });
  await expect(provider.create(fx.inputs())).rejects.toThrow(
    /no such route.*older than 1\.9\.5.*end in \/v1/s,
  );

  await expect(provider.create(fx.inputs({ projectId: "nope" }))).rejects.toThrow(
    /has no project "nope".*appwriteProjectId/s,
  );
});

it("1.9.5 and 1.9.6 are accepted", async () => {
  for (const version of ["1.9.5", "1.9.6"] as const) {
    fx = await startAppwriteFixture({ version });
    const { outs } = await provider.create(fx.inputs());
    expect(outs.serverVersion).toBe(version);
    await fx.emu.stop();
  }
  fx = await startAppwriteFixture();
});
