// Applying a PR stack's config: plain values in one `config set-all --json`, each secret through
// stdin (never on the command line), keys dropped from the template removed from the stack.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyConfig, configSteps } from "../../scripts/pr-stack";
import { RunPulumi, plainConfigJson, stackFileKeys } from "../../scripts/pr-stack/pulumi-config";
import { StackConfigMap } from "../../scripts/pr-stack/template";

const config: StackConfigMap = {
  platform: { value: "railway", secret: false },
  extraCallbackUrls: { value: ["http://localhost:4321/callback"], secret: false },
  appwriteOrganizationApiKey: { value: "org key with spaces & 'quotes'", secret: true },
};

function recorder(stdout: (args: string[]) => string = () => "") {
  const calls: { args: string[]; stdin?: string; cwd: string }[] = [];
  const run: RunPulumi = (args, { cwd, stdin }) => {
    calls.push({ args, stdin, cwd });
    return { status: 0, stdout: stdout(args), stderr: "" };
  };
  return { calls, run };
}

describe("configSteps", () => {
  it("selects (creating) the stack, sets plain values at once and each secret from stdin", () => {
    const steps = configSteps("pr-7", config, {
      create: true,
      secretSource: () => "$APPWRITE_ORGANIZATION_API_KEY",
    });
    expect(steps.map((s) => s.args.slice(0, 3))).toEqual([
      ["stack", "select", "--create"],
      ["config", "set-all", "--stack"],
      ["config", "set", "--stack"],
    ]);
    const secretStep = steps[2];
    expect(secretStep.args).toEqual([
      "config",
      "set",
      "--stack",
      "pr-7",
      "--secret",
      "pocket-id-appwrite:appwriteOrganizationApiKey",
    ]);
    expect(secretStep.stdin).toBe("org key with spaces & 'quotes'");
    expect(secretStep.display).toBe(
      "<$APPWRITE_ORGANIZATION_API_KEY> | pulumi config set --stack pr-7 --secret pocket-id-appwrite:appwriteOrganizationApiKey",
    );
  });

  it("never puts a secret in an argument or a displayed command", () => {
    for (const step of configSteps("pr-7", config, { create: true })) {
      expect(step.args.join(" ")).not.toContain("org key");
      expect(step.display).not.toContain("org key");
    }
  });

  it("sends lists as object values, the shape `pulumi config --json` prints", () => {
    expect(plainConfigJson(config)).toEqual({
      "pocket-id-appwrite:platform": { value: "railway", secret: false },
      "pocket-id-appwrite:extraCallbackUrls": {
        value: '["http://localhost:4321/callback"]',
        secret: false,
        objectValue: ["http://localhost:4321/callback"],
      },
    });
  });
});

describe("applyConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-config-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs the steps in the project directory and removes keys the template no longer has", () => {
    fs.writeFileSync(
      path.join(dir, "Pulumi.pr-7.yaml"),
      [
        "encryptionsalt: v1:abc",
        "config:",
        "  pocket-id-appwrite:platform: railway",
        '  pocket-id-appwrite:demoSite: "true"',
        "  pocket-id-appwrite:appwriteOrganizationApiKey:",
        "    secure: v1:xyz",
        "  other:key: kept",
        "",
      ].join("\n"),
    );
    const { calls, run } = recorder();
    applyConfig("pr-7", config, { cwd: dir, run, create: true, exact: true });
    expect(calls.map((c) => c.args.slice(0, 2).join(" "))).toEqual([
      "stack select",
      "config rm-all",
      "config set-all",
      "config set",
    ]);
    expect(calls[1].args).toEqual(["config", "rm-all", "--stack", "pr-7", "pocket-id-appwrite:demoSite"]);
    expect(calls.every((c) => c.cwd === dir)).toBe(true);
    expect(calls[3].stdin).toBe("org key with spaces & 'quotes'");
  });

  it("removes nothing on a fresh checkout (no stack file) or when not exact", () => {
    const { calls, run } = recorder();
    applyConfig("pr-7", config, { cwd: dir, run, create: true, exact: true });
    expect(calls.some((c) => c.args[1] === "rm-all")).toBe(false);
  });

  it("runs nothing with dryRun", () => {
    const { calls, run } = recorder();
    const steps = applyConfig("pr-7", config, { cwd: dir, run, create: true, exact: true, dryRun: true });
    expect(calls).toEqual([]);
    expect(steps[0].display).toBe("pulumi stack select --create pr-7");
  });

  it("fails with the command (secrets elided) and the CLI's last lines", () => {
    const run: RunPulumi = (args) =>
      args[1] === "set"
        ? { status: 255, stdout: "", stderr: "error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE" }
        : { status: 0, stdout: "", stderr: "" };
    expect(() => applyConfig("pr-7", config, { cwd: dir, run, create: true, exact: false })).toThrow(
      /`<the environment> \| pulumi config set --stack pr-7 --secret pocket-id-appwrite:appwriteOrganizationApiKey` failed \(exit 255\):\nerror: passphrase must be set/,
    );
  });
});

describe("stackFileKeys", () => {
  it("reads this project's keys, bare or namespaced, and ignores others", () => {
    expect(
      stackFileKeys(
        "config:\n  pocket-id-appwrite:platform: railway\n  verify: warn\n  aws:region: x\n",
        "Pulumi.pr-1.yaml",
      ),
    ).toEqual(["platform", "verify"]);
    expect(stackFileKeys("encryptionsalt: x\n", "Pulumi.pr-1.yaml")).toEqual([]);
  });
});
