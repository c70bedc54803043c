// The demo app is rebuilt (the build command's trigger changes) when one of its source files changes, or
// the endpoint or project id baked into it; not when only build output or dependencies change.
import * as pulumi from "@pulumi/pulumi";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { appBuildHash, hashAppSources, listAppSources } from "../../components/appwrite/site-sources";

// Each DemoSite serializes its dynamic provider under mocks, which takes a while on a busy machine.
jest.setTimeout(60_000);

const seen: { type: string; name: string; inputs: Record<string, any> }[] = [];
let appDir: string;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "pocket-id-appwrite",
    "dev",
  );
});

beforeEach(() => {
  appDir = mkdtempSync(join(tmpdir(), "pia-app-"));
  mkdirSync(join(appDir, "src/pages"), { recursive: true });
  writeFileSync(join(appDir, "package.json"), '{"name":"demo"}');
  writeFileSync(join(appDir, "src/pages/index.astro"), "<h1>Sign in</h1>");
});
afterEach(() => rmSync(appDir, { recursive: true, force: true }));

/** The build trigger a DemoSite registers for the current app directory. */
async function triggerOf(
  name: string,
  endpoint = "https://aw.example.com/v1",
  projectId = "demo",
): Promise<string> {
  const { DemoSite } = await import("../../components/appwrite/site");
  new DemoSite(name, {
    endpoint,
    projectId,
    apiKey: pulumi.secret("standard_key"),
    sitesDomain: "sites.example.com",
    appDir,
  });
  for (let i = 0; i < 250 && !seen.some((s) => s.name === `${name}-build`); i++)
    await new Promise((r) => setTimeout(r, 20));
  return seen.find((s) => s.name === `${name}-build`)!.inputs.triggers[0];
}

it("a changed, added or removed source file changes the trigger", async () => {
  const first = await triggerOf("a");
  expect(await triggerOf("a-again")).toBe(first);

  writeFileSync(join(appDir, "src/pages/index.astro"), "<h1>Sign in with a passkey</h1>");
  const edited = await triggerOf("b");
  expect(edited).not.toBe(first);

  writeFileSync(join(appDir, "src/pages/dashboard.astro"), "<h1>Dashboard</h1>");
  const added = await triggerOf("c");
  expect(added).not.toBe(edited);

  rmSync(join(appDir, "src/pages/dashboard.astro"));
  expect(await triggerOf("d")).toBe(edited);
});

it("build output, dependencies and Astro's cache are not sources", async () => {
  const before = hashAppSources(appDir);
  for (const dir of ["dist", "node_modules/astro", ".astro"]) {
    mkdirSync(join(appDir, dir), { recursive: true });
    writeFileSync(join(appDir, dir, "file.js"), String(Math.random()));
  }
  expect(hashAppSources(appDir)).toBe(before);
  expect(listAppSources(appDir)).toEqual(["package.json", "src/pages/index.astro"]);
});

it("a new endpoint or project id changes the trigger (they are baked into the bundle)", async () => {
  const base = await triggerOf("e");
  expect(await triggerOf("f", "https://other.example.com/v1")).not.toBe(base);
  expect(await triggerOf("g", "https://aw.example.com/v1", "other-project")).not.toBe(base);
  expect(await triggerOf("h", "https://aw.example.com/v1/")).toBe(base);
  expect(base).toBe(appBuildHash(hashAppSources(appDir), "https://aw.example.com/v1", "demo"));
});

it("the repository's app/ is hashed from its sources only", () => {
  const files = listAppSources(join(__dirname, "../../app"));
  expect(files).toEqual(
    expect.arrayContaining([
      "package.json",
      "package-lock.json",
      "astro.config.mjs",
      "src/pages/index.astro",
      "src/pages/dashboard.astro",
    ]),
  );
  expect(files.some((f) => f.startsWith("dist/") || f.startsWith("node_modules/"))).toBe(false);
  const copy = mkdtempSync(join(tmpdir(), "pia-app-copy-"));
  cpSync(join(__dirname, "../../app/src"), join(copy, "src"), { recursive: true });
  expect(hashAppSources(copy)).not.toBe(hashAppSources(join(__dirname, "../../app")));
  rmSync(copy, { recursive: true, force: true });
});
