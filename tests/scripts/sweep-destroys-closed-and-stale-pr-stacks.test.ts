// The sweep destroys a PR stack when its PR is closed, merged or missing, or when it is older than
// the limit; it keeps open PRs' fresh stacks and anything mid-update, and ignores other stacks.
import { parsePrStates, parseStackList, sweepPlan } from "../../scripts/pr-stack";
import { renderSweepSummary } from "../../scripts/pr-stack/sweep";

const now = Date.parse("2026-05-10T12:00:00.000Z");
const daysAgo = (d: number) => new Date(now - d * 24 * 3600 * 1000).toISOString();

describe("sweepPlan", () => {
  const stacks = [
    { name: "prod", lastUpdate: daysAgo(30) },
    { name: "dev" },
    { name: "pr-1", lastUpdate: daysAgo(1) }, // closed
    { name: "pr-2", lastUpdate: daysAgo(1) }, // merged
    { name: "pr-3", lastUpdate: daysAgo(2) }, // open, fresh
    { name: "pr-4", lastUpdate: daysAgo(9) }, // open, stale
    { name: "pr-5", lastUpdate: daysAgo(1) }, // no such PR
    { name: "pr-6", lastUpdate: daysAgo(1) }, // not looked up
    { name: "pr-8", lastUpdate: daysAgo(100), updateInProgress: true }, // closed but running
    { name: "pr-9" }, // open, never updated
    { name: "organization/pocket-id-appwrite/pr-10", lastUpdate: daysAgo(1) }, // closed, qualified name
    { name: "organization/other/pr-11", lastUpdate: daysAgo(100) }, // another project
  ];
  const prs = [
    { number: 1, state: "closed" },
    { number: 2, state: "MERGED" },
    { number: 3, state: "open" },
    { number: 4, state: "OPEN" },
    { number: 5, state: "missing" },
    { number: 8, state: "closed" },
    { number: 9, state: "open" },
    { number: 10, state: "closed" },
    { number: 11, state: "closed" },
  ];
  const plan = sweepPlan(stacks, prs, now, 7);

  it("destroys closed, merged, missing and stale PR stacks, saying why", () => {
    expect(plan.destroy).toEqual([
      { stack: "pr-1", pr: 1, reason: "pull request #1 is closed" },
      { stack: "pr-2", pr: 2, reason: "pull request #2 is merged" },
      {
        stack: "pr-4",
        pr: 4,
        reason:
          "last updated 9.0 days ago, more than the 7-day limit; the PR is still open, so its next push recreates the environment",
      },
      { stack: "pr-5", pr: 5, reason: "there is no pull request #5 in this repository" },
      { stack: "organization/pocket-id-appwrite/pr-10", pr: 10, reason: "pull request #10 is closed" },
    ]);
  });

  it("keeps fresh open PRs, unknown states and running updates", () => {
    expect(plan.keep).toEqual([
      { stack: "pr-3", pr: 3, reason: "pull request #3 is open (last updated 2.0 days ago)" },
      {
        stack: "pr-6",
        pr: 6,
        reason: "the state of pull request #6 is unknown (not looked up) (last updated 1.0 days ago)",
      },
      { stack: "pr-8", pr: 8, reason: "an update is running now; the next sweep looks again" },
      { stack: "pr-9", pr: 9, reason: "pull request #9 is open (never updated)" },
    ]);
  });

  it("never touches prod, dev or another project's stacks", () => {
    const all = [...plan.destroy, ...plan.keep].map((e) => e.stack);
    expect(all).not.toContain("prod");
    expect(all).not.toContain("dev");
    expect(all).not.toContain("organization/other/pr-11");
  });

  it("destroys a stack exactly past the limit, not one just inside it", () => {
    const edge = sweepPlan(
      [
        { name: "pr-1", lastUpdate: daysAgo(7) },
        { name: "pr-2", lastUpdate: daysAgo(7.01) },
      ],
      [],
      now,
      7,
    );
    expect(edge.destroy.map((e) => e.pr)).toEqual([2]);
  });

  it("refuses a limit that is not a positive number and a lastUpdate that is not a date", () => {
    expect(() => sweepPlan([], [], now, 0)).toThrow(/--max-age-days is 0; give a number of days above 0/);
    expect(() => sweepPlan([], [], now, NaN)).toThrow(/--max-age-days/);
    expect(() => sweepPlan([{ name: "pr-1", lastUpdate: "yesterday" }], [], now, 7)).toThrow(
      /stack pr-1 has lastUpdate "yesterday", which is not a date/,
    );
  });

  it("summarises the plan as a Markdown table", () => {
    const md = renderSweepSummary(plan, 7);
    expect(md).toContain("5 to destroy, 4 kept (limit 7 days).");
    expect(md).toContain("| `pr-1` | destroy | pull request #1 is closed |");
    expect(renderSweepSummary({ destroy: [], keep: [] }, 7)).toContain("No PR stacks found");
  });
});

describe("input files", () => {
  it("reads `pulumi stack ls --json` as printed by the CLI", () => {
    const printed = [
      {
        name: "pr-7",
        current: false,
        lastUpdate: "2026-05-04T08:45:11.000Z",
        updateInProgress: false,
        resourceCount: 14,
      },
      { name: "prod", current: true },
    ];
    expect(parseStackList(printed, "stacks.json")).toEqual([
      { name: "pr-7", lastUpdate: "2026-05-04T08:45:11.000Z", updateInProgress: false, resourceCount: 14 },
      { name: "prod", lastUpdate: undefined, updateInProgress: false, resourceCount: undefined },
    ]);
  });

  it("names the file and the fix when the shape is wrong", () => {
    expect(() => parseStackList({}, "stacks.json")).toThrow(
      /stacks.json is not a JSON list; write it with `pulumi stack ls --json > stacks.json`/,
    );
    expect(() => parseStackList([{}], "stacks.json")).toThrow(/stacks.json\[0\] has no "name"/);
    expect(() => parsePrStates([{ number: "7", state: "open" }], "prs.json")).toThrow(
      /prs.json\[0\] is not \{"number": <int>/,
    );
    expect(parsePrStates([{ number: 7, state: "OPEN", title: "x" }], "prs.json")).toEqual([
      { number: 7, state: "OPEN" },
    ]);
  });
});
