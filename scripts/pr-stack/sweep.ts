// Which leftover PR stacks the scheduled sweep destroys, and why. Pure: the workflow lists the
// stacks and asks GitHub for the PRs' states, this decides, and the workflow destroys what it says.
import { PrStackError } from "./errors";
import { isPrStack, prNumberOf } from "./names";

/** One entry of `pulumi stack ls --json`. */
export interface StackSummary {
  name: string;
  /** RFC 5424 time of the last update, e.g. "2026-05-04T08:45:11.000Z"; absent when never updated. */
  lastUpdate?: string;
  /** Set by backends that report progress; true while an update runs. */
  updateInProgress?: boolean;
  resourceCount?: number;
}

/** A pull request's state: GitHub's "open" / "closed" (gh also says "merged"), or "missing" when it does not exist. */
export interface PullRequestState {
  number: number;
  state: string;
}

export interface SweepEntry {
  stack: string;
  pr: number;
  reason: string;
}

export interface SweepPlan {
  destroy: SweepEntry[];
  keep: SweepEntry[];
}

const DAY_MS = 24 * 3600 * 1000;

function days(ms: number): string {
  const d = ms / DAY_MS;
  return d < 1 ? `${Math.round(ms / 3600_000)} h` : `${d.toFixed(1)} days`;
}

/**
 * Decides, for every PR stack in `stacks`, whether to destroy it: its PR is closed, merged or does
 * not exist, or its last update is older than `maxAgeDays` (an open PR's next push recreates it).
 * A stack with an update running is always kept. Stacks that are not PR stacks are ignored.
 */
export function sweepPlan(
  stacks: StackSummary[],
  prs: PullRequestState[],
  now: Date | number,
  maxAgeDays: number,
): SweepPlan {
  if (!(typeof maxAgeDays === "number" && Number.isFinite(maxAgeDays) && maxAgeDays > 0)) {
    throw new PrStackError(
      `--max-age-days is ${JSON.stringify(maxAgeDays)}; give a number of days above 0, e.g. 7.`,
    );
  }
  const nowMs = typeof now === "number" ? now : now.getTime();
  if (!Number.isFinite(nowMs))
    throw new PrStackError(
      `the current time is not a valid date; pass --now as an ISO time, e.g. 2026-05-04T08:00:00Z.`,
    );
  const stateOf = new Map(prs.map((p) => [p.number, p.state.toLowerCase()]));
  const plan: SweepPlan = { destroy: [], keep: [] };

  for (const stack of stacks) {
    const pr = prNumberOf(stack.name);
    if (pr === undefined || !isPrStack(stack.name)) continue;
    const entry = (reason: string): SweepEntry => ({ stack: stack.name, pr, reason });
    if (stack.updateInProgress) {
      plan.keep.push(entry("an update is running now; the next sweep looks again"));
      continue;
    }
    let ageMs: number | undefined;
    if (stack.lastUpdate !== undefined && stack.lastUpdate !== "") {
      const t = Date.parse(stack.lastUpdate);
      if (Number.isNaN(t)) {
        throw new PrStackError(
          `stack ${stack.name} has lastUpdate "${stack.lastUpdate}", which is not a date; pass the output of \`pulumi stack ls --json\` unchanged.`,
        );
      }
      ageMs = Math.max(0, nowMs - t);
    }
    const state = stateOf.get(pr);
    const age = ageMs === undefined ? "never updated" : `last updated ${days(ageMs)} ago`;
    if (state === "closed" || state === "merged") {
      plan.destroy.push(entry(`pull request #${pr} is ${state}`));
    } else if (state === "missing") {
      plan.destroy.push(entry(`there is no pull request #${pr} in this repository`));
    } else if (ageMs !== undefined && ageMs > maxAgeDays * DAY_MS) {
      const open =
        state === "open" ? "; the PR is still open, so its next push recreates the environment" : "";
      plan.destroy.push(entry(`${age}, more than the ${maxAgeDays}-day limit${open}`));
    } else if (state === "open") {
      plan.keep.push(entry(`pull request #${pr} is open (${age})`));
    } else {
      plan.keep.push(
        entry(
          `the state of pull request #${pr} is ${state === undefined ? "unknown (not looked up)" : `"${state}"`} (${age})`,
        ),
      );
    }
  }
  const byPr = (a: SweepEntry, b: SweepEntry) => a.pr - b.pr;
  plan.destroy.sort(byPr);
  plan.keep.sort(byPr);
  return plan;
}

/** Validates the parsed output of `pulumi stack ls --json`; `source` names the file in errors. */
export function parseStackList(json: unknown, source: string): StackSummary[] {
  if (!Array.isArray(json))
    throw new PrStackError(
      `${source} is not a JSON list; write it with \`pulumi stack ls --json > ${source}\`.`,
    );
  return json.map((s: unknown, i: number) => {
    const o = s as Record<string, unknown>;
    if (typeof o !== "object" || o === null || typeof o.name !== "string") {
      throw new PrStackError(
        `${source}[${i}] has no "name"; write the file with \`pulumi stack ls --json\`.`,
      );
    }
    return {
      name: o.name,
      lastUpdate: typeof o.lastUpdate === "string" ? o.lastUpdate : undefined,
      updateInProgress: o.updateInProgress === true,
      resourceCount: typeof o.resourceCount === "number" ? o.resourceCount : undefined,
    };
  });
}

/** Validates a list of `{number, state}` (what `pr-stack.ts pr-states` or `gh pr list --json number,state` print). */
export function parsePrStates(json: unknown, source: string): PullRequestState[] {
  if (!Array.isArray(json))
    throw new PrStackError(
      `${source} is not a JSON list of {number, state}; write it with \`pr-stack.ts pr-states\`.`,
    );
  return json.map((p: unknown, i: number) => {
    const o = p as Record<string, unknown>;
    if (typeof o !== "object" || o === null || !Number.isInteger(o.number) || typeof o.state !== "string") {
      throw new PrStackError(
        `${source}[${i}] is not {"number": <int>, "state": "open" | "closed"}; write the file with \`pr-stack.ts pr-states\`.`,
      );
    }
    return { number: o.number as number, state: o.state };
  });
}

/** The plan as a Markdown table for $GITHUB_STEP_SUMMARY. */
export function renderSweepSummary(plan: SweepPlan, maxAgeDays: number): string {
  const rows = [
    ...plan.destroy.map((e) => ({ ...e, action: "destroy" })),
    ...plan.keep.map((e) => ({ ...e, action: "keep" })),
  ];
  if (rows.length === 0) return `### PR stack sweep\n\nNo PR stacks found (limit ${maxAgeDays} days).\n`;
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `### PR stack sweep`,
    ``,
    `${plan.destroy.length} to destroy, ${plan.keep.length} kept (limit ${maxAgeDays} days).`,
    ``,
    `| stack | action | why |`,
    `|---|---|---|`,
    ...rows.map((r) => `| \`${r.stack}\` | ${r.action} | ${cell(r.reason)} |`),
    ``,
  ].join("\n");
}
