// workflow-check's own rules: least-privilege permissions, only real pulumi/actions@v7 inputs, and
// no secrets in a job that a pull request from a fork can start.
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiActionInputs } from "../../scripts/workflow-check";
import {
  Finding,
  checkWorkflow,
  conjuncts,
  hasForkGuard,
  isRestrictive,
} from "../../scripts/workflow-check/rules";
import { parseBlockYaml } from "../../scripts/workflow-check/block-yaml";

const inputs = pulumiActionInputs();
const check = (text: string): Finding[] => checkWorkflow("w.yml", text, { pulumiActionInputs: inputs });
const rules = (text: string) => check(text).map((f) => f.rule);

describe("the bad-workflow fixture", () => {
  const file = path.join(__dirname, "fixtures", "bad-workflow.yml");
  const findings = checkWorkflow("bad-workflow.yml", fs.readFileSync(file, "utf8"), {
    pulumiActionInputs: inputs,
  });

  it("fails, with one finding per broken rule, each with its line", () => {
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [8, "permissions"],
      [8, "secrets-need-environment"],
      [16, "pulumi-action-inputs"],
      [19, "fork-secrets"],
      [22, "permissions"],
      [24, "pulumi-action-version"],
    ]);
  });

  it("suggests the real input for a misspelt one", () => {
    expect(findings[2].message).toBe(
      'job "preview" passes "configMap" to pulumi/actions@v7, which has no such input; did you mean "config-map"? (inputs: tests/fixtures/pulumi-actions-v7-inputs.json)',
    );
  });

  it("says how to fix the fork exposure", () => {
    expect(findings[3].message).toMatch(
      /job "preview" reads secrets but can run for a pull request from a fork; add "if: github\.event\.pull_request\.head\.repo\.full_name == github\.repository"/,
    );
  });
});

const prWorkflow = (job: string, top = "permissions: {}\n") => `on: pull_request\n${top}jobs:\n${job}`;
const secretJob = (cond: string, extra = "") =>
  `  j:\n    runs-on: ubuntu-latest\n    permissions: {}\n    environment: e\n${cond ? `    if: ${cond}\n` : ""}${extra}    steps:\n      - run: echo "$T"\n        env:\n          T: \${{ secrets.TOKEN }}\n`;

describe("fork safety", () => {
  it("accepts the same-repository guard alone, reversed, wrapped, or &&-ed with more", () => {
    for (const cond of [
      "github.event.pull_request.head.repo.full_name == github.repository",
      "github.repository == github.event.pull_request.head.repo.full_name",
      "${{ github.event.pull_request.head.repo.full_name == github.repository }}",
      "github.event.action != 'closed' && (github.event.pull_request.head.repo.full_name == github.repository)",
    ]) {
      expect(rules(prWorkflow(secretJob(cond)))).toEqual([]);
    }
  });

  it("refuses a guard that an || can bypass, or a job with no guard", () => {
    expect(
      rules(
        prWorkflow(
          secretJob(
            "github.actor == 'me' || github.event.pull_request.head.repo.full_name == github.repository",
          ),
        ),
      ),
    ).toEqual(["fork-secrets"]);
    expect(rules(prWorkflow(secretJob("")))).toEqual(["fork-secrets"]);
  });

  it("finds secrets in run scripts, step ifs, workflow env and `secrets: inherit`", () => {
    const run =
      "  j:\n    runs-on: x\n    permissions: {}\n    environment: e\n    steps:\n      - run: |\n          # ${{ secrets.HIDDEN }}\n";
    expect(rules(prWorkflow(run))).toEqual(["fork-secrets"]);
    const stepIf =
      "  j:\n    runs-on: x\n    permissions: {}\n    environment: e\n    steps:\n      - if: secrets.X != ''\n        run: echo\n";
    expect(rules(prWorkflow(stepIf))).toEqual(["fork-secrets"]);
    const env = "env:\n  A: ${{ secrets.A }}\n";
    expect(
      rules(
        prWorkflow(
          "  j:\n    runs-on: x\n    permissions: {}\n    environment: e\n    steps:\n      - run: echo\n",
          `permissions: {}\n${env}`,
        ),
      ),
    ).toEqual(["fork-secrets"]);
    expect(
      rules(
        prWorkflow(
          "  j:\n    permissions: {}\n    environment: e\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n",
        ),
      ),
    ).toEqual(["fork-secrets"]);
  });

  it("inherits the guard through needs, unless always()/failure()/cancelled() bypasses it", () => {
    const guarded =
      "  g:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    runs-on: x\n    steps:\n      - run: echo\n";
    const dependent = (cond: string) =>
      `  d:\n    needs: g\n${cond ? `    if: ${cond}\n` : ""}    runs-on: x\n    permissions: {}\n    environment: e\n    steps:\n      - run: echo \${{ secrets.T }}\n`;
    expect(rules(prWorkflow(guarded + dependent("")))).toEqual([]);
    expect(rules(prWorkflow(guarded + dependent("success()")))).toEqual([]);
    expect(rules(prWorkflow(guarded + dependent("always()")))).toEqual(["fork-secrets"]);
    expect(rules(prWorkflow(guarded + dependent("${{ !cancelled() }}")))).toEqual(["fork-secrets"]);
  });

  it("accepts a job limited to an event forks cannot send", () => {
    const wf = `on: [push, pull_request]\npermissions: {}\njobs:\n${secretJob("github.event_name == 'push'")}`;
    expect(rules(wf)).toEqual([]);
    expect(
      rules(
        `on: [push, pull_request]\npermissions: {}\njobs:\n${secretJob("github.event_name == 'pull_request'")}`,
      ),
    ).toEqual(["fork-secrets"]);
  });

  it("does not apply to workflows forks cannot trigger", () => {
    expect(
      rules(`on:\n  push:\n  schedule:\n    - cron: "0 0 * * *"\npermissions: {}\njobs:\n${secretJob("")}`),
    ).toEqual([]);
  });

  it("asks for an environment on a guarded PR job with secrets", () => {
    const noEnv =
      "  j:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n    runs-on: x\n    permissions: {}\n    steps:\n      - run: echo ${{ secrets.T }}\n";
    const findings = check(prWorkflow(noEnv));
    expect(findings.map((f) => f.rule)).toEqual(["secrets-need-environment"]);
    expect(findings[0].message).toMatch(/add "environment: <name>" so maintainers can require approval/);
  });

  it("refuses a pull_request_target run that checks out the PR's code", () => {
    const wf =
      "on: pull_request_target\npermissions: {}\njobs:\n  j:\n    runs-on: x\n    permissions: {}\n    steps:\n      - uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n";
    expect(check(wf)).toEqual([
      expect.objectContaining({
        line: 10,
        rule: "pull-request-target-checkout",
        message: expect.stringMatching(/use on: pull_request instead/),
      }),
    ]);
  });
});

