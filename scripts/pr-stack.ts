// Pull-request stacks pr-<number>: names, config derived from stack-templates/pr.yaml, the sweep's
// decision and the PR comment, as tested functions; the workflows only call the CLI below.
//
//   node -r ts-node/register/transpile-only scripts/pr-stack.ts <command> ...   (--help for commands)
export { COMMENT_MARKER, renderComment } from "./pr-stack/comment";
export type { CommentContext, EnvironmentStatus } from "./pr-stack/comment";
export { PrStackError } from "./pr-stack/errors";
export { pullRequestStates, upsertComment } from "./pr-stack/github";
export { isPrStack, parsePrNumber, prNumberOf, stackNameFor } from "./pr-stack/names";
export { applyConfig, configSteps } from "./pr-stack/pulumi-config";
export { parsePrStates, parseStackList, sweepPlan } from "./pr-stack/sweep";
export type { PullRequestState, StackSummary, SweepEntry, SweepPlan } from "./pr-stack/sweep";
export { ENV_CONFIG, parseTemplate, prStackConfig } from "./pr-stack/template";
export type { ConfigValue, PrStackTemplate, StackConfigMap } from "./pr-stack/template";
import { main, processIo } from "./pr-stack/cli";

if (require.main === module) {
  main(process.argv.slice(2), processIo).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`pr-stack: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
