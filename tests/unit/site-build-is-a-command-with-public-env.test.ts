// DemoSite under mocks: a component with two children — the build (a @pulumi/command local.Command in app/
// with only the public Appwrite endpoint and project id in its environment) and the SiteDeployment that
// uploads dist/ with the API key as a secret — and a siteUrl output.
import * as pulumi from "@pulumi/pulumi";

// Each DemoSite serializes its dynamic provider under mocks, which takes a while on a busy machine.
jest.setTimeout(60_000);

const KEY = "standard_" + "d".repeat(60);
const seen: { type: string; name: string; inputs: Record<string, any> }[] = [];

let site: import("../../components/appwrite/site").DemoSite;
let siteMod: typeof import("../../components/appwrite/site");

const promiseOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs });
        const { __provider: _p, ...inputs } = args.inputs;
        const extra =
          args.type === "pulumi-nodejs:dynamic/appwrite:SiteDeployment"
            ? {
                domain: `${inputs.subdomain}.${inputs.sitesDomain}`,
                siteUrl: `https://${inputs.subdomain}.${inputs.sitesDomain}`,
                deploymentId: "dep-1",
              }
            : {};
        return { id: `${args.name}-id`, state: { ...inputs, ...extra } };
      },
      call: (args) => args.inputs,
    },
    "pocket-id-appwrite",
    "dev",
  );
  siteMod = await import("../../components/appwrite/site");
  site = new siteMod.DemoSite("demo-site", {
    endpoint: "https://fra.cloud.appwrite.io/v1/",
    projectId: "68833c43001b6aa15f16",
    apiKey: pulumi.secret(KEY),
    sitesDomain: "appwrite.network",
  });
  await promiseOf(site.siteUrl);
  await new Promise((r) => setTimeout(r, 200));
});

const byType = (type: string) => seen.filter((s) => s.type === type);

it("registers the component, the build command and the site deployment under it", () => {
  expect(byType("pocket-id-appwrite:appwrite:DemoSite").map((s) => s.name)).toEqual(["demo-site"]);
  expect(byType("command:local:Command").map((s) => s.name)).toEqual(["demo-site-build"]);
  expect(byType("pulumi-nodejs:dynamic/appwrite:SiteDeployment").map((s) => s.name)).toEqual([
    "demo-site-deployment",
  ]);
  const { getMonitor } = require("@pulumi/pulumi/runtime/settings");
  const urns = [...(getMonitor() as { resources: Map<string, unknown> }).resources.keys()];
  expect(urns).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /::pocket-id-appwrite:appwrite:DemoSite\$command:local:Command::demo-site-build$/,
      ),
      expect.stringMatching(
        /::pocket-id-appwrite:appwrite:DemoSite\$pulumi-nodejs:dynamic\/appwrite:SiteDeployment::demo-site-deployment$/,
      ),
    ]),
  );
});

it("the build runs npm ci and the build in app/, with the endpoint and project id and nothing secret", () => {
  const [build] = byType("command:local:Command");
  expect(build.inputs.dir).toBe(siteMod.DEFAULT_APP_DIR);
  expect(build.inputs.create).toBe("npm ci --no-audit --no-fund && npm run build");
  expect(build.inputs.environment).toEqual({
    PUBLIC_APPWRITE_ENDPOINT: "https://fra.cloud.appwrite.io/v1",
    PUBLIC_APPWRITE_PROJECT_ID: "68833c43001b6aa15f16",
    ASTRO_TELEMETRY_DISABLED: "1",
  });
  expect(JSON.stringify(build.inputs)).not.toContain(KEY);
  expect(
    Object.keys(build.inputs.environment).filter(
      (k) => !k.startsWith("PUBLIC_") && k !== "ASTRO_TELEMETRY_DISABLED",
    ),
  ).toEqual([]);
  expect(build.inputs.triggers).toHaveLength(1);
  expect(build.inputs.triggers[0]).toMatch(/^[0-9a-f]{64}$/);
});

it("the deployment uploads app/dist for that build, to <siteId>-<projectId>.<sitesDomain>", async () => {
  const [build] = byType("command:local:Command");
  const [deployment] = byType("pulumi-nodejs:dynamic/appwrite:SiteDeployment");
  expect(deployment.inputs).toMatchObject({
    endpoint: "https://fra.cloud.appwrite.io/v1",
    projectId: "68833c43001b6aa15f16",
    // A secret on the wire (the mocks see Pulumi's secret envelope).
    apiKey: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: KEY },
    siteId: "demo-dev",
    siteName: "Pocket ID demo (dev)",
    sitesDomain: "appwrite.network",
    subdomain: "demo-dev-68833c43001b6aa15f16",
    distDir: `${siteMod.DEFAULT_APP_DIR}/dist`,
    contentHash: build.inputs.triggers[0],
    adoptExisting: false,
  });
  expect(await promiseOf(site.siteUrl)).toBe("https://demo-dev-68833c43001b6aa15f16.appwrite.network");
  expect(await promiseOf(site.buildHash)).toBe(build.inputs.triggers[0]);
});

it("free text becomes valid Appwrite ids and DNS labels", () => {
  expect(siteMod.toAppwriteId("demo-PR_12.x")).toBe("demo-pr_12.x");
  expect(siteMod.toAppwriteId("__x" + "y".repeat(60))).toHaveLength(36);
  expect(siteMod.toDnsLabel("demo-pr_12.Project.ID")).toBe("demo-pr-12-project-id");
  expect(siteMod.toDnsLabel("a".repeat(70))).toHaveLength(63);
});
