// A key without one of the Sites scopes fails with a sentence naming the missing scope and every scope the
// demo site needs; a domain that is taken names the fix; nothing the attempt created is left behind.
import {
  SITE_SCOPES,
  SiteDeploymentInputs,
  SiteDeploymentProvider,
} from "../../components/appwrite/site-deployment";
import { SITE_KEY_SCOPES, SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { createSite, siteInputs } from "./site-support";

let fx: SitesFixture;
const provider = new SiteDeploymentProvider();
const create = (i: SiteDeploymentInputs) => createSite(provider, i);

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}) => siteInputs(fx, overrides);

afterEach(async () => {
  await fx?.stop();
  fx = undefined as unknown as SitesFixture;
});

it("the emulator's fixture and the provider agree on the scopes", () => {
  expect(SITE_KEY_SCOPES).toEqual(SITE_SCOPES);
});

it("a key without rules.write names rules.write and the full list, and the site it made is removed", async () => {
  fx = await startSitesFixture({ scopes: SITE_SCOPES.filter((s) => s !== "rules.write") });
  const error = await create(inputs()).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toMatch(
    /POST \/v1\/proxy\/rules\/site .* returned 401 general_unauthorized_scope: the API key lacks the scope "rules.write"/,
  );
  expect(error?.message).toContain(SITE_SCOPES.join(", "));
  expect(error?.message).not.toContain(fx.apiKey);
  expect(fx.sites.sites("demo")).toEqual([]);
});

it("a domain already used by another project is refused with the fix, and the attempt is undone", async () => {
  fx = await startSitesFixture();
  // Another project on the same instance already serves the domain.
  fx.emu.createProject("other");
  const otherKey = fx.emu.createApiKey("other", SITE_SCOPES);
  const other = await create(inputs({ projectId: "other", apiKey: otherKey }));
  expect(other.outs.domain).toBe(`demo-dev-demo.${fx.sites.sitesDomain}`);

  await expect(provider.create(inputs())).rejects.toThrow(
    /demo-dev-demo\..* is already taken \(409 rule_already_exists\)[\s\S]*subdomain/,
  );
  expect(fx.sites.sites("demo")).toEqual([]);
  expect(fx.sites.platforms("demo")).toEqual([]);
});

it("a domain outside the rules of the Sites domain is explained", async () => {
  fx = await startSitesFixture();
  await expect(provider.create(inputs({ subdomain: "a.b" }))).rejects.toThrow(
    /exactly one label under the instance's Sites domain/,
  );
});
