// The railway platform under the real Pulumi engine, against the Railway emulator: preview without a
// Railway mutation, up that deploys Pocket ID behind the https service domain and bootstraps it, no-op
// up and refresh, protectData recorded in the state, destroy that leaves no project, stack rm.
// The pulumi process reaches the emulator through POCKET_ID_APPWRITE_RAILWAY_API_URL and trusts the
// service domains' test certificate through NODE_EXTRA_CA_CERTS (this jest process needs it too).
import { RailwayEmulator, startRailwayEmulator, TLS_CERT_PATH } from "../emulators/railway";
import { createProject, E2eProject } from "./harness";
import { ALL_CHECKS_OK, clientIds, secretLogsIn } from "./pocket-id-api";

jest.setTimeout(15 * 60_000);

const STACK = "e2e-railway";
const ADMIN_EMAIL = "admin@example.com";

let railway: RailwayEmulator;
let project: E2eProject;
/** Railway API requests per pulumi command, for the closing note. */
const counts: Record<string, { total: number; mutations: number }> = {};

/** Runs a pulumi command and records how many Railway API requests it made. */
async function counted(label: string, args: string[]) {
  const before = railway.requests.length;
  const result = await project.ok(args);
  const made = railway.requests.slice(before);
  counts[label] = { total: made.length, mutations: made.filter((r) => r.kind === "mutation").length };
  return result;
}

beforeAll(async () => {
  if (!process.env.NODE_EXTRA_CA_CERTS)
    throw new Error(
      `run this test with NODE_EXTRA_CA_CERTS=${TLS_CERT_PATH}: it calls Pocket ID at the emulator's https domains`,
    );
  railway = await startRailwayEmulator();
  project = await createProject(STACK, {
    env: {
      POCKET_ID_APPWRITE_RAILWAY_API_URL: railway.url,
      RAILWAY_API_TOKEN: railway.accountToken,
      NODE_EXTRA_CA_CERTS: TLS_CERT_PATH,
    },
  });
  await project.setConfig({ platform: "railway", adminEmail: ADMIN_EMAIL, protectData: "false" });
  await project.ok([
    "config",
    "set",
    "--path",
    "pocket-id-appwrite:extraCallbackUrls[0]",
    "https://app.example.com/callback",
  ]);
});

afterAll(async () => {
  console.log(
    "Railway API requests per command:\n" +
      Object.entries(counts)
        .map(([label, c]) => `  ${label}: ${c.total} requests (${c.mutations} mutations)`)
        .join("\n"),
  );
  await railway?.stop();
  project?.cleanup();
});

it("preview of a new stack makes no Railway mutation and creates nothing there", async () => {
  const preview = await counted("preview", ["preview"]);
  expect(preview.stdout).toMatch(/\+\s+\d+ to create/);
  expect(counts.preview.mutations).toBe(0);
  expect(railway.world.projects.size).toBe(0);
});

