// A deployment that Appwrite fails to build fails the update with the tail of its build log — and a failed
// create leaves nothing behind (no site, rule or platform), while a failed update keeps the site serving its
// previous deployment.
import { SiteDeploymentInputs, SiteDeploymentProvider } from "../../components/appwrite/site-deployment";
import { SitesFixture, startSitesFixture } from "../emulators/appwrite/sites";
import { createSite, siteInputs } from "./site-support";

let fx: SitesFixture;
const provider = new SiteDeploymentProvider();
const create = (i: SiteDeploymentInputs) => createSite(provider, i);

const inputs = (overrides: Partial<SiteDeploymentInputs> = {}) => siteInputs(fx, overrides);

const longLog = [
  ...Array.from({ length: 40 }, (_, i) => `early line ${i}`),
  "Error: ENOENT: no such file or directory, open './index.html'",
  "Build failed with exit code 1.",
].join("\n");

beforeEach(async () => {
  fx = await startSitesFixture();
});
afterEach(() => fx.stop());

it("create fails with the last lines of the build log and removes the site it created", async () => {
  fx.sites.failNextBuild(longLog);
  const error = await create(inputs()).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error!.message).toMatch(/deployment \w+ of site demo-dev \(project demo\) failed to build/);
  expect(error!.message).toContain("Build failed with exit code 1.");
  expect(error!.message).toContain("ENOENT");
  expect(error!.message).not.toContain("early line 0\n");
  expect(error!.message).not.toContain(fx.apiKey);

  expect(fx.sites.sites("demo")).toEqual([]);
  expect(fx.sites.rules("demo")).toEqual([]);
  expect(fx.sites.platforms("demo")).toEqual([]);
});

it("a failed rebuild fails the update and the site keeps serving the deployment that worked", async () => {
  const { id, outs } = await create(inputs());
  fx.sites.failNextBuild('npm error Missing script: "build"\nBuild failed with exit code 1.');

  await expect(provider.update(id, outs, inputs({ contentHash: "build-2" }))).rejects.toThrow(
    /Missing script: "build"[\s\S]*exit code 1/,
  );
  expect(fx.sites.sites("demo")[0].deploymentId).toBe(outs.deploymentId);
  expect(fx.sites.rules("demo").find((r) => r.trigger === "manual")).toMatchObject({
    deploymentId: outs.deploymentId,
  });
  expect(fx.sites.platforms("demo")).toHaveLength(1);
});

it("a dist/ without index.html is refused before anything is created", async () => {
  const { mkdtempSync } = await import("fs");
  const { tmpdir } = await import("os");
  const { join } = await import("path");
  const empty = mkdtempSync(join(tmpdir(), "pia-empty-"));
  await expect(provider.create(inputs({ distDir: empty }))).rejects.toThrow(
    /has no index.html: the demo app is not built/,
  );
  expect(fx.sites.sites("demo")).toEqual([]);
});
