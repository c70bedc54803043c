// The CLI the workflows call: each command's output, and errors that name the bad argument and the fix.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliIo, main } from "../../scripts/pr-stack/cli";
import { RunPulumi } from "../../scripts/pr-stack/pulumi-config";

function io(env: Record<string, string | undefined> = {}, runPulumi?: RunPulumi) {
  const out = { stdout: "", stderr: "", pulumi: [] as { args: string[]; stdin?: string }[] };
  const cli: CliIo = {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    env,
    runPulumi:
      runPulumi ??
      ((args, { stdin }) => {
        out.pulumi.push({ args, stdin });
        return { status: 0, stdout: "", stderr: "" };
      }),
    now: () => new Date("2026-05-10T12:00:00Z"),
  };
  return { cli, out };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-stack-cli-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
};

describe("name", () => {
  it("prints the stack name", async () => {
    const { cli, out } = io();
    expect(await main(["name", "7"], cli)).toBe(0);
    expect(out.stdout).toBe("pr-7\n");
  });

  it.each([
    [["name"], /name takes exactly one argument, the pull-request number \(e\.g\. name 7\); got 0/],
    [["name", "abc"], /the pull-request number is "abc", not a positive whole number/],
    [["name", "7", "--verbose"], /name: unknown option --verbose\. Options of name: none/],
    [["frobnicate"], /unknown command "frobnicate"\. Commands: name, config/],
  ])("%j fails with exit 2 and says why", async (argv, message) => {
    const { cli, out } = io();
    expect(await main(argv as string[], cli)).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});

describe("config", () => {
  const env = {
    POCKET_ID_ADMIN_EMAIL: "a@example.com",
    APPWRITE_ENDPOINT: "https://aw.example.com/v1",
    APPWRITE_ORGANIZATION_ID: "org",
    APPWRITE_ORGANIZATION_API_KEY: "org-secret",
  };

  it("--dry-run prints the commands, with the secret replaced by its variable", async () => {
    const { cli, out } = io(env);
    expect(await main(["config", "7", "--dry-run"], cli)).toBe(0);
    expect(out.pulumi).toEqual([]);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe("pulumi stack select --create pr-7");
    expect(lines[1]).toMatch(
      /^pulumi config set-all --stack pr-7 --json '\{.*"pocket-id-appwrite:oidcClientId":\{"value":"appwrite-pr-7"/,
    );
    expect(lines[2]).toBe(
      "<$APPWRITE_ORGANIZATION_API_KEY> | pulumi config set --stack pr-7 --secret pocket-id-appwrite:appwriteOrganizationApiKey",
    );
    expect(out.stdout + out.stderr).not.toContain("org-secret");
    expect(out.stderr).toContain("pr-7: Appwrite: the stack creates its own project in organization org");
  });

  it("runs the CLI in --cwd with the secret on stdin", async () => {
    const { cli, out } = io(env);
    expect(await main(["config", "7", "--cwd", dir], cli)).toBe(0);
    expect(out.pulumi.map((c) => c.args.slice(0, 2).join(" "))).toEqual([
      "stack select",
      "config set-all",
      "config set",
    ]);
    expect(out.pulumi[2].stdin).toBe("org-secret");
  });

  it("takes another template with --template", async () => {
    const template = file(
      "t.yaml",
      "config:\n  pocket-id-appwrite:platform: external\n  pocket-id-appwrite:extraCallbackUrls: [http://localhost:4321/callback]\n",
    );
    const { cli, out } = io({ POCKET_ID_URL: "http://127.0.0.1:1411", POCKET_ID_API_KEY: "k".repeat(32) });
    expect(await main(["config", "7", "--template", template, "--dry-run"], cli)).toBe(0);
    expect(out.stdout).toContain('"pocket-id-appwrite:platform":{"value":"external"');
    expect(out.stdout).toContain(
      "<$POCKET_ID_API_KEY> | pulumi config set --stack pr-7 --secret pocket-id-appwrite:pocketIdApiKey",
    );
  });

  it("names a missing template and a missing variable", async () => {
    let r = io(env);
    expect(await main(["config", "7", "--template", path.join(dir, "nope.yaml")], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/--template .*nope\.yaml does not exist/);
    r = io({});
    expect(await main(["config", "7"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/Set the repository variable POCKET_ID_ADMIN_EMAIL/);
    r = io(env);
    expect(await main(["config", "7", "--template"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/config: --template needs a value/);
  });

  it("reports a failing Pulumi CLI with exit 2 and its message", async () => {
    const { cli, out } = io(env, () => ({ status: 255, stdout: "", stderr: "error: no backend" }));
    expect(await main(["config", "7", "--cwd", dir], cli)).toBe(2);
    expect(out.stderr).toMatch(/`pulumi stack select --create pr-7` failed \(exit 255\):\nerror: no backend/);
  });
});

describe("secrets", () => {
  it("sets prod's secrets from the environment through stdin", async () => {
    const { cli, out } = io({ APPWRITE_API_KEY: "prod-key" });
    expect(await main(["secrets", "--stack", "prod", "--cwd", dir], cli)).toBe(0);
    expect(out.pulumi).toEqual([
      { args: ["stack", "select", "prod"], stdin: undefined },
      {
        args: ["config", "set", "--stack", "prod", "--secret", "pocket-id-appwrite:appwriteApiKey"],
        stdin: "prod-key",
      },
    ]);
  });

  it("refuses a PR stack and a missing --stack", async () => {
    let r = io();
    expect(await main(["secrets", "--stack", "pr-7"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/a PR stack gets its whole config from `config 7`/);
    r = io();
    expect(await main(["secrets"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/secrets: --stack is required, e\.g\. --stack prod/);
  });
});

describe("sweep-plan", () => {
  it("prints the plan and writes the matrix to $GITHUB_OUTPUT", async () => {
    const stacks = file("stacks.json", [
      { name: "pr-1", lastUpdate: "2026-05-09T00:00:00.000Z" },
      { name: "pr-2", lastUpdate: "2026-05-09T00:00:00.000Z" },
      { name: "prod" },
    ]);
    const prs = file("prs.json", [
      { number: 1, state: "closed" },
      { number: 2, state: "open" },
    ]);
    const output = file("github-output", "");
    const summary = file("summary.md", "");
    const { cli, out } = io({ GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary });
    expect(
      await main(
        ["sweep-plan", "--stacks", stacks, "--prs", prs, "--max-age-days", "7", "--github-output"],
        cli,
      ),
    ).toBe(0);
    expect(JSON.parse(out.stdout).destroy).toEqual([
      { stack: "pr-1", pr: 1, reason: "pull request #1 is closed" },
    ]);
    expect(fs.readFileSync(output, "utf8")).toBe("destroy=[1]\ncount=1\n");
    expect(fs.readFileSync(summary, "utf8")).toContain("| `pr-1` | destroy | pull request #1 is closed |");
    expect(out.stderr).toContain("pr-stack: keep pr-2: pull request #2 is open");
  });

  it("uses --now instead of the clock", async () => {
    const stacks = file("stacks.json", [{ name: "pr-2", lastUpdate: "2026-05-09T00:00:00.000Z" }]);
    const prs = file("prs.json", [{ number: 2, state: "open" }]);
    const { cli, out } = io();
    expect(
      await main(
        [
          "sweep-plan",
          "--stacks",
          stacks,
          "--prs",
          prs,
          "--max-age-days",
          "7",
          "--now",
          "2026-06-01T00:00:00Z",
        ],
        cli,
      ),
    ).toBe(0);
    expect(JSON.parse(out.stdout).destroy.map((e: { pr: number }) => e.pr)).toEqual([2]);
  });

  it.each([
    [
      ["--prs", "p.json", "--max-age-days", "7"],
      /sweep-plan: --stacks is required, e\.g\. --stacks stacks\.json/,
    ],
    [
      ["--stacks", "MISSING", "--prs", "MISSING", "--max-age-days", "7"],
      /--stacks MISSING cannot be read \(ENOENT\)/,
    ],
    [
      ["--stacks", "S", "--prs", "P", "--max-age-days", "seven"],
      /--max-age-days is "seven"; give a number of days above 0/,
    ],
    [["--stacks", "S", "--prs", "P", "--max-age-days", "7", "--now", "soon"], /--now is "soon", not a time/],
  ])("%j names the argument", async (args, message) => {
    const stacks = file("S", []);
    const prs = file("P", []);
    const argv = (args as string[]).map((a) =>
      a === "S" ? stacks : a === "P" ? prs : a === "MISSING" ? path.join(dir, "missing.json") : a,
    );
    const { cli, out } = io();
    expect(await main(["sweep-plan", ...argv], cli)).toBe(2);
    expect(out.stderr.replace(path.join(dir, "missing.json"), "MISSING")).toMatch(message);
  });

  it("--github-output outside a workflow says to drop the flag", async () => {
    const { cli, out } = io();
    expect(
      await main(
        [
          "sweep-plan",
          "--stacks",
          file("S", []),
          "--prs",
          file("P", []),
          "--max-age-days",
          "7",
          "--github-output",
        ],
        cli,
      ),
    ).toBe(2);
    expect(out.stderr).toMatch(/--github-output needs GITHUB_OUTPUT/);
  });
});

describe("comment", () => {
  it("renders from `pulumi stack output --json`", async () => {
    const outputs = file("outputs.json", {
      pocketIdUrl: "https://id.example.com",
      adminLoginUrl: "[secret]",
    });
    const { cli, out } = io();
    expect(await main(["comment", "--pr", "7", "--outputs", outputs, "--commit", "abcdef1234"], cli)).toBe(0);
    expect(out.stdout).toContain("### PR environment `pr-7` is ready for abcdef1");
    expect(out.stdout).toContain("| Pocket ID | https://id.example.com |");
  });

  it("needs --outputs when ready, not when failed or destroyed, and checks --status", async () => {
    let r = io();
    expect(await main(["comment", "--pr", "7"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(
      /needs --outputs <file>, written by `pulumi stack output --json --stack pr-7 > outputs\.json`/,
    );
    r = io();
    expect(await main(["comment", "--pr", "7", "--status", "destroyed"], r.cli)).toBe(0);
    r = io();
    expect(await main(["comment", "--pr", "7", "--status", "gone"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/--status is "gone"; use ready, failed or destroyed/);
    r = io();
    expect(await main(["comment", "--pr", "x", "--status", "failed"], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/--pr is "x"/);
    r = io();
    expect(await main(["comment", "--pr", "7", "--outputs", file("o.json", [1])], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/is not a JSON object of stack outputs/);
  });
});

describe("post-comment and pr-states", () => {
  it("name the missing GitHub settings", async () => {
    let r = io({});
    expect(await main(["post-comment", "--pr", "7", "--body-file", file("c.md", "x")], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/GITHUB_TOKEN is not set/);
    r = io({});
    expect(await main(["post-comment", "--pr", "7", "--body-file", path.join(dir, "none.md")], r.cli)).toBe(
      2,
    );
    expect(r.out.stderr).toMatch(
      /--body-file .*none\.md does not exist; render it first with: pr-stack\.ts comment --pr 7/,
    );
    r = io({});
    expect(await main(["pr-states", "--stacks", file("s.json", [{ name: "pr-1" }])], r.cli)).toBe(2);
    expect(r.out.stderr).toMatch(/GITHUB_TOKEN is not set/);
  });
});
