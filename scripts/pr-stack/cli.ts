// The `scripts/pr-stack.ts` command line: thin glue from arguments and files to the pure functions.
import * as fs from "node:fs";
import * as path from "node:path";
import { get, parseBlockYaml } from "../workflow-check/block-yaml";
import { COMMENT_MARKER, EnvironmentStatus, renderComment } from "./comment";
import { PrStackError } from "./errors";
import { githubFromEnv, pullRequestStates, upsertComment } from "./github";
import { isPrStack, parsePrNumber, prNumberOf, stackNameFor } from "./names";
import { RunPulumi, applyConfig, runPulumiCli } from "./pulumi-config";
import { parsePrStates, parseStackList, renderSweepSummary, sweepPlan } from "./sweep";
import { ENV_CONFIG, StackConfigMap, describeAppwriteWiring, parseTemplate, prStackConfig } from "./template";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const DEFAULT_TEMPLATE = path.join(REPO_ROOT, "stack-templates", "pr.yaml");

/** Secrets a non-PR stack (prod) takes from the environment: env var → config key. */
export const STACK_SECRETS_FROM_ENV = [
  { env: "APPWRITE_API_KEY", key: "appwriteApiKey" },
  { env: "POCKET_ID_API_KEY", key: "pocketIdApiKey" },
] as const;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  runPulumi: RunPulumi;
  now(): Date;
}

export const USAGE = `usage: pr-stack.ts <command> [options]

  name <pr>                          print the stack of pull request <pr> (pr-<pr>)
  config <pr> [--template FILE] [--cwd DIR] [--dry-run]
                                     select/create stack pr-<pr> and set its config, derived from
                                     stack-templates/pr.yaml and the environment (secrets via stdin)
  secrets --stack NAME [--create] [--cwd DIR] [--dry-run]
                                     set a non-PR stack's secrets (APPWRITE_API_KEY, POCKET_ID_API_KEY)
  sweep-plan --stacks FILE --prs FILE --max-age-days N [--now ISO-TIME] [--github-output]
                                     print which PR stacks to destroy and why (JSON)
  pr-states --stacks FILE            ask GitHub for the state of each PR stack's pull request (JSON)
  comment --pr N [--outputs FILE] [--status ready|failed|destroyed] [--run-url URL] [--commit SHA]
                                     print the PR environment comment (Markdown)
  post-comment --pr N --body-file FILE [--update-only]
                                     create the PR environment comment, or edit the earlier one
                                     (--update-only: only edit; never create)
`;

interface Parsed {
  positional: string[];
  options: Record<string, string | true>;
}

function parseArgs(command: string, args: string[], valueOptions: string[], flagOptions: string[]): Parsed {
  const parsed: Parsed = { positional: [], options: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (flagOptions.includes(name)) {
      if (eq >= 0) throw new PrStackError(`${command}: --${name} takes no value; write just --${name}.`);
      parsed.options[name] = true;
    } else if (valueOptions.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--")))
        throw new PrStackError(`${command}: --${name} needs a value, e.g. --${name} <value>.`);
      parsed.options[name] = value;
    } else {
      const known = [...valueOptions, ...flagOptions].map((o) => `--${o}`).join(", ") || "none";
      throw new PrStackError(`${command}: unknown option --${name}. Options of ${command}: ${known}.`);
    }
  }
  return parsed;
}

function required(command: string, parsed: Parsed, name: string, example: string): string {
  const v = parsed.options[name];
  if (typeof v !== "string" || v === "")
    throw new PrStackError(`${command}: --${name} is required, e.g. --${name} ${example}.`);
  return v;
}

function onePositional(command: string, parsed: Parsed, what: string, example: string): string {
  if (parsed.positional.length !== 1) {
    throw new PrStackError(
      `${command} takes exactly one argument, ${what} (e.g. ${command} ${example}); got ${parsed.positional.length}.`,
    );
  }
  return parsed.positional[0];
}

