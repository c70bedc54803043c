// `pulumi preview` runs check() and diff() with unknown inputs: AppwriteProject makes no API call in either,
// tolerates the unknown sentinel, and plans the right thing (a new organization or id is a delete-before-replace).
import {
  AppwriteProjectInputs,
  AppwriteProjectProvider,
  appwriteProjectIdFor,
  appwriteProjectNameFor,
  ORGANIZATION_KEY_SCOPES,
} from "../../components/appwrite/project";
import { SITE_SCOPES } from "../../components/appwrite/site-deployment";
import { AppwriteEmulator, startAppwriteEmulator } from "../emulators/appwrite";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ORG = "org-pia";
const PID = appwriteProjectIdFor("pr-3", ORG);
const provider = new AppwriteProjectProvider();
let emu: AppwriteEmulator;
let orgKey: string;
let fetchSpy: jest.SpyInstance;

beforeAll(async () => {
  emu = await startAppwriteEmulator({ organizations: [ORG] });
  orgKey = emu.createOrganizationKey(ORG, ORGANIZATION_KEY_SCOPES);
});
afterAll(() => emu.stop());
beforeEach(() => {
  fetchSpy = jest.spyOn(globalThis, "fetch");
});
afterEach(() => fetchSpy.mockRestore());

function inputs(
  overrides: Partial<Record<keyof AppwriteProjectInputs, unknown>> = {},
): AppwriteProjectInputs {
  return {
    endpoint: emu.endpoint,
    organizationId: ORG,
    organizationApiKey: orgKey,
    projectId: PID,
    name: appwriteProjectNameFor("pr-3"),
    scopes: [],
    ...overrides,
  } as AppwriteProjectInputs;
}

it("check() with every input unknown passes and calls nothing", async () => {
  const unknowns = inputs({
    endpoint: UNKNOWN,
    organizationId: UNKNOWN,
    organizationApiKey: UNKNOWN,
    projectId: UNKNOWN,
    name: UNKNOWN,
    scopes: UNKNOWN,
  });
  const result = await provider.check(inputs(), unknowns);
  expect(result.failures).toBeUndefined();
  expect(result.inputs).toMatchObject({ organizationApiKey: UNKNOWN, projectId: UNKNOWN });
  expect(await provider.check(inputs(), inputs({ scopes: [UNKNOWN, "sites.read"] }))).not.toHaveProperty(
    "failures",
  );
  expect(emu.requests).toHaveLength(0);
  expect(fetchSpy).not.toHaveBeenCalled();
});

it("diff() plans without calling: unknown ids replace (delete first), unknown key or scopes update, same is no change", async () => {
  const { outs } = await provider.create(inputs());
  const made = emu.requests.length;
  fetchSpy.mockClear();

  expect(await provider.diff(PID, outs, inputs())).toMatchObject({ changes: false });
  expect(await provider.diff(PID, outs, inputs({ organizationId: UNKNOWN }))).toMatchObject({
    changes: true,
    replaces: ["organizationId"],
    deleteBeforeReplace: true,
  });
  expect(await provider.diff(PID, outs, inputs({ projectId: UNKNOWN }))).toMatchObject({
    replaces: ["projectId"],
  });
  expect(await provider.diff(PID, outs, inputs({ endpoint: UNKNOWN }))).toMatchObject({
    replaces: ["endpoint"],
  });
  expect(await provider.diff(PID, outs, inputs({ organizationApiKey: UNKNOWN }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await provider.diff(PID, outs, inputs({ scopes: UNKNOWN }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(await provider.diff(PID, outs, inputs({ scopes: SITE_SCOPES }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  // A server upgraded past 1.9.6 (recorded by refresh) needs the key's scopes renamed: an update.
  expect(await provider.diff(PID, { ...outs, serverVersion: "1.9.7" }, inputs())).toMatchObject({
    changes: true,
    replaces: [],
  });

  expect(emu.requests).toHaveLength(made);
  expect(fetchSpy).not.toHaveBeenCalled();
});
