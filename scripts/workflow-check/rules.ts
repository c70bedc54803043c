// The repository's own rules for its GitHub workflows, on top of actionlint: least-privilege
// permissions, only real pulumi/actions@v7 inputs, and no secrets in a job a fork's pull request
// can start. Pure functions over the parsed workflow, so tests feed them fixture text.
import {
  YMap,
  YNode,
  YamlSubsetError,
  allScalars,
  get,
  getEntry,
  parseBlockYaml,
  scalarText,
} from "./block-yaml";

export interface Finding {
  file: string;
  line: number;
  rule: Rule;
  message: string;
}

export type Rule =
  | "yaml"
  | "permissions"
  | "pulumi-action-version"
  | "pulumi-action-inputs"
  | "fork-secrets"
  | "secrets-need-environment"
  | "pull-request-target-checkout";

export interface CheckOptions {
  /** The inputs pulumi/actions@v7 declares (tests/fixtures/pulumi-actions-v7-inputs.json). */
  pulumiActionInputs: readonly string[];
}

/** Events through which a pull request from a fork can start a run. */
export const FORK_REACHABLE_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment",
];

/** The condition that keeps a job away from pull requests opened from forks. */
export const SAME_REPOSITORY_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";

const PULUMI_COMMANDS = ["up", "update", "refresh", "destroy", "preview", "output"];
const STATUS_FUNCTIONS = /\b(always|failure|cancelled)\s*\(/;

/** Checks one workflow file's text; returns every finding (an empty list means it passes). */
export function checkWorkflow(file: string, text: string, options: CheckOptions): Finding[] {
  let root: YNode;
  try {
    root = parseBlockYaml(text, file);
  } catch (e) {
    if (e instanceof YamlSubsetError)
      return [
        { file, line: e.line, rule: "yaml", message: e.message.slice(file.length + 1).replace(/^\d+: /, "") },
      ];
    throw e;
  }
  const findings: Finding[] = [];
  const report = (line: number, rule: Rule, message: string) => findings.push({ file, line, rule, message });
  if (root.kind !== "map") {
    report(1, "yaml", "is not a workflow: the top level must be a map with on: and jobs:");
    return findings;
  }
  const jobs = get(root, "jobs");
  if (!jobs || jobs.kind !== "map") {
    report(root.line, "yaml", 'has no "jobs:" map');
    return findings;
  }
  const events = triggerEvents(root);
  const forkReachable = events.some((e) => FORK_REACHABLE_EVENTS.includes(e));

  checkPermissions(root, jobs, report);
  for (const job of jobs.entries) {
    if (job.value.kind !== "map") continue;
    for (const step of steps(job.value)) checkPulumiStep(job.key, step, options, report);
  }
  if (forkReachable) checkForkSafety(root, jobs, report);
  if (events.includes("pull_request_target")) checkPullRequestTargetCheckout(jobs, report);
  return findings.sort((a, b) => a.line - b.line);
}

/** The event names under `on:` (a string, a list, or a map of events). */
export function triggerEvents(root: YNode): string[] {
  const on = get(root, "on");
  if (!on) return [];
  if (on.kind === "scalar") return [on.value];
  if (on.kind === "seq") return on.items.map((i) => scalarText(i) ?? "").filter(Boolean);
  return on.entries.map((e) => e.key);
}

function steps(job: YMap): YMap[] {
  const list = get(job, "steps");
  return list?.kind === "seq" ? list.items.filter((s): s is YMap => s.kind === "map") : [];
}

// ---------- permissions ----------

/** Whether a `permissions:` value grants no write access: `{}`, `read-all`, or only read/none scopes. */
export function isRestrictive(permissions: YNode | undefined): boolean {
  if (!permissions) return false;
  if (permissions.kind === "scalar") return permissions.value === "read-all";
  if (permissions.kind === "seq") return false;
  return permissions.entries.every((e) => ["read", "none"].includes(scalarText(e.value) ?? ""));
}

function describePermissions(permissions: YNode | undefined): string {
  if (!permissions)
    return "there are no top-level permissions (GitHub then grants the repository's default, often write to everything)";
  if (permissions.kind === "scalar") return `the top-level permissions are "${permissions.value}"`;
  if (permissions.kind === "map") {
    const writes = permissions.entries.filter((e) => scalarText(e.value) === "write").map((e) => e.key);
    return `the top-level permissions grant write to ${writes.join(", ")}`;
  }
  return "the top-level permissions are not a map";
}

function checkPermissions(
  root: YMap,
  jobs: YMap,
  report: (line: number, rule: Rule, message: string) => void,
): void {
  const top = getEntry(root, "permissions");
  if (top && scalarText(top.value) === "write-all") {
    report(
      top.line,
      "permissions",
      'grants "write-all" to every job; use "permissions: {}" (or contents: read) at the top and widen per job',
    );
  }
  for (const job of jobs.entries) {
    if (job.value.kind !== "map") continue;
    const own = getEntry(job.value, "permissions");
    if (own) {
      if (scalarText(own.value) === "write-all") {
        report(
          own.line,
          "permissions",
          `job "${job.key}" asks for "write-all"; list only the scopes it needs (e.g. contents: read, pull-requests: write)`,
        );
      }
      continue;
    }
    if (!isRestrictive(top?.value)) {
      report(
        job.line,
        "permissions",
        `job "${job.key}" has no permissions block and ${describePermissions(top?.value)}; add "permissions: {}" (or contents: read) at the top of the workflow, or give the job its own permissions`,
      );
    }
  }
}

// ---------- pulumi/actions ----------

function checkPulumiStep(
  jobName: string,
  step: YMap,
  options: CheckOptions,
  report: (line: number, rule: Rule, message: string) => void,
): void {
  const usesEntry = getEntry(step, "uses");
  const uses = scalarText(usesEntry?.value);
  if (!usesEntry || !uses || !/^pulumi\/actions@/i.test(uses)) return;
  const ref = uses.slice(uses.indexOf("@") + 1);
  if (!/^v7(\.|$)/.test(ref)) {
    report(
      usesEntry.line,
      "pulumi-action-version",
      `job "${jobName}" uses ${uses}; this repository uses pulumi/actions@v7, whose inputs the check knows (tests/fixtures/pulumi-actions-v7-inputs.json)`,
    );
    return;
  }
  const withEntry = getEntry(step, "with");
  if (!withEntry) return;
  if (withEntry.value.kind !== "map") {
    report(
      withEntry.line,
      "pulumi-action-inputs",
      `job "${jobName}": "with:" of ${uses} must be a map of inputs`,
    );
    return;
  }
  for (const input of withEntry.value.entries) {
    if (!options.pulumiActionInputs.includes(input.key)) {
      const near = closest(input.key, options.pulumiActionInputs);
      report(
        input.line,
        "pulumi-action-inputs",
        `job "${jobName}" passes "${input.key}" to ${uses}, which has no such input${near ? `; did you mean "${near}"?` : ""} (inputs: tests/fixtures/pulumi-actions-v7-inputs.json)`,
      );
    }
  }
  const command = getEntry(withEntry.value, "command");
  const commandText = scalarText(command?.value);
  if (command && commandText && !commandText.includes("${{") && !PULUMI_COMMANDS.includes(commandText)) {
    report(
      command.line,
      "pulumi-action-inputs",
      `job "${jobName}" sets command "${commandText}"; pulumi/actions@v7 runs one of ${PULUMI_COMMANDS.join(", ")}`,
    );
  }
}

/** The candidate within edit distance 3 of `word` (ignoring case and dashes), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = norm(c) === norm(word) ? 0 : editDistance(norm(word), norm(c));
    if (d <= 3 && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

// ---------- fork safety ----------

/** The `${{ … }}` expressions inside a scalar. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]);
}

/** The first line at which `node` reads a secret (`secrets.X`, `secrets['X']`, `toJSON(secrets)`), if any. */
export function secretReference(node: YNode | undefined, ifKeys = true): number | undefined {
  if (!node) return undefined;
  for (const s of allScalars(node)) {
    if (expressions(s.text).some((e) => /\bsecrets\b/.test(e))) return s.line;
  }
  // `if:` values are expressions even without ${{ }}.
  if (ifKeys) {
    for (const ifValue of ifValues(node)) {
      if (/\bsecrets\b/.test(ifValue.text)) return ifValue.line;
    }
  }
  return undefined;
}

function* ifValues(node: YNode): Generator<{ text: string; line: number }> {
  if (node.kind === "seq") for (const item of node.items) yield* ifValues(item);
  if (node.kind !== "map") return;
  for (const e of node.entries) {
    if (e.key === "if" && e.value.kind === "scalar") yield { text: e.value.value, line: e.line };
    else yield* ifValues(e.value);
  }
}

/** The top-level `&&` operands of an `if:` expression, with `${{ }}`, outer parentheses and spaces removed. */
export function conjuncts(condition: string): string[] {
  let expr = condition.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expr);
  if (wrapped) expr = wrapped[1];
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === quote) quote = "";
      continue;
    }
    if (c === "'") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && expr.startsWith("&&", i)) {
      parts.push(expr.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(expr.slice(start));
  return parts.map(normalizeOperand);
}

function normalizeOperand(part: string): string {
  let p = part.replace(/\s+/g, "");
  while (p.startsWith("(") && p.endsWith(")") && balanced(p.slice(1, -1))) p = p.slice(1, -1);
  return p;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

const GUARDS = [
  "github.event.pull_request.head.repo.full_name==github.repository",
  "github.repository==github.event.pull_request.head.repo.full_name",
];

/** Whether an `if:` keeps the job off fork pull requests: the same-repository guard, or an event test that excludes PRs. */
export function hasForkGuard(condition: string | undefined): boolean {
  if (!condition) return false;
  return conjuncts(condition).some((c) => {
    if (GUARDS.includes(c)) return true;
    const event =
      /^github\.event_name==['"]([a-z_]+)['"]$/.exec(c) ?? /^['"]([a-z_]+)['"]==github\.event_name$/.exec(c);
    return event !== null && !FORK_REACHABLE_EVENTS.includes(event[1]);
  });
}

function needsOf(job: YMap): string[] {
  const needs = get(job, "needs");
  if (!needs) return [];
  if (needs.kind === "scalar") return [needs.value];
  if (needs.kind === "seq") return needs.items.map((i) => scalarText(i) ?? "").filter(Boolean);
  return [];
}

/** Whether a job cannot run for a fork's pull request: its own guard, or a guarded dependency it does not bypass with always()/failure()/cancelled(). */
export function isForkGuarded(jobs: YMap, name: string, seen = new Set<string>()): boolean {
  const job = get(jobs, name);
  if (!job || job.kind !== "map" || seen.has(name)) return false;
  seen.add(name);
  const condition = scalarText(get(job, "if"));
  if (hasForkGuard(condition)) return true;
  if (condition && STATUS_FUNCTIONS.test(condition)) return false;
  return needsOf(job).some((n) => isForkGuarded(jobs, n, seen));
}

function checkForkSafety(
  root: YMap,
  jobs: YMap,
  report: (line: number, rule: Rule, message: string) => void,
): void {
  const workflowEnv = getEntry(root, "env");
  const workflowSecretLine = secretReference(workflowEnv?.value);
  for (const job of jobs.entries) {
    if (job.value.kind !== "map") continue;
    const inherits = scalarText(get(job.value, "secrets")) === "inherit";
    const line =
      secretReference(job.value) ??
      (inherits ? getEntry(job.value, "secrets")!.line : undefined) ??
      workflowSecretLine;
    if (line === undefined) continue;
    if (!isForkGuarded(jobs, job.key)) {
      report(
        line,
        "fork-secrets",
        `job "${job.key}" reads secrets but can run for a pull request from a fork; add "if: ${SAME_REPOSITORY_GUARD}" to the job (or && it into its if:), and put a note for forks in $GITHUB_STEP_SUMMARY from a job without secrets`,
      );
    }
    if (!getEntry(job.value, "environment")) {
      report(
        job.line,
        "secrets-need-environment",
        `job "${job.key}" reads secrets in a pull-request workflow but runs in no GitHub environment; add "environment: <name>" so maintainers can require approval and scope the secrets to it`,
      );
    }
  }
}

function checkPullRequestTargetCheckout(
  jobs: YMap,
  report: (line: number, rule: Rule, message: string) => void,
): void {
  for (const job of jobs.entries) {
    if (job.value.kind !== "map") continue;
    for (const step of steps(job.value)) {
      const uses = scalarText(get(step, "uses")) ?? "";
      if (!/^actions\/checkout@/i.test(uses)) continue;
      const ref = getEntry(get(step, "with"), "ref");
      const refText = scalarText(ref?.value) ?? "";
      if (/pull_request\.head|head_ref|refs\/pull\//.test(refText)) {
        report(
          ref!.line,
          "pull-request-target-checkout",
          `job "${job.key}" checks out the pull request's code in a pull_request_target run, which has the base repository's secrets and write token; use on: pull_request instead`,
        );
      }
    }
  }
}
