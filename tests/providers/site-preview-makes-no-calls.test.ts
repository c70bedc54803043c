// check() and diff() of SiteDeployment make no API calls (they run during preview), tolerate unknown
// inputs, and turn bad inputs into failures that name the config key to fix.
import {
  SiteDeploymentInputs,
  SiteDeploymentProvider,
  diffSiteDeployment,
} from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
let fx: SitesFixture;
const provider = new SiteDeploymentProvider();

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}): SiteDeploymentInputs => ({
  endpoint: fx.emu.endpoint,
  projectId: fx.projectId,
  apiKey: fx.apiKey,
  siteId: "demo-dev",
  siteName: "Pocket ID demo (dev)",
  sitesDomain: fx.sites.sitesDomain,
  subdomain: "demo-dev-demo",
  distDir: fx.distDir,
  contentHash: "build-1",
  adoptExisting: false,
  ...overrides,
});

beforeEach(async () => {
  fx = await startSitesFixture();
});
afterEach(() => fx.stop());

it("check and diff with unknown values call nothing", async () => {
  const news = inputs({ projectId: UNKNOWN, contentHash: UNKNOWN, subdomain: UNKNOWN });
  const checked = await provider.check(news, news);
  expect(checked.failures).toBeUndefined();
  const diff = await provider.diff(
    "demo/demo-dev",
    {
      ...inputs(),
      deploymentId: "d1",
      activeDeploymentId: "d1",
      deployedHash: "build-1",
      ruleId: "r",
      platformId: "p",
      domain: "x",
      siteUrl: "https://x",
      siteCreated: true,
    },
    news,
  );
  expect(diff.replaces).toContain("projectId");
  expect(diff.changes).toBe(true);
  expect(fx.emu.requests).toEqual([]);
});

it("an empty sites domain fails check with the config key to set", async () => {
  const checked = await provider.check(inputs(), inputs({ sitesDomain: "" }));
  expect(checked.failures).toEqual([
    expect.objectContaining({
      property: "sitesDomain",
      reason: expect.stringContaining("pocket-id-appwrite:appwriteSitesDomain"),
    }),
  ]);
  expect(fx.emu.requests).toEqual([]);
});

it("check normalises case and the endpoint, and rejects reserved and multi-label subdomains", async () => {
  const checked = await provider.check(
    inputs(),
    inputs({ endpoint: `${fx.emu.endpoint}/`, subdomain: "Demo-Dev", sitesDomain: "Sites.Example.COM" }),
  );
  expect(checked.inputs).toMatchObject({
    endpoint: fx.emu.endpoint,
    subdomain: "demo-dev",
    sitesDomain: "sites.example.com",
  });
  for (const subdomain of ["commit-abc", "branch-main", "a.b", "-x", ""]) {
    const bad = await provider.check(inputs(), inputs({ subdomain }));
    expect(bad.failures?.map((f) => f.property)).toEqual(["subdomain"]);
  }
});

it("only a change of endpoint, project or site id replaces; a new build is an update", () => {
  const olds = {
    ...inputs(),
    deploymentId: "d1",
    activeDeploymentId: "d1",
    deployedHash: "build-1",
    ruleId: "r",
    platformId: "p",
    domain: "x",
    siteUrl: "https://x",
    siteCreated: true,
  };
  expect(diffSiteDeployment(olds, inputs())).toMatchObject({ changes: false, replaces: [] });
  expect(diffSiteDeployment(olds, inputs({ contentHash: "build-2" }))).toMatchObject({
    changes: true,
    replaces: [],
  });
  expect(diffSiteDeployment(olds, inputs({ siteId: "other" }))).toMatchObject({
    changes: true,
    replaces: ["siteId"],
    deleteBeforeReplace: true,
  });
  expect(diffSiteDeployment({ ...olds, activeDeploymentId: "someone-elses" }, inputs())).toMatchObject({
    changes: true,
    replaces: [],
  });
});