it("up deploys Pocket ID on Railway, reachable at its https domain and bootstrapped", async () => {
  await counted("first up", ["up", "--yes", "--skip-preview"]);
  const out = await project.outputs(true);

  expect(railway.world.projects.size).toBe(1);
  const [railwayProject] = railway.world.projects.values();
  expect(railwayProject.name).toBe(`pocket-id-${STACK}`);
  const domains = [...railway.world.domains.values()];
  expect(domains).toHaveLength(1);
  const url = `https://${domains[0].domain}`;
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

  expect(out).toMatchObject({
    pocketIdUrl: url,
    issuer: url,
    discoveryUrl: `${url}/.well-known/openid-configuration`,
    pocketIdVersion: "2.14.0",
    oidcClientId: "appwrite",
    appwriteOidcEnabled: false,
  });
  expect(out.checks).toMatchObject({
    discovery: ALL_CHECKS_OK.discovery,
    authorize: ALL_CHECKS_OK.authorize,
    clientSecret: ALL_CHECKS_OK.clientSecret,
  });
  expect(out.adminLoginUrl).toMatch(new RegExp(`^${url}/lc/[A-Za-z0-9]+$`));

  // Pocket ID answers at the Railway domain, over TLS, with the generated static API key.
  expect((await fetch(`${url}/healthz`)).status).toBe(204);
  const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
  };
  expect(discovery.issuer).toBe(url);
  expect((await fetch(`${url}/api/signup/setup`)).status).toBe(404); // the bootstrap closed /setup
  expect(await clientIds(url, out.pocketIdApiKey)).toEqual(["appwrite"]);
  expect(await secretLogsIn(url, "appwrite", out.oidcClientSecret)).toBe(true);
  expect(await secretLogsIn(url, "appwrite", "not-the-secret")).toBe(false);

  // The one deployment ran with every variable of design §6.
  const deployments = [...railway.world.deployments.values()];
  expect(deployments.map((d) => d.status)).toEqual(["SUCCESS"]);
  expect(deployments[0].variables).toMatchObject({
    APP_URL: url,
    TRUST_PROXY: "true",
    ANALYTICS_DISABLED: "true",
    VERSION_CHECK_DISABLED: "true",
    STATIC_API_KEY: out.pocketIdApiKey,
  });
  expect(deployments[0].variables.ENCRYPTION_KEY.length).toBeGreaterThanOrEqual(16);
  expect(deployments[0].mounts).toEqual(["/app/data"]);
});

it("a second up and a refresh report no changes and mutate nothing on Railway", async () => {
  await counted("no-op up", ["up", "--yes", "--expect-no-changes"]);
  await counted("refresh", ["refresh", "--yes", "--expect-no-changes"]);
  expect(counts["no-op up"].mutations).toBe(0);
  expect(counts.refresh.mutations).toBe(0);
  expect(railway.world.deployments.size).toBe(1);
});

it("with protectData true the Railway project and volume are protected in the state", async () => {
  const protectedTypes = async () => {
    const state = JSON.parse(await project.exportState());
    return (state.deployment.resources as { type: string; protect?: boolean }[])
      .filter((r) => r.protect)
      .map((r) => r.type);
  };
  expect(await protectedTypes()).toEqual([]);
  await project.setConfig({ protectData: "true" });
  await counted("up protectData true", ["up", "--yes"]);
  const types = await protectedTypes();
  expect(types).toEqual(
    expect.arrayContaining(["pulumi-nodejs:dynamic/railway:Project", "pulumi-nodejs:dynamic/railway:Volume"]),
  );
  // A destroy is refused before it deletes anything, here or in Pocket ID.
  const blocked = await project.pulumi(["destroy", "--yes"]);
  expect(blocked.code).not.toBe(0);
  expect(blocked.stdout + blocked.stderr).toMatch(/protect/);
  expect(railway.world.projects.size).toBe(1);
  const out = await project.outputs(true);
  expect(await clientIds(out.pocketIdUrl, out.pocketIdApiKey)).toEqual(["appwrite"]);

  await project.setConfig({ protectData: "false" });
  await counted("up protectData false", ["up", "--yes"]);
  expect(await protectedTypes()).toEqual([]);
  expect(counts["up protectData true"].mutations + counts["up protectData false"].mutations).toBe(0);
});

it("destroy leaves the Railway emulator with no project, and stack rm succeeds", async () => {
  await counted("destroy", ["destroy", "--yes"]);
  expect(railway.world.projects.size).toBe(0);
  expect(railway.world.services.size).toBe(0);
  expect(railway.world.volumes.size).toBe(0);
  await project.ok(["stack", "rm", "--yes"]);
  const stacks = JSON.parse((await project.ok(["stack", "ls", "--json"])).stdout) as { name: string }[];
  expect(stacks.map((s) => s.name)).not.toContain(STACK);
});
