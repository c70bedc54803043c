// Pull-request stacks are named pr-<number> (design §4); everything that maps PRs to stacks goes through here.
import { PrStackError } from "./errors";

export const PROJECT = "pocket-id-appwrite";
const PR_STACK = /^pr-([1-9]\d*)$/;

/** Parses a pull-request number given as text or number; `what` names the argument in the error. */
export function parsePrNumber(value: unknown, what = "the pull-request number"): number {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new PrStackError(
      `${what} is ${JSON.stringify(value ?? null)}, not a positive whole number. Pass the PR's number, e.g. 7 (in a workflow: \${{ github.event.pull_request.number }}).`,
    );
  }
  return Number(text);
}

/** The stack of pull request `prNumber`: `pr-<n>`. */
export function stackNameFor(prNumber: number | string): string {
  return `pr-${parsePrNumber(prNumber)}`;
}

/** The stack's own name: the last part of `organization/project/stack` (how `pulumi stack ls` may print it). */
export function shortStackName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** The project part of a fully qualified stack name, if it has one. */
export function stackProject(name: string): string | undefined {
  const parts = name.split("/");
  return parts.length === 3 ? parts[1] : undefined;
}

/** Whether `name` is a pull-request stack of this project (`pr-7`, or `org/pocket-id-appwrite/pr-7`). */
export function isPrStack(name: string): boolean {
  const project = stackProject(name);
  if (project !== undefined && project !== PROJECT) return false;
  return PR_STACK.test(shortStackName(name));
}

/** The pull-request number of a PR stack, or undefined when `name` is not one. */
export function prNumberOf(name: string): number | undefined {
  if (!isPrStack(name)) return undefined;
  return Number(PR_STACK.exec(shortStackName(name))![1]);
}
