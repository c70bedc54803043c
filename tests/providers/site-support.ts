// Shared by the site-* provider tests: the inputs of the demo site's deployment in the Sites fixture.
import { SiteDeploymentInputs, SiteDeploymentProvider } from "../../components/appwrite/site-deployment";
import { SitesFixture } from "../emulators/appwrite/sites";

/** The SiteDeployment inputs for the fixture's project, with overrides. */
export function siteInputs(
  fx: SitesFixture,
  overrides: Partial<SiteDeploymentInputs> = {},
): SiteDeploymentInputs {
  return {
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
    pollIntervalMs: 5,
    ...overrides,
  };
}

/** create(), with the outputs a successful create always has. */
export async function createSite(provider: SiteDeploymentProvider, inputs: SiteDeploymentInputs) {
  const { id, outs } = await provider.create(inputs);
  return { id, outs: outs! };
}
