// Checks the GitHub workflows: actionlint, then this repository's rules (scripts/workflow-check/rules.ts).
//
//   node -r ts-node/register/transpile-only scripts/workflow-check.ts [--no-actionlint] [file.yml ...]
//
// Without files it checks .github/workflows/*.yml and *.yaml. Exit 0: clean; 1: findings; 2: usage.
import * as fs from "node:fs";
import * as path from "node:path";
import { actionlintBinary, runActionlint } from "./workflow-check/actionlint";
import { Finding, checkWorkflow } from "./workflow-check/rules";

const REPO_ROOT = path.resolve(__dirname, "..");
export const INPUTS_FIXTURE = path.join(REPO_ROOT, "tests", "fixtures", "pulumi-actions-v7-inputs.json");

/** The inputs of pulumi/actions@v7, from the committed fixture. */
export function pulumiActionInputs(fixture = INPUTS_FIXTURE): string[] {
  const parsed = JSON.parse(fs.readFileSync(fixture, "utf8")) as { inputs?: unknown };
  if (!Array.isArray(parsed.inputs) || parsed.inputs.some((i) => typeof i !== "string")) {
    throw new Error(
      `${fixture} has no "inputs" list of strings; restore it from pulumi/actions v7's action.yml`,
    );
  }
  return parsed.inputs as string[];
}

/** The workflow files under `dir`, sorted. */
export function workflowFiles(dir = path.join(REPO_ROOT, ".github", "workflows")): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Runs the repository's rules over `files`. */
export function checkFiles(files: string[], inputs = pulumiActionInputs()): Finding[] {
  return files.flatMap((file) =>
    checkWorkflow(path.relative(REPO_ROOT, file), fs.readFileSync(file, "utf8"), {
      pulumiActionInputs: inputs,
    }),
  );
}

function main(argv: string[]): number {
  const flags = argv.filter((a) => a.startsWith("-"));
  const unknown = flags.filter((f) => f !== "--no-actionlint");
  if (unknown.length > 0) {
    console.error(
      `workflow-check: unknown option ${unknown[0]}. Usage: workflow-check.ts [--no-actionlint] [workflow.yml ...]`,
    );
    return 2;
  }
  const named = argv.filter((a) => !a.startsWith("-")).map((f) => path.resolve(f));
  const files = named.length > 0 ? named : workflowFiles();
  if (files.length === 0) {
    console.error("workflow-check: no workflows found in .github/workflows; pass files to check");
    return 2;
  }
  for (const f of files) {
    if (!fs.existsSync(f)) {
      console.error(`workflow-check: ${f} does not exist`);
      return 2;
    }
  }

  const problems: string[] = [];
  let lintNote = "actionlint skipped (--no-actionlint)";
  if (!flags.includes("--no-actionlint")) {
    const lint = runActionlint(
      actionlintBinary(REPO_ROOT),
      files.map((f) => path.relative(REPO_ROOT, f)),
      REPO_ROOT,
    );
    for (const f of lint.findings)
      problems.push(`${f.file}:${f.line}:${f.column}: [actionlint ${f.kind}] ${f.message}`);
    lintNote = `actionlint ${lint.version}${lint.shellcheck ? " with shellcheck" : " (shellcheck not installed: run: scripts not linted)"}`;
  }
  for (const f of checkFiles(files)) problems.push(`${f.file}:${f.line}: [${f.rule}] ${f.message}`);

  for (const p of problems) console.error(p);
  const summary = `workflow-check: ${files.length} workflow(s), ${problems.length} problem(s); ${lintNote}`;
  if (problems.length > 0) {
    console.error(summary);
    return 1;
  }
  console.log(summary);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`workflow-check: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
