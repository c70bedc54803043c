// Runs actionlint (built by scripts/actionlint.sh) and turns its JSON report into findings.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface ActionlintFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

export interface ActionlintResult {
  findings: ActionlintFinding[];
  version: string;
  /** Whether shellcheck was on PATH (actionlint then lints `run:` scripts too). */
  shellcheck: boolean;
}

/** The actionlint binary: $ACTIONLINT, else what scripts/actionlint.sh builds or finds in its cache. */
export function actionlintBinary(repoRoot: string): string {
  const script = path.join(repoRoot, "scripts", "actionlint.sh");
  const result = spawnSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) {
    throw new Error(
      `scripts/actionlint.sh failed (exit ${result.status ?? result.signal}); see its message above`,
    );
  }
  const lines = result.stdout.trim().split("\n");
  return lines[lines.length - 1];
}

/** Whether `command` is an executable somewhere on PATH. */
export function onPath(command: string, envPath = process.env.PATH ?? ""): boolean {
  return envPath.split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** actionlint's `{{json .}}` report (an array of errors) as findings. */
export function parseActionlintJson(stdout: string): ActionlintFinding[] {
  const text = stdout.trim();
  if (text === "" || text === "null") return [];
  const errors = JSON.parse(text) as {
    message: string;
    filepath: string;
    line: number;
    column: number;
    kind: string;
  }[];
  return errors.map((e) => ({
    file: e.filepath,
    line: e.line,
    column: e.column,
    kind: e.kind,
    message: e.message,
  }));
}

/** Lints `files` (paths relative to `cwd`) with actionlint; throws when actionlint itself fails to run. */
export function runActionlint(binary: string, files: string[], cwd: string): ActionlintResult {
  const shellcheck = onPath("shellcheck");
  // An empty -shellcheck= / -pyflakes= says "skip it" explicitly instead of relying on PATH lookups.
  const args = [
    "-format",
    "{{json .}}",
    "-no-color",
    ...(shellcheck ? [] : ["-shellcheck="]),
    "-pyflakes=",
    ...files,
  ];
  const run = spawnSync(binary, args, { cwd, encoding: "utf8" });
  if (run.error) throw new Error(`could not run actionlint at ${binary}: ${run.error.message}`);
  // Exit 0: clean, 1: problems found; anything else is actionlint failing (bad flags, unreadable file).
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`actionlint exited with ${run.status}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  const version = spawnSync(binary, ["-version"], { encoding: "utf8" }).stdout.split("\n")[0].trim();
  return { findings: parseActionlintJson(run.stdout), version, shellcheck };
}
