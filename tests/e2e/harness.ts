// Runs the real Pulumi CLI (v3.276.0, from scripts/pulumi-cli.sh) against a copy of this project on
// a file backend in a temporary directory, with automatic plugin downloads disabled.
import { execFile, execFileSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join, resolve } from "path";

const root = resolve(__dirname, "../..");
export const PASSPHRASE = "e2e-passphrase-not-a-secret";

/** The directory holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs. */
export function pulumiCliDir(): string {
  const out = execFileSync("bash", [join(root, "scripts/pulumi-cli.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop()!;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface E2eProject {
  dir: string;
  stack: string;
  /** The temp directory holding the project, the file backend (state/) and PULUMI_HOME (home/). */
  base: string;
  /** The environment every pulumi command gets (PATH with the CLI, backend, passphrase, home, extra env). */
  env: Record<string, string>;
  /** Runs `pulumi <args>` in the project with the stack selected; never throws on a non-zero exit. */
  pulumi(args: string[], env?: Record<string, string>): Promise<CommandResult>;
  /** Like pulumi(), but throws with the output when the command fails. */
  ok(args: string[], env?: Record<string, string>): Promise<CommandResult>;
  setConfig(values: Record<string, string>, secrets?: Record<string, string>): Promise<void>;
  outputs(showSecrets?: boolean): Promise<Record<string, any>>;
  exportState(): Promise<string>;
  cleanup(): void;
}

export interface CreateProjectOptions {
  /** Extra environment for every pulumi command (e.g. emulator URLs, tokens, NODE_EXTRA_CA_CERTS). */
  env?: Record<string, string>;
  /** Run `pulumi stack init <stack>`; default true. Without it the test creates its stacks itself. */
  init?: boolean;
}

/** Copies the program (not its stack files) into a temp dir that shares node_modules, and inits a stack. */
export async function createProject(stack: string, options: CreateProjectOptions = {}): Promise<E2eProject> {
  const base = mkdtempSync(join(tmpdir(), "pia-e2e-"));
  const dir = join(base, "project");
  mkdirSync(dir);
  for (const entry of ["Pulumi.yaml", "index.ts", "components", "package.json", "tsconfig.json", "app"]) {
    try {
      cpSync(join(root, entry), join(dir, entry), {
        recursive: true,
        filter: (src) => !src.includes("node_modules") && !src.includes(`${join(root, "app")}/dist`),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  mkdirSync(join(base, "state"));
  mkdirSync(join(base, "home"));
  const cliDir = pulumiCliDir();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PATH: `${cliDir}:${dirname(process.execPath)}:${process.env.PATH}`,
    PULUMI_HOME: join(base, "home"),
    PULUMI_BACKEND_URL: `file://${join(base, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
    ...options.env,
  };
  // The commands run in the temp project, so a relative certificate path (as `npm run test:e2e` sets
  // it) would not load there; the Railway emulator's https domains need it.
  if (env.NODE_EXTRA_CA_CERTS) env.NODE_EXTRA_CA_CERTS = resolve(env.NODE_EXTRA_CA_CERTS);
  delete env.PULUMI_ACCESS_TOKEN;

  const run = (args: string[], extra: Record<string, string> = {}): Promise<CommandResult> =>
    new Promise((done) => {
      execFile(
        join(cliDir, "pulumi"),
        [...args, "--non-interactive", "--color", "never"],
        { cwd: dir, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 },
        (err, stdout, stderr) =>
          done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const ok = async (args: string[], extra?: Record<string, string>): Promise<CommandResult> => {
    const result = await run(args, extra);
    if (result.code !== 0)
      throw new Error(
        `pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
      );
    return result;
  };
  if (options.init ?? true) await ok(["stack", "init", stack]);
  return {
    dir,
    stack,
    base,
    env,
    pulumi: run,
    ok,
    async setConfig(values, secrets = {}) {
      for (const [k, v] of Object.entries(values)) await ok(["config", "set", `pocket-id-appwrite:${k}`, v]);
      for (const [k, v] of Object.entries(secrets))
        await ok(["config", "set", "--secret", `pocket-id-appwrite:${k}`, v]);
    },
    async outputs(showSecrets = false) {
      const res = await ok(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])]);
      return JSON.parse(res.stdout);
    },
    async exportState() {
      return (await ok(["stack", "export"])).stdout;
    },
    cleanup() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Resource change counts from `pulumi preview/up/refresh --json`-less text output ("+ 3 to create"). */
export function changeCounts(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of output.matchAll(
    /^\s+([+~\-±]|\+-|-\+)?\s*(\d+) (to create|created|to update|updated|to delete|deleted|to replace|replaced|unchanged|to change)/gm,
  )) {
    counts[m[3]] = Number(m[2]);
  }
  return counts;
}

export { writeFileSync };
