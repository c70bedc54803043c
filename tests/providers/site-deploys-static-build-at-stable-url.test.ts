// The demo site's SiteDeployment against the Appwrite emulator: a prebuilt dist/ is uploaded as a static
// .tar.gz deployment (framework other, adapter static, no build in Appwrite), waited for until ready, served
// at a manual site rule <subdomain>.<sitesDomain>, and that host is a Web platform of the project.
import {
  SiteDeploymentInputs,
  SiteDeploymentProvider,
  diffSiteDeployment,
} from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { createSite, siteInputs } from "./site-support";

let fx: SitesFixture;
const provider = new SiteDeploymentProvider();
const create = (i: SiteDeploymentInputs) => createSite(provider, i);

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}) => siteInputs(fx, overrides);

beforeEach(async () => {
  fx = await startSitesFixture({ pollsPerStatus: 2 });
});
afterEach(() => fx.stop());

it("create uploads dist/ as a static deployment, waits until ready, and publishes a rule and a Web platform", async () => {
  const { id, outs } = await create(inputs());
  const domain = `demo-dev-demo.${fx.sites.sitesDomain}`;

  expect(id).toBe("demo/demo-dev");
  const [site] = fx.sites.sites("demo");
  expect(site).toMatchObject({
    $id: "demo-dev",
    framework: "other",
    adapter: "static",
    outputDirectory: "./",
    buildRuntime: "node-22",
  });
  expect(site.installCommand).toBe("");
  expect(site.buildCommand).toBe("");

  const [deployment] = fx.sites.deployments("demo", "demo-dev");
  expect(deployment.status).toBe("ready");
  expect(deployment.fileName).toBe("site.tar.gz");
  expect(deployment.files).toEqual(
    expect.arrayContaining(["index.html", "dashboard/index.html", "_astro/app.js"]),
  );
  expect(site.deploymentId).toBe(deployment.$id);

  // The provider polled through every status instead of taking the first answer.
  const polls = fx.emu.requests.filter(
    (r) => r.method === "GET" && r.path === `/v1/sites/demo-dev/deployments/${deployment.$id}`,
  );
  expect(polls.length).toBeGreaterThanOrEqual(6);

  const manual = fx.sites.rules("demo").filter((r) => r.trigger === "manual");
  expect(manual).toEqual([
    expect.objectContaining({
      $id: outs.ruleId,
      domain,
      deploymentResourceType: "site",
      deploymentResourceId: "demo-dev",
      deploymentId: deployment.$id,
      status: "verified",
    }),
  ]);
  expect(fx.sites.platforms("demo")).toEqual([
    expect.objectContaining({ $id: outs.platformId, type: "web", hostname: domain }),
  ]);

  expect(outs).toMatchObject({
    domain,
    siteUrl: `https://${domain}`,
    deploymentId: deployment.$id,
    activeDeploymentId: deployment.$id,
    deployedHash: "build-1",
    siteCreated: true,
  });
});

it("a refresh right after create sees no drift, and an unchanged build is no change", async () => {
  const { id, outs } = await create(inputs());
  const before = fx.emu.requests.length;
  const read = await provider.read(id, outs);
  expect(read.id).toBe(id);
  expect(read.props).toEqual(outs);
  expect(fx.emu.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
  expect(diffSiteDeployment(read.props!, inputs()).changes).toBe(false);
});

it("a new build uploads a new deployment, activates it, and keeps the rule pointing at the site", async () => {
  const { id, outs } = await create(inputs());
  const news = inputs({ contentHash: "build-2" });
  expect(diffSiteDeployment(outs, news)).toMatchObject({ changes: true, replaces: [] });

  const updated = (await provider.update(id, outs, news)).outs!;
  const deployments = fx.sites.deployments("demo", "demo-dev");
  expect(deployments).toHaveLength(2);
  expect(updated.deploymentId).toBe(deployments[1].$id);
  expect(updated.deployedHash).toBe("build-2");
  expect(fx.sites.sites("demo")[0].deploymentId).toBe(deployments[1].$id);
  const [rule] = fx.sites.rules("demo").filter((r) => r.trigger === "manual");
  expect(rule).toMatchObject({ $id: outs.ruleId, deploymentId: deployments[1].$id });
  expect(updated.ruleId).toBe(outs.ruleId);
  expect(updated.platformId).toBe(outs.platformId);
});

it("a new subdomain gets its rule and platform before the old ones are removed", async () => {
  const { id, outs } = await create(inputs());
  const updated = (await provider.update(id, outs, inputs({ subdomain: "passkeys-demo" }))).outs!;
  const domain = `passkeys-demo.${fx.sites.sitesDomain}`;
  expect(updated.siteUrl).toBe(`https://${domain}`);
  expect(
    fx.sites
      .rules("demo")
      .filter((r) => r.trigger === "manual")
      .map((r) => r.domain),
  ).toEqual([domain]);
  expect(fx.sites.platforms("demo").map((p) => p.hostname)).toEqual([domain]);
  // The site was not redeployed for a new name.
  expect(fx.sites.deployments("demo", "demo-dev")).toHaveLength(1);
  const creates = fx.emu.requests.filter(
    (r) => r.method === "POST" && r.path === "/v1/proxy/rules/site",
  ).length;
  const ruleDeletes = fx.emu.requests.findIndex(
    (r) => r.method === "DELETE" && r.path.startsWith("/v1/proxy/rules/"),
  );
  const secondCreate = fx.emu.requests
    .map((r, i) => (r.method === "POST" && r.path === "/v1/proxy/rules/site" ? i : -1))
    .filter((i) => i >= 0)[1];
  expect(creates).toBe(2);
  expect(secondCreate).toBeLessThan(ruleDeletes);
});

it("refresh notices a removed rule and platform, and the next update puts them back", async () => {
  const { id, outs } = await create(inputs());
  const rule = fx.sites.rules("demo").find((r) => r.trigger === "manual")!;
  await fetch(`${fx.emu.endpoint}/proxy/rules/${rule.$id}`, {
    method: "DELETE",
    headers: { "X-Appwrite-Project": "demo", "X-Appwrite-Key": fx.apiKey },
  });
  await fetch(`${fx.emu.endpoint}/project/platforms/${outs.platformId}`, {
    method: "DELETE",
    headers: { "X-Appwrite-Project": "demo", "X-Appwrite-Key": fx.apiKey },
  });

  const read = (await provider.read(id, outs)).props!;
  expect(read).toMatchObject({ ruleId: "", platformId: "" });
  expect(diffSiteDeployment(read, inputs()).changes).toBe(true);

  const repaired = (await provider.update(id, read, inputs())).outs!;
  expect(repaired.ruleId).not.toBe("");
  expect(fx.sites.rules("demo").filter((r) => r.trigger === "manual")).toHaveLength(1);
  expect(fx.sites.platforms("demo")).toHaveLength(1);
  expect(fx.sites.deployments("demo", "demo-dev")).toHaveLength(1);
});

it("a site deleted behind the stack's back reads as gone", async () => {
  const { id, outs } = await create(inputs());
  fx.sites.deleteSiteOutOfBand("demo", "demo-dev");
  expect(await provider.read(id, outs)).toEqual({ id: "", props: undefined });
});
