// Transient failures (503) of a read are retried with backoff; a failed write is sent once and reported,
// never retried blindly.
import { SiteDeploymentInputs, SiteDeploymentProvider } from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { siteInputs } from "./site-support";

let fx: SitesFixture;
const provider = new SiteDeploymentProvider();

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}) => siteInputs(fx, overrides);

beforeEach(async () => {
  fx = await startSitesFixture();
});
afterEach(() => fx.stop());

it("a 503 while polling the deployment is retried, and the create completes", async () => {
  fx.sites.injectFault({ method: "GET", path: "/v1/sites/demo-dev/deployments/*", status: 503, times: 2 });
  const { outs } = await provider.create(inputs());
  expect(outs?.deploymentId).not.toBe("");
  const failed = fx.emu.requests.filter(
    (r) => r.path.startsWith("/v1/sites/demo-dev/deployments/") && r.status === 503,
  );
  expect(failed).toHaveLength(2);
});

it("a 500 on the upload is sent once, reported with status and type, and the site is removed again", async () => {
  fx.sites.injectFault({ method: "POST", path: "/v1/sites/demo-dev/deployments", status: 500, times: 5 });
  await expect(provider.create(inputs())).rejects.toThrow(
    /POST \/v1\/sites\/demo-dev\/deployments .* returned 500 general_server_error/,
  );
  expect(
    fx.emu.requests.filter((r) => r.method === "POST" && r.path === "/v1/sites/demo-dev/deployments"),
  ).toHaveLength(1);
  expect(fx.sites.sites("demo")).toEqual([]);
});
