// `pulumi preview` runs check() and diff() with unknown inputs: AppwriteOidcProvider makes no API call
// in either, tolerates the unknown sentinel, and plans the right thing.
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const provider = new AppwriteOidcProviderProvider();
let fx: AppwriteFixture;
let fetchSpy: jest.SpyInstance;

beforeAll(async () => {
  fx = await startAppwriteFixture();
});
afterAll(() => fx.emu.stop());
beforeEach(() => {
  fetchSpy = jest.spyOn(globalThis, "fetch");
});
afterEach(() => fetchSpy.mockRestore());

it("check() with every input unknown passes and calls nothing", async () => {
  const unknowns = {
    endpoint: UNKNOWN,
    projectId: UNKNOWN,
    apiKey: UNKNOWN,
    clientId: UNKNOWN,
    clientSecret: UNKNOWN,
    wellKnownUrl: UNKNOWN,
    adoptExisting: false,
  };
  const result = await provider.check(fx.inputs(), unknowns);
  expect(result.failures).toBeUndefined();
  expect(result.inputs).toMatchObject({ endpoint: UNKNOWN, clientSecret: UNKNOWN });
  expect(fx.emu.requests).toHaveLength(0);
  expect(fetchSpy).not.toHaveBeenCalled();
});

it("check() with known inputs validates without calling", async () => {
  const result = await provider.check(
    fx.inputs(),
    fx.inputs({ endpoint: "https://cloud.example.com/", wellKnownUrl: "not a url" }),
  );
  expect(result.failures?.map((f) => f.property).sort()).toEqual(["endpoint", "wellKnownUrl"]);
  expect(fx.emu.requests).toHaveLength(0);
  expect(fetchSpy).not.toHaveBeenCalled();
});

it("diff() with an unknown secret plans an update; unknown endpoint or project plans a delete-before-replace", async () => {
  const { outs } = await provider.create(fx.inputs());
  const made = fx.emu.requests.length;
  fetchSpy.mockClear();

  expect(await provider.diff("demo/oidc", outs, fx.inputs({ clientSecret: UNKNOWN }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await provider.diff("demo/oidc", outs, fx.inputs({ projectId: UNKNOWN }))).toMatchObject({
    changes: true,
    replaces: ["projectId"],
    deleteBeforeReplace: true,
  });
  expect(await provider.diff("demo/oidc", outs, fx.inputs({ endpoint: UNKNOWN }))).toMatchObject({
    replaces: ["endpoint"],
    deleteBeforeReplace: true,
  });
  expect(await provider.diff("demo/oidc", outs, fx.inputs())).toMatchObject({ changes: false });

  expect(fx.emu.requests).toHaveLength(made);
  expect(fetchSpy).not.toHaveBeenCalled();
});
