// Destroy removes the site, its rule and its Web platform — and only what is still this stack's: a rule or
// platform that now serves something else is left alone. Deleting twice is fine.
import { SiteDeploymentInputs, SiteDeploymentProvider } from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { createSite, siteInputs } from "./site-support";

let fx: SitesFixture;
const provider = new SiteDeploymentProvider();
const create = (i: SiteDeploymentInputs) => createSite(provider, i);

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}) => siteInputs(fx, overrides);

beforeEach(async () => {
  fx = await startSitesFixture();
});
afterEach(() => fx.stop());

it("delete removes the Web platform, the rule and the site, leaving the project empty", async () => {
  const { id, outs } = await create(inputs());
  expect(fx.sites.rules("demo").length).toBeGreaterThan(0);

  await provider.delete(id, outs);
  expect(fx.sites.platforms("demo")).toEqual([]);
  expect(fx.sites.rules("demo")).toEqual([]);
  expect(fx.sites.sites("demo")).toEqual([]);
  expect(fx.sites.deployments("demo")).toEqual([]);

  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});

it("delete leaves a platform whose hostname was changed by someone else", async () => {
  const { id, outs } = await create(inputs());
  fx.sites.platforms("demo")[0].hostname = "other.example.com";
  await provider.delete(id, outs);
  expect(fx.sites.platforms("demo")).toEqual([expect.objectContaining({ hostname: "other.example.com" })]);
  expect(fx.sites.sites("demo")).toEqual([]);
});

it("an adopted site stays on destroy; only the stack's rule and platform go", async () => {
  await fetch(`${fx.emu.endpoint}/sites`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Appwrite-Project": "demo",
      "X-Appwrite-Key": fx.apiKey,
    },
    body: JSON.stringify({
      siteId: "demo-dev",
      name: "Made by hand",
      framework: "other",
      buildRuntime: "node-22",
      adapter: "static",
    }),
  });
  await expect(provider.create(inputs())).rejects.toThrow(
    /already has a site "demo-dev" \(409 site_already_exists\)[\s\S]*adoptExisting/,
  );
  expect(fx.sites.sites("demo")).toHaveLength(1);

  const { id, outs } = await create(inputs({ adoptExisting: true }));
  expect(outs.siteCreated).toBe(false);
  await provider.delete(id, outs);
  expect(fx.sites.sites("demo").map((s) => s.$id)).toEqual(["demo-dev"]);
  expect(fx.sites.rules("demo").filter((r) => r.trigger === "manual")).toEqual([]);
  expect(fx.sites.platforms("demo")).toEqual([]);
});
