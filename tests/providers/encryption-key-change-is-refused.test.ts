// ENCRYPTION_KEY is generated once and kept; a config change of `encryptionKey` after the data
// exists is refused at check (so at preview), naming the key and Pocket ID's rotate command.
import * as pulumi from "@pulumi/pulumi";
import { GeneratedKeyInputs, GeneratedKeyProvider } from "../../components/pocket-id/generated-key";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { emulatorArgs, newEngine, upRailway } from "../emulators/railway/stack";

jest.setTimeout(60_000);
const provider = new GeneratedKeyProvider();
const base: GeneratedKeyInputs = {
  value: "",
  bytes: 32,
  encoding: "base64",
  minLength: 16,
  configKey: "encryptionKey",
  immutable: true,
  changeRefusal: "Pocket ID cannot read its data with another key (encryption-key-rotate).",
  allowChange: false,
};

test("generated once (32 random bytes, 44 characters) and stable across updates", async () => {
  const first = await provider.check({} as GeneratedKeyInputs, base);
  const value = first.inputs.value;
  expect(Buffer.from(value, "base64")).toHaveLength(32);
  expect(value).toHaveLength(44);
  const again = await provider.check(first.inputs, base);
  expect(again.inputs.value).toBe(value);
  expect((await provider.diff("k", first.inputs, again.inputs)).changes).toBe(false);
});

test("an override replacing the generated key is refused, naming encryptionKey", async () => {
  const first = await provider.check({} as GeneratedKeyInputs, base);
  const refused = await provider.check(first.inputs, {
    ...base,
    value: "a-brand-new-key-that-is-long-enough",
  });
  expect(refused.failures).toHaveLength(1);
  expect(refused.failures[0].property).toBe("value");
  expect(refused.failures[0].reason).toContain("encryptionKey would replace the key");
  expect(refused.failures[0].reason).toContain("encryption-key-rotate");
  expect(refused.failures[0].reason).not.toContain(first.inputs.value);
});

test("an override → another override is refused; the same value (pinning it) and removing it are fine", async () => {
  const pinned = await provider.check({} as GeneratedKeyInputs, {
    ...base,
    value: "configured-key-0123456789",
  });
  expect(pinned.inputs.value).toBe("configured-key-0123456789");
  expect(
    (await provider.check(pinned.inputs, { ...base, value: "another-key-0123456789" })).failures,
  ).toHaveLength(1);
  expect(
    (await provider.check(pinned.inputs, { ...base, value: "configured-key-0123456789" })).failures,
  ).toEqual([]);
  expect((await provider.check(pinned.inputs, base)).inputs.value).toBe("configured-key-0123456789");
  const generated = await provider.check({} as GeneratedKeyInputs, base);
  expect(
    (await provider.check(generated.inputs, { ...base, value: generated.inputs.value })).failures,
  ).toEqual([]);
});

test("the API key is not immutable: changing pocketIdApiKey is allowed", async () => {
  const key = { ...base, configKey: "pocketIdApiKey", immutable: false, encoding: "base64url" as const };
  const first = await provider.check({} as GeneratedKeyInputs, key);
  expect(first.inputs.value).toHaveLength(43);
  const changed = await provider.check(first.inputs, { ...key, value: "a-new-static-api-key-0123456789" });
  expect(changed.failures).toEqual([]);
});

describe("through the stack", () => {
  let emu: RailwayEmulator;
  let info: jest.SpyInstance;
  beforeEach(async () => {
    info = jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    emu = await startRailwayEmulator({ stepMs: 5 });
  });
  afterEach(async () => {
    info.mockRestore();
    await emu.stop();
  });

  test("setting encryptionKey after the first deploy fails before any Railway call", async () => {
    const engine = newEngine();
    const { values } = await upRailway(engine, emulatorArgs(emu));
    emu.resetRequests();
    const err = (await upRailway(
      engine,
      emulatorArgs(emu, { encryptionKey: pulumi.secret("a-different-encryption-key-0123456789") }),
    ).catch((e) => e)) as Error;
    expect(err.message).toContain("pocket-id-encryption-key");
    expect(err.message).toContain("encryptionKey would replace the key");
    expect(emu.requests.filter((r) => r.kind === "mutation")).toEqual([]);
    const [deployment] = [...emu.world.deployments.values()];
    expect(deployment.variables.ENCRYPTION_KEY).toBe(values.encryptionKey);
  });
});
