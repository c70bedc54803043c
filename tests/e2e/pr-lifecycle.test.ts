// A pull request's environment from open to close, and the sweep, as the workflows run them:
// scripts/pr-stack.ts derives each pr-<n> stack's config (here from a platform-external template and
// POCKET_ID_URL / POCKET_ID_API_KEY pointing at a shared Pocket ID emulator), the real Pulumi CLI runs
// up / destroy / stack rm on a file backend, and a "fresh runner" has no Pulumi.pr-<n>.yaml. No
// APPWRITE_* variables: PR stacks then have no Appwrite wiring.
import { execFile } from "child_process";
import { existsSync, rmSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";
import { CommandResult, createProject, E2eProject } from "./harness";
import { clientIds, pocketIdAdmin, secretLogsIn } from "./pocket-id-api";

jest.setTimeout(15 * 60_000);

const root = resolve(__dirname, "../..");
const ADMIN_EMAIL = "admin@example.com";

let pocketId: PocketIdEmulator;
let project: E2eProject;
let templateFile: string;

/** The variables and secrets the PR workflows pass to `pr-stack.ts config` (no Appwrite organization). */
function workflowEnv(): Record<string, string> {
  const env: Record<string, string> = {
    ...project.env,
    PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    POCKET_ID_URL: pocketId.url,
    POCKET_ID_API_KEY: pocketId.apiKey,
    POCKET_ID_ADMIN_EMAIL: ADMIN_EMAIL,
  };
  for (const name of [
    "APPWRITE_ENDPOINT",
    "APPWRITE_ORGANIZATION_ID",
    "APPWRITE_ORGANIZATION_API_KEY",
    "APPWRITE_SITES_DOMAIN",
    "APPWRITE_API_KEY",
    "RAILWAY_WORKSPACE_ID",
    "PULUMI",
  ])
    delete env[name];
  return env;
}

/** `node -r ts-node/register/transpile-only scripts/pr-stack.ts <args>` from the repository root. */
function prStack(args: string[]): Promise<CommandResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "scripts/pr-stack.ts", ...args],
      { cwd: root, env: workflowEnv(), maxBuffer: 16 * 1024 * 1024, timeout: 5 * 60_000 },
      (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function prStackOk(args: string[]): Promise<CommandResult> {
  const result = await prStack(args);
  if (result.code !== 0)
    throw new Error(
      `pr-stack.ts ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  return result;
}

/** `pr-stack.ts config <pr>` the way the workflows call it, against the temp project. */
const configure = (pr: number) =>
  prStackOk(["config", String(pr), "--template", templateFile, "--cwd", project.dir]);

/** A pulumi command run the way the workflow's steps run it (fallback to the state's secrets manager). */
const pulumi = (args: string[]) => project.ok(args, { PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true" });

function writeTemplate(callbackUrls: string[]): void {
  writeFileSync(
    templateFile,
    [
      "# A PR template for platform external: every PR stack registers its client in a shared Pocket ID.",
      "config:",
      "  pocket-id-appwrite:platform: external",
      "  pocket-id-appwrite:extraCallbackUrls:",
      ...callbackUrls.map((u) => `    - ${u}`),
      "  pocket-id-appwrite:adminLoginTtl: 24h",
      "  pocket-id-appwrite:verify: fail",
      "",
    ].join("\n"),
  );
}

async function stackNames(): Promise<string[]> {
  const list = JSON.parse((await pulumi(["stack", "ls", "--json"])).stdout) as { name: string }[];
  return list.map((s) => s.name);
}

const configValue = async (stack: string, key: string) =>
  (await pulumi(["config", "get", `pocket-id-appwrite:${key}`, "--stack", stack])).stdout.trim();

beforeAll(async () => {
  pocketId = await startPocketIdEmulator();
  project = await createProject("pr-7", { init: false });
  templateFile = join(project.base, "pr-template.yaml");
  writeTemplate(["http://localhost:4321/callback"]);
});

afterAll(async () => {
  await pocketId?.stop();
  project?.cleanup();
});

it("name 7 prints pr-7", async () => {
  const result = await prStackOk(["name", "7"]);
  expect(result.stdout).toBe("pr-7\n");
});

it("config 7 creates pr-7 with the PR defaults, and up registers the client appwrite-pr-7", async () => {
  const config = await configure(7);
  expect(config.stderr).toContain("Appwrite: not wired");
  expect(config.stderr).not.toContain(pocketId.apiKey);
  expect(await stackNames()).toContain("pr-7");
  expect(await configValue("pr-7", "protectData")).toBe("false");
  expect(await configValue("pr-7", "oidcClientId")).toBe("appwrite-pr-7");
  expect(await configValue("pr-7", "platform")).toBe("external");
  const stackFile = join(project.dir, "Pulumi.pr-7.yaml");
  expect(existsSync(stackFile)).toBe(true);
  // No Appwrite wiring without APPWRITE_ORGANIZATION_ID: those keys keep Pulumi.yaml's empty defaults.
  const all = JSON.parse((await pulumi(["config", "--stack", "pr-7", "--json"])).stdout);
  for (const key of ["appwriteEndpoint", "appwriteProjectId", "appwriteOrganizationId", "appwriteApiKey"])
    expect(all[`pocket-id-appwrite:${key}`]?.value ?? "").toBe("");
  expect(all["pocket-id-appwrite:pocketIdApiKey"]).toMatchObject({ secret: true });

  await pulumi(["up", "--yes", "--skip-preview", "--stack", "pr-7"]);
  expect(await clientIds(pocketId.url, pocketId.apiKey)).toEqual(["appwrite-pr-7"]);
  const client = await pocketIdAdmin(pocketId.url, pocketId.apiKey, "GET", "/api/oidc/clients/appwrite-pr-7");
  expect(client.callbackURLs).toEqual(["http://localhost:4321/callback"]);
  const out = await project.outputs(true);
  expect(out).toMatchObject({
    pocketIdUrl: pocketId.url,
    oidcClientId: "appwrite-pr-7",
    appwriteOidcEnabled: false,
  });
  expect(out.checks).toMatchObject({ discovery: "ok", authorize: "ok", clientSecret: "ok" });
  expect(await secretLogsIn(pocketId.url, "appwrite-pr-7", out.oidcClientSecret)).toBe(true);
});

it("a push that changes the template's extraCallbackUrls changes the client's callback URLs", async () => {
  writeTemplate(["http://localhost:4321/callback", "https://pr-7.preview.example.com/callback"]);
  await configure(7);
  await pulumi(["up", "--yes", "--stack", "pr-7"]);
  const client = await pocketIdAdmin(pocketId.url, pocketId.apiKey, "GET", "/api/oidc/clients/appwrite-pr-7");
  expect(client.callbackURLs).toEqual([
    "http://localhost:4321/callback",
    "https://pr-7.preview.example.com/callback",
  ]);
});

it("comment --pr 7 shows the Pocket ID URL and no secret", async () => {
  const outputsFile = join(project.base, "outputs.json");
  writeFileSync(outputsFile, (await pulumi(["stack", "output", "--json", "--stack", "pr-7"])).stdout);
  const comment = (await prStackOk(["comment", "--pr", "7", "--outputs", outputsFile])).stdout;
  expect(comment).toContain("<!-- pocket-id-appwrite:pr-environment -->");
  expect(comment).toContain("pr-7");
  expect(comment).toContain(pocketId.url);
  expect(comment).toContain("appwrite-pr-7");
  const secrets = await project.outputs(true);
  for (const secret of [
    pocketId.apiKey,
    secrets.oidcClientSecret,
    secrets.adminLoginUrl,
    secrets.adminLoginUrl.split("/lc/")[1],
  ]) {
    expect(secret).toBeTruthy();
    expect(comment).not.toContain(secret);
  }
});

it("on close a fresh runner re-derives the config, destroys pr-7 and removes the stack", async () => {
  rmSync(join(project.dir, "Pulumi.pr-7.yaml"));
  await configure(7);
  expect(await configValue("pr-7", "oidcClientId")).toBe("appwrite-pr-7");
  // The re-derived config (secrets re-encrypted with the state's salt) is the one the stack was deployed with.
  await pulumi(["preview", "--expect-no-changes", "--stack", "pr-7"]);
  await pulumi(["destroy", "--yes", "--stack", "pr-7"]);
  await pulumi(["stack", "rm", "--yes", "--stack", "pr-7"]);
  expect(await stackNames()).not.toContain("pr-7");
  expect(await clientIds(pocketId.url, pocketId.apiKey)).not.toContain("appwrite-pr-7");
});

it("the sweep destroys the stack of a closed PR and keeps the rest", async () => {
  await configure(8);
  await pulumi(["up", "--yes", "--skip-preview", "--stack", "pr-8"]);
  expect(await clientIds(pocketId.url, pocketId.apiKey)).toEqual(["appwrite-pr-8"]);
  // An open PR's stack and a non-PR stack, which the sweep must leave alone.
  await pulumi(["stack", "init", "pr-9"]);
  await pulumi(["stack", "init", "staging"]);

  const stacksFile = join(project.base, "stacks.json");
  const prsFile = join(project.base, "prs.json");
  writeFileSync(stacksFile, (await pulumi(["stack", "ls", "--json"])).stdout);
  writeFileSync(
    prsFile,
    JSON.stringify([
      { number: 8, state: "closed" },
      { number: 9, state: "open" },
    ]),
  );
  const planned = await prStackOk([
    "sweep-plan",
    "--stacks",
    stacksFile,
    "--prs",
    prsFile,
    "--max-age-days",
    "7",
  ]);
  const plan = JSON.parse(planned.stdout);
  expect(plan.destroy).toEqual([{ stack: "pr-8", pr: 8, reason: "pull request #8 is closed" }]);
  expect(plan.keep.map((e: { stack: string }) => e.stack)).toEqual(["pr-9"]);
  expect(planned.stderr).toContain("destroy pr-8: pull request #8 is closed");

  // The sweep's matrix job for pr-8: a fresh checkout, the same config, destroy and remove.
  for (const entry of plan.destroy as { stack: string; pr: number }[]) {
    rmSync(join(project.dir, `Pulumi.${entry.stack}.yaml`), { force: true });
    await configure(entry.pr);
    await pulumi(["destroy", "--yes", "--stack", entry.stack]);
    await pulumi(["stack", "rm", "--yes", "--stack", entry.stack]);
  }
  const left = await stackNames();
  expect(left).not.toContain("pr-8");
  expect(left).toEqual(expect.arrayContaining(["pr-9", "staging"]));
  expect(await clientIds(pocketId.url, pocketId.apiKey)).toEqual([]);
  await pulumi(["stack", "rm", "--yes", "--stack", "pr-9"]);
  await pulumi(["stack", "rm", "--yes", "--stack", "staging"]);
});