describe("permissions", () => {
  it("needs job permissions unless the top level grants no write", () => {
    const job = "  j:\n    runs-on: x\n    steps:\n      - run: echo\n";
    expect(rules(`on: push\njobs:\n${job}`)).toEqual(["permissions"]);
    expect(rules(`on: push\npermissions: write-all\njobs:\n${job}`)).toEqual(["permissions", "permissions"]);
    expect(rules(`on: push\npermissions:\n  contents: write\njobs:\n${job}`)).toEqual(["permissions"]);
    expect(rules(`on: push\npermissions:\n  contents: read\n  issues: none\njobs:\n${job}`)).toEqual([]);
    expect(rules(`on: push\npermissions: read-all\njobs:\n${job}`)).toEqual([]);
    expect(
      rules(
        `on: push\njobs:\n  j:\n    permissions:\n      contents: write\n    runs-on: x\n    steps:\n      - run: echo\n`,
      ),
    ).toEqual([]);
  });

  it("isRestrictive", () => {
    expect(isRestrictive(parseBlockYaml("{}", "p"))).toBe(true);
    expect(isRestrictive(parseBlockYaml("pull-requests: write", "p"))).toBe(false);
    expect(isRestrictive(undefined)).toBe(false);
  });
});

describe("pulumi/actions@v7 inputs", () => {
  const step = (withBlock: string, uses = "pulumi/actions@v7") =>
    `on: push\npermissions: {}\njobs:\n  j:\n    runs-on: x\n    steps:\n      - uses: ${uses}\n${withBlock}`;

  it("accepts every input of the fixture, in block or flow style", () => {
    const all = inputs.map((i) => `          ${i}: x`).join("\n");
    expect(rules(step(`        with:\n${all.replace("command: x", "command: up")}\n`))).toEqual([]);
    expect(
      rules(step("        with: { command: preview, stack-name: prod, comment-on-pr: true }\n")),
    ).toEqual([]);
    expect(rules(step("", "pulumi/actions@v7.0.0"))).toEqual([]);
  });

  it("refuses an unknown input (flow style too), an unknown command and another major version", () => {
    expect(check(step("        with: { command: preview, policy-packs: x }\n"))[0].message).toMatch(
      /"policy-packs" .* did you mean "policyPacks"\?/,
    );
    expect(check(step("        with:\n          command: deploy\n"))[0].message).toMatch(
      /sets command "deploy"; pulumi\/actions@v7 runs one of up, update, refresh, destroy, preview, output/,
    );
    expect(rules(step("        with:\n          command: ${{ inputs.command }}\n"))).toEqual([]);
    expect(rules(step("", "pulumi/actions@v5"))).toEqual(["pulumi-action-version"]);
  });

  it("the fixture is pulumi/actions v7.0.0's action.yml inputs", () => {
    const fixture = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "..", "fixtures", "pulumi-actions-v7-inputs.json"), "utf8"),
    );
    expect(fixture.ref).toBe("v7.0.0");
    expect(inputs).toHaveLength(37);
    expect(inputs).toEqual(
      expect.arrayContaining([
        "command",
        "stack-name",
        "cloud-url",
        "comment-on-pr",
        "edit-pr-comment",
        "upsert",
        "remove",
        "config-map",
        "policyPacks",
      ]),
    );
    expect(inputs).not.toContain("configMap");
  });
});

describe("conjuncts and hasForkGuard", () => {
  it("split top-level && only, outside parentheses and quotes", () => {
    expect(conjuncts("${{ a && (b || c) && 'x && y' == d }}")).toEqual(["a", "b||c", "'x&&y'==d"]);
    expect(hasForkGuard(undefined)).toBe(false);
  });
});

it("reports a YAML construct it cannot read as a finding, not a crash", () => {
  expect(check("on: push\njobs: &j\n  a: 1\n")).toEqual([expect.objectContaining({ rule: "yaml", line: 2 })]);
});
