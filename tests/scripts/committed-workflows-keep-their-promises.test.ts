// The committed workflows pass workflow-check (and actionlint, when it is built) and keep the
// promises the README, "Pull requests" makes: previews comment in place, PR environments never overlap,
// are created with upsert and removed on close, and forks get a note instead of secrets.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkFiles, workflowFiles } from "../../scripts/workflow-check";
import { runActionlint } from "../../scripts/workflow-check/actionlint";
import {
  YMap,
  YNode,
  get,
  parseBlockYaml,
  scalarText,
  toJson,
} from "../../scripts/workflow-check/block-yaml";
import { SAME_REPOSITORY_GUARD, triggerEvents } from "../../scripts/workflow-check/rules";

const ROOT = path.resolve(__dirname, "..", "..");
const files = workflowFiles();
const load = (name: string) =>
  parseBlockYaml(fs.readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8"), name) as YMap;
const job = (wf: YMap, name: string) => get(get(wf, "jobs"), name) as YMap;
const stepsOf = (j: YMap) =>
  ((get(j, "steps") as { items: YNode[] }).items as YMap[]).map((s) => toJson(s) as Record<string, unknown>);
const pulumiSteps = (j: YMap) => stepsOf(j).filter((s) => String(s.uses).startsWith("pulumi/actions@"));
const json = (node: YNode | undefined) => (node ? toJson(node) : undefined);
const withOf = (s: Record<string, unknown>) => (s.with ?? {}) as Record<string, string>;

it("has the five workflows", () => {
  expect(files.map((f) => path.basename(f))).toEqual([
    "ci.yml",
    "deploy.yml",
    "pr-environment.yml",
    "preview.yml",
    "sweep.yml",
  ]);
});

it("pass the repository's rules", () => {
  expect(checkFiles(files)).toEqual([]);
});

// actionlint is built by scripts/actionlint.sh (run by .ci/run through workflow-check); the unit
// suite only uses a binary that is already there, so it never builds Go code.
const cached = path.join(os.homedir(), ".cache", "pocket-id-appwrite", "actionlint-v1.7.12", "actionlint");
const actionlint = process.env.ACTIONLINT || (fs.existsSync(cached) ? cached : undefined);
(actionlint ? it : it.skip)("pass actionlint", () => {
  const result = runActionlint(
    actionlint!,
    files.map((f) => path.relative(ROOT, f)),
    ROOT,
  );
  expect(result.findings).toEqual([]);
});

describe("ci.yml", () => {
  it("runs npm ci and npm test on Node 22 for pushes and pull requests, with read-only permissions", () => {
    const wf = load("ci.yml");
    expect(triggerEvents(wf)).toEqual(["push", "pull_request"]);
    expect(json(get(wf, "permissions"))).toEqual({ contents: "read" });
    const steps = stepsOf(job(wf, "test"));
    expect(steps.find((s) => String(s.uses).startsWith("actions/setup-node@"))!.with).toEqual({
      "node-version": "22",
      cache: "npm",
    });
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
  });
});

describe("preview.yml", () => {
  const wf = load("preview.yml");
  it("previews prod and edits one PR comment in place", () => {
    const [, preview] = pulumiSteps(job(wf, "preview"));
    expect(withOf(preview)).toMatchObject({
      command: "preview",
      "stack-name": "prod",
      "comment-on-pr": "true",
      "edit-pr-comment": "true",
    });
    expect(json(get(job(wf, "preview"), "permissions"))).toEqual({
      contents: "read",
      "pull-requests": "write",
    });
  });

  it("skips forks with a note in the step summary", () => {
    expect(scalarText(get(job(wf, "preview"), "if"))).toBe(SAME_REPOSITORY_GUARD);
    const notice = job(wf, "fork-notice");
    expect(scalarText(get(notice, "if"))).toBe(
      "github.event.pull_request.head.repo.full_name != github.repository",
    );
    expect(String(stepsOf(notice)[0].run)).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});

describe("pr-environment.yml", () => {
  const wf = load("pr-environment.yml");
  it("runs one at a time per pull request, never cancelling", () => {
    expect(json(get(wf, "concurrency"))).toEqual({
      group: "pr-env-${{ github.event.pull_request.number }}",
      "cancel-in-progress": "false",
    });
    expect(json(get(get(wf, "on"), "pull_request"))).toEqual({
      types: ["opened", "synchronize", "reopened", "closed"],
    });
  });

  it("derives the config with pr-stack.ts before up --upsert, then comments the URLs", () => {
    const steps = stepsOf(job(wf, "up"));
    const configAt = steps.findIndex((s) => String(s.run ?? "").includes("scripts/pr-stack.ts config"));
    const upAt = steps.findIndex((s) => withOf(s).command === "up");
    expect(configAt).toBeGreaterThan(0);
    expect(upAt).toBeGreaterThan(configAt);
    expect(withOf(steps[upAt])).toMatchObject({
      upsert: "true",
      "stack-name": "${{ steps.stack.outputs.name }}",
      "cloud-url": "${{ secrets.PULUMI_BACKEND_URL }}",
    });
    expect(String(steps[upAt + 1].run)).toMatch(
      /pr-stack\.ts comment --pr "\$PR_NUMBER"[\s\S]*pr-stack\.ts post-comment/,
    );
  });

  it("destroys and removes the stack when the pull request closes", () => {
    const destroy = job(wf, "destroy");
    expect(scalarText(get(destroy, "if"))).toBe(
      `github.event.action == 'closed' && ${SAME_REPOSITORY_GUARD}`,
    );
    const steps = pulumiSteps(destroy);
    expect(withOf(steps[steps.length - 1])).toMatchObject({ command: "destroy", remove: "true" });
  });

  it("runs its secret-holding jobs in the pr-environments environment", () => {
    expect(json(get(job(wf, "up"), "environment"))).toMatchObject({ name: "pr-environments" });
    expect(scalarText(get(job(wf, "destroy"), "environment"))).toBe("pr-environments");
  });
});

describe("sweep.yml", () => {
  const wf = load("sweep.yml");
  it("runs on a schedule and by hand with max-age-days", () => {
    expect(triggerEvents(wf)).toEqual(["schedule", "workflow_dispatch"]);
    expect(json(get(get(get(get(wf, "on"), "workflow_dispatch"), "inputs"), "max-age-days"))).toMatchObject({
      type: "number",
      default: "7",
    });
  });

  it("lets sweep-plan decide and destroys each stack in the PR's own concurrency group", () => {
    expect(
      String(stepsOf(job(wf, "plan")).find((s) => String(s.run ?? "").includes("sweep-plan"))!.run),
    ).toContain("--github-output");
    const destroy = job(wf, "destroy");
    expect(json(get(get(destroy, "strategy"), "matrix"))).toEqual({
      pr: "${{ fromJSON(needs.plan.outputs.destroy) }}",
    });
    expect(json(get(destroy, "concurrency"))).toEqual({
      group: "pr-env-${{ matrix.pr }}",
      "cancel-in-progress": "false",
    });
    const steps = pulumiSteps(destroy);
    expect(withOf(steps[steps.length - 1])).toMatchObject({ command: "destroy", remove: "true" });
  });
});

describe("deploy.yml", () => {
  it("runs up of prod on pushes to main, one at a time, in the production environment", () => {
    const wf = load("deploy.yml");
    expect(json(get(wf, "on"))).toEqual({ push: { branches: ["main"] } });
    expect(json(get(wf, "concurrency"))).toEqual({ group: "deploy-prod", "cancel-in-progress": "false" });
    const up = job(wf, "up");
    expect(json(get(up, "environment"))).toMatchObject({ name: "production" });
    const steps = pulumiSteps(up);
    expect(withOf(steps[steps.length - 1])).toMatchObject({ command: "up", "stack-name": "prod" });
  });
});
