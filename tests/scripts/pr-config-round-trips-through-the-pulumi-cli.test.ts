// `pr-stack.ts config` against the real Pulumi CLI (when scripts/pulumi-cli.sh has built it) on a
// file backend: the stack is created, plain values land as given, the secret only encrypted, and
// a second run with less config leaves the stack with exactly the derived keys.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const cliDir = path.join(os.homedir(), ".cache", "pocket-id-appwrite", "pulumi-v3.276.0");
const hasCli =
  fs.existsSync(path.join(cliDir, ".build-complete")) && fs.existsSync(path.join(cliDir, "pulumi"));

(hasCli ? describe : describe.skip)("pr-stack.ts config with the Pulumi CLI", () => {
  jest.setTimeout(60_000);
  let work: string;
  let env: NodeJS.ProcessEnv;

  const prStack = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts", "pr-stack.ts"), ...args],
      {
        cwd: ROOT,
        env: { ...env, ...extra },
        encoding: "utf8",
      },
    );
  const pulumi = (args: string[]) =>
    spawnSync(path.join(cliDir, "pulumi"), [...args, "--non-interactive"], {
      cwd: path.join(work, "project"),
      env,
      encoding: "utf8",
    });

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pr-config-cli-"));
    fs.mkdirSync(path.join(work, "project"));
    fs.mkdirSync(path.join(work, "state"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(work, "project", "Pulumi.yaml"));
    env = {
      PATH: `${cliDir}${path.delimiter}${process.env.PATH}`,
      HOME: process.env.HOME,
      PULUMI_HOME: path.join(work, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_FALLBACK_TO_STATE_SECRETS_MANAGER: "true",
    };
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("creates pr-7 with the derived config and the secret encrypted", () => {
    const run = prStack(["config", "7", "--cwd", path.join(work, "project")], {
      POCKET_ID_ADMIN_EMAIL: "admin@example.com",
      APPWRITE_ENDPOINT: "https://aw.example.com/v1",
      APPWRITE_ORGANIZATION_ID: "org-1",
      APPWRITE_ORGANIZATION_API_KEY: "org key: with 'odd' chars",
    });
    expect(run.stderr).toContain("pr-7: 11 config values set");
    expect(run.status).toBe(0);
    const file = fs.readFileSync(path.join(work, "project", "Pulumi.pr-7.yaml"), "utf8");
    expect(file).not.toContain("org key");
    expect(file).toMatch(/pocket-id-appwrite:appwriteOrganizationApiKey:\n\s+secure: v1:/);
    const get = pulumi(["config", "get", "--stack", "pr-7", "pocket-id-appwrite:appwriteOrganizationApiKey"]);
    expect(get.stdout.trim()).toBe("org key: with 'odd' chars");
    const list = JSON.parse(
      pulumi(["config", "get", "--stack", "pr-7", "--json", "pocket-id-appwrite:extraCallbackUrls"]).stdout,
    );
    expect(list).toMatchObject({ objectValue: ["http://localhost:4321/callback"] });
    expect(
      pulumi(["config", "get", "--stack", "pr-7", "pocket-id-appwrite:oidcClientId"]).stdout.trim(),
    ).toBe("appwrite-pr-7");
  });

  it("leaves exactly the derived keys when run again without Appwrite", () => {
    const run = prStack(["config", "7", "--cwd", path.join(work, "project")], {
      POCKET_ID_ADMIN_EMAIL: "admin@example.com",
    });
    expect(run.status).toBe(0);
    const file = fs.readFileSync(path.join(work, "project", "Pulumi.pr-7.yaml"), "utf8");
    expect(file).not.toMatch(/appwriteEndpoint|appwriteOrganization/);
    expect(file).toContain("pocket-id-appwrite:oidcClientId: appwrite-pr-7");
    expect(pulumi(["stack", "ls", "--json"]).stdout).toContain('"name": "pr-7"');
  });
});