function readJson(file: string, option: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new PrStackError(
      `${option} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass an existing JSON file.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PrStackError(
      `${option} ${file} is not valid JSON; write it with the command shown in the README, "Pull requests".`,
    );
  }
}

/** The config keys the project declares in <cwd>/Pulumi.yaml, plus the structured ones it documents. */
export function declaredConfigKeys(projectDir: string): string[] | undefined {
  const file = path.join(projectDir, "Pulumi.yaml");
  if (!fs.existsSync(file)) return undefined;
  const config = get(parseBlockYaml(fs.readFileSync(file, "utf8"), file), "config");
  if (!config || config.kind !== "map") return undefined;
  return [...config.entries.map((e) => e.key), "extraClients"];
}

function secretSourceFor(key: string): string {
  const fromEnv = ENV_CONFIG.find((e) => e.key === key) ?? STACK_SECRETS_FROM_ENV.find((e) => e.key === key);
  return fromEnv ? `$${fromEnv.env}` : "the environment";
}

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "name": {
        const parsed = parseArgs("name", rest, [], []);
        io.stdout(stackNameFor(onePositional("name", parsed, "the pull-request number", "7")) + "\n");
        return 0;
      }
      case "config":
        return configCommand(rest, io);
      case "secrets":
        return secretsCommand(rest, io);
      case "sweep-plan":
        return sweepPlanCommand(rest, io);
      case "pr-states": {
        const parsed = parseArgs("pr-states", rest, ["stacks"], []);
        const file = required("pr-states", parsed, "stacks", "stacks.json");
        const numbers = parseStackList(readJson(file, "--stacks"), file)
          .map((s) => prNumberOf(s.name))
          .filter((n): n is number => n !== undefined);
        const states = await pullRequestStates(numbers, githubFromEnv(io.env));
        io.stdout(JSON.stringify(states, null, 2) + "\n");
        return 0;
      }
      case "comment":
        return commentCommand(rest, io);
      case "post-comment": {
        const parsed = parseArgs("post-comment", rest, ["pr", "body-file"], ["update-only"]);
        const pr = parsePrNumber(required("post-comment", parsed, "pr", "7"), "--pr");
        const file = required("post-comment", parsed, "body-file", "comment.md");
        if (!fs.existsSync(file))
          throw new PrStackError(
            `--body-file ${file} does not exist; render it first with: pr-stack.ts comment --pr ${pr} > ${file}`,
          );
        const result = await upsertComment(
          pr,
          fs.readFileSync(file, "utf8"),
          COMMENT_MARKER,
          githubFromEnv(io.env),
          {
            updateOnly: parsed.options["update-only"] === true,
          },
        );
        io.stderr(
          result.action === "none"
            ? `pr-stack: pull request #${pr} has no environment comment to update (--update-only)\n`
            : `pr-stack: ${result.action} comment ${result.id} on pull request #${pr}${result.url ? ` (${result.url})` : ""}\n`,
        );
        return 0;
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new PrStackError(
          `unknown command "${command}". Commands: name, config, secrets, sweep-plan, pr-states, comment, post-comment (see --help).`,
        );
    }
  } catch (e) {
    if (e instanceof PrStackError) {
      io.stderr(`pr-stack: ${e.message}\n`);
      return 2;
    }
    io.stderr(`pr-stack: ${command}: ${(e as Error).message}\n`);
    return 1;
  }
}

function printSteps(io: CliIo, steps: { display: string }[]): void {
  for (const s of steps) io.stdout(s.display + "\n");
}

function configCommand(args: string[], io: CliIo): number {
  const parsed = parseArgs("config", args, ["template", "cwd"], ["dry-run"]);
  const pr = parsePrNumber(onePositional("config", parsed, "the pull-request number", "7"));
  const stack = stackNameFor(pr);
  const templateFile = path.resolve((parsed.options.template as string | undefined) ?? DEFAULT_TEMPLATE);
  if (!fs.existsSync(templateFile))
    throw new PrStackError(
      `--template ${templateFile} does not exist; pass the PR stack template (default stack-templates/pr.yaml).`,
    );
  const cwd = path.resolve((parsed.options.cwd as string | undefined) ?? REPO_ROOT);
  const template = parseTemplate(
    fs.readFileSync(templateFile, "utf8"),
    path.relative(process.cwd(), templateFile) || templateFile,
  );
  const config: StackConfigMap = prStackConfig(template, {
    prNumber: pr,
    env: io.env,
    knownKeys: declaredConfigKeys(cwd),
  });
  io.stderr(`pr-stack: ${stack}: ${describeAppwriteWiring(config)}\n`);
  const steps = applyConfig(stack, config, {
    cwd,
    run: io.runPulumi,
    create: true,
    exact: true,
    dryRun: parsed.options["dry-run"] === true,
    secretSource: secretSourceFor,
    log: (line) => io.stderr(`pr-stack: ${line}\n`),
  });
  if (parsed.options["dry-run"]) printSteps(io, steps);
  else io.stderr(`pr-stack: ${stack}: ${Object.keys(config).length} config values set\n`);
  return 0;
}

