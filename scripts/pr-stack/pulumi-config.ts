// Applies a derived config to a stack with the Pulumi CLI. Plain values go in one
// `pulumi config set-all --json`; each secret goes through `pulumi config set --secret` on stdin,
// so no secret is ever a command-line argument (visible in process lists and CI logs).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { get, parseBlockYaml } from "../workflow-check/block-yaml";
import { PrStackError } from "./errors";
import { PROJECT } from "./names";
import { ConfigValue, StackConfigMap } from "./template";

export interface PulumiResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `pulumi <args>` in `cwd`, with `stdin` piped in when given. */
export type RunPulumi = (args: string[], options: { cwd: string; stdin?: string }) => PulumiResult;

/** The real CLI: $PULUMI or `pulumi` on PATH, non-interactive, no update check. */
export const runPulumiCli: RunPulumi = (args, { cwd, stdin }) => {
  const binary = process.env.PULUMI || "pulumi";
  const result = spawnSync(binary, [...args, "--non-interactive"], {
    cwd,
    input: stdin ?? "",
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  if (result.error) {
    throw new PrStackError(
      `could not run ${binary}: ${result.error.message}. Put the Pulumi CLI on PATH (in a workflow: pulumi/actions@v7 without a command installs it) or set PULUMI to its path.`,
    );
  }
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
};

export interface PulumiStep {
  args: string[];
  /** Piped to the CLI; only ever a secret value. */
  stdin?: string;
  /** How the step is shown in logs and --dry-run, with secrets replaced by where they come from. */
  display: string;
}

const fullKey = (key: string) => `${PROJECT}:${key}`;

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `pulumi config set-all --json` payload for the plain values (lists and maps as object values). */
export function plainConfigJson(
  config: StackConfigMap,
): Record<string, { value: string; secret: false; objectValue?: unknown }> {
  const out: Record<string, { value: string; secret: false; objectValue?: unknown }> = {};
  for (const [key, v] of Object.entries(config)) {
    if (v.secret) continue;
    out[fullKey(key)] =
      typeof v.value === "string"
        ? { value: v.value, secret: false }
        : { value: JSON.stringify(v.value), secret: false, objectValue: v.value };
  }
  return out;
}

/**
 * The CLI steps that make `stack`'s config exactly `config`: select (or create) the stack, remove
 * `staleKeys`, set the plain values, then each secret from stdin. `secretSource` names where a
 * secret came from, for the display.
 */
export function configSteps(
  stack: string,
  config: StackConfigMap,
  options: { create: boolean; staleKeys?: string[]; secretSource?: (key: string) => string },
): PulumiStep[] {
  const steps: PulumiStep[] = [];
  const select = ["stack", "select", ...(options.create ? ["--create"] : []), stack];
  steps.push({ args: select, display: `pulumi ${select.join(" ")}` });
  const stale = (options.staleKeys ?? []).map(fullKey);
  if (stale.length > 0) {
    const rm = ["config", "rm-all", "--stack", stack, ...stale];
    steps.push({ args: rm, display: `pulumi ${rm.map(shellQuote).join(" ")}` });
  }
  const plain = plainConfigJson(config);
  if (Object.keys(plain).length > 0) {
    const setAll = ["config", "set-all", "--stack", stack, "--json", JSON.stringify(plain)];
    steps.push({ args: setAll, display: `pulumi ${setAll.map(shellQuote).join(" ")}` });
  }
  for (const [key, v] of Object.entries(config) as [string, ConfigValue][]) {
    if (!v.secret) continue;
    if (typeof v.value !== "string")
      throw new PrStackError(`the secret ${key} must be text, not a list or map`);
    const args = ["config", "set", "--stack", stack, "--secret", fullKey(key)];
    const from = options.secretSource?.(key) ?? "the environment";
    steps.push({ args, stdin: v.value, display: `<${from}> | pulumi ${args.join(" ")}` });
  }
  return steps;
}

/** The bare keys of this project in a stack file's text (Pulumi.<stack>.yaml). */
export function stackFileKeys(text: string, source: string): string[] {
  let root;
  try {
    root = parseBlockYaml(text, source);
  } catch (e) {
    throw new PrStackError(
      `${(e as Error).message}; ${source} is not a stack file this script can read. Delete it and rerun (the config is derived in full).`,
    );
  }
  const config = get(root, "config");
  if (!config || config.kind !== "map") return [];
  return config.entries
    .map((e) => (e.key.includes(":") ? e.key : `${PROJECT}:${e.key}`))
    .filter((k) => k.startsWith(`${PROJECT}:`))
    .map((k) => k.slice(PROJECT.length + 1));
}

/** The keys `stack` already has in its local stack file, or none when there is no file (a fresh CI checkout). */
export function existingStackKeys(cwd: string, stack: string): string[] {
  const file = path.join(cwd, `Pulumi.${stack}.yaml`);
  return fs.existsSync(file) ? stackFileKeys(fs.readFileSync(file, "utf8"), file) : [];
}

function check(result: PulumiResult, step: PulumiStep): PulumiResult {
  if (result.status !== 0) {
    const why = (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n");
    throw new PrStackError(`\`${step.display}\` failed (exit ${result.status}):\n${why}`);
  }
  return result;
}

/**
 * Makes `stack`'s config exactly `config` with the CLI in `cwd` (the Pulumi project directory).
 * With `dryRun`, only returns the steps it would run. Keys of this project in the stack file
 * (Pulumi.<stack>.yaml in `cwd`) that `config` lacks are removed when `exact` is set (a PR
 * stack's config is derived in full, so a key dropped from the template leaves the stack too).
 */
export function applyConfig(
  stack: string,
  config: StackConfigMap,
  options: {
    cwd: string;
    run: RunPulumi;
    create: boolean;
    exact: boolean;
    dryRun?: boolean;
    secretSource?: (key: string) => string;
    log?: (line: string) => void;
  },
): PulumiStep[] {
  const log = options.log ?? (() => undefined);
  if (options.dryRun)
    return configSteps(stack, config, { create: options.create, secretSource: options.secretSource });

  const [select] = configSteps(stack, {}, { create: options.create });
  log(select.display);
  check(options.run(select.args, { cwd: options.cwd }), select);
  // Read after `stack select`, which is what creates the stack file for a new stack.
  const staleKeys = options.exact
    ? existingStackKeys(options.cwd, stack)
        .filter((k) => !(k in config))
        .sort()
    : [];
  const steps = configSteps(stack, config, {
    create: options.create,
    staleKeys,
    secretSource: options.secretSource,
  }).slice(1);
  for (const step of steps) {
    log(step.display);
    check(options.run(step.args, { cwd: options.cwd, stdin: step.stdin }), step);
  }
  return [select, ...steps];
}