function secretsCommand(args: string[], io: CliIo): number {
  const parsed = parseArgs("secrets", args, ["stack", "cwd"], ["create", "dry-run"]);
  const stack = required("secrets", parsed, "stack", "prod");
  if (isPrStack(stack))
    throw new PrStackError(
      `secrets --stack ${stack}: a PR stack gets its whole config from \`config ${prNumberOf(stack)}\`; use that.`,
    );
  const config: StackConfigMap = {};
  for (const { env, key } of STACK_SECRETS_FROM_ENV) {
    const v = io.env[env];
    if (v !== undefined && v !== "") config[key] = { value: v, secret: true };
  }
  if (Object.keys(config).length === 0)
    io.stderr(
      `pr-stack: ${stack}: none of ${STACK_SECRETS_FROM_ENV.map((s) => s.env).join(", ")} is set; only selecting the stack\n`,
    );
  const steps = applyConfig(stack, config, {
    cwd: path.resolve((parsed.options.cwd as string | undefined) ?? REPO_ROOT),
    run: io.runPulumi,
    create: parsed.options.create === true,
    exact: false,
    dryRun: parsed.options["dry-run"] === true,
    secretSource: secretSourceFor,
    log: (line) => io.stderr(`pr-stack: ${line}\n`),
  });
  if (parsed.options["dry-run"]) printSteps(io, steps);
  return 0;
}

function sweepPlanCommand(args: string[], io: CliIo): number {
  const parsed = parseArgs("sweep-plan", args, ["stacks", "prs", "max-age-days", "now"], ["github-output"]);
  const stacksFile = required("sweep-plan", parsed, "stacks", "stacks.json");
  const prsFile = required("sweep-plan", parsed, "prs", "prs.json");
  const maxAgeText = required("sweep-plan", parsed, "max-age-days", "7");
  const maxAgeDays = Number(maxAgeText);
  if (maxAgeText.trim() === "" || !Number.isFinite(maxAgeDays) || maxAgeDays <= 0) {
    throw new PrStackError(
      `--max-age-days is "${maxAgeText}"; give a number of days above 0, e.g. --max-age-days 7.`,
    );
  }
  let now = io.now();
  if (typeof parsed.options.now === "string") {
    now = new Date(parsed.options.now);
    if (Number.isNaN(now.getTime()))
      throw new PrStackError(
        `--now is "${parsed.options.now}", not a time; use ISO 8601, e.g. --now 2026-05-04T08:00:00Z.`,
      );
  }
  const stacks = parseStackList(readJson(stacksFile, "--stacks"), stacksFile);
  const prs = parsePrStates(readJson(prsFile, "--prs"), prsFile);
  const plan = sweepPlan(stacks, prs, now, maxAgeDays);
  for (const e of plan.destroy) io.stderr(`pr-stack: destroy ${e.stack}: ${e.reason}\n`);
  for (const e of plan.keep) io.stderr(`pr-stack: keep ${e.stack}: ${e.reason}\n`);
  io.stdout(JSON.stringify(plan, null, 2) + "\n");
  if (parsed.options["github-output"]) {
    const output = io.env.GITHUB_OUTPUT;
    if (!output)
      throw new PrStackError(
        "--github-output needs GITHUB_OUTPUT (set by GitHub Actions); drop the flag outside a workflow.",
      );
    fs.appendFileSync(
      output,
      `destroy=${JSON.stringify(plan.destroy.map((e) => e.pr))}\ncount=${plan.destroy.length}\n`,
    );
    if (io.env.GITHUB_STEP_SUMMARY)
      fs.appendFileSync(io.env.GITHUB_STEP_SUMMARY, renderSweepSummary(plan, maxAgeDays));
  }
  return 0;
}

function commentCommand(args: string[], io: CliIo): number {
  const parsed = parseArgs("comment", args, ["pr", "outputs", "status", "run-url", "commit"], []);
  const pr = parsePrNumber(required("comment", parsed, "pr", "7"), "--pr");
  const status = (parsed.options.status as string | undefined) ?? "ready";
  if (!["ready", "failed", "destroyed"].includes(status))
    throw new PrStackError(`--status is "${status}"; use ready, failed or destroyed.`);
  let outputs: Record<string, unknown> = {};
  if (typeof parsed.options.outputs === "string") {
    const json = readJson(parsed.options.outputs, "--outputs");
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new PrStackError(
        `--outputs ${parsed.options.outputs} is not a JSON object of stack outputs; write it with \`pulumi stack output --json --stack ${stackNameFor(pr)}\`.`,
      );
    }
    outputs = json as Record<string, unknown>;
  } else if (status === "ready") {
    throw new PrStackError(
      `comment --status ready needs --outputs <file>, written by \`pulumi stack output --json --stack ${stackNameFor(pr)} > outputs.json\`.`,
    );
  }
  io.stdout(
    renderComment(outputs, {
      stack: stackNameFor(pr),
      status: status as EnvironmentStatus,
      runUrl: parsed.options["run-url"] as string | undefined,
      commit: parsed.options.commit as string | undefined,
    }),
  );
  return 0;
}

/** The CLI against the real process: stdout/stderr, env, the Pulumi CLI and the clock. */
export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  runPulumi: runPulumiCli,
  now: () => new Date(),
};
