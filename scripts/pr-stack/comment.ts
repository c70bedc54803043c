// The PR comment that tells reviewers where a PR environment is. Only listed, non-secret outputs
// are ever rendered, so a secret output cannot reach the comment even if it were unmasked.

/** Marks the comment so later runs edit it in place instead of adding another. */
export const COMMENT_MARKER = "<!-- pocket-id-appwrite:pr-environment -->";

export type EnvironmentStatus = "ready" | "failed" | "destroyed";

export interface CommentContext {
  /** The stack, e.g. pr-7. */
  stack: string;
  status?: EnvironmentStatus;
  /** Link to the workflow run. */
  runUrl?: string;
  /** The commit the environment was built from. */
  commit?: string;
}

/** The outputs shown, in order, with their labels; everything else (secrets included) is left out. */
const SHOWN: { key: string; label: string }[] = [
  { key: "pocketIdUrl", label: "Pocket ID" },
  { key: "appwriteRedirectUri", label: "Appwrite redirect URI" },
  { key: "siteUrl", label: "Demo site" },
  { key: "oidcClientId", label: "OIDC client id" },
  { key: "pocketIdVersion", label: "Pocket ID version" },
];

const SAFE_URL = /^https?:\/\/[^\s<>()[\]|`"']+$/;

function cell(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "" || value === "[secret]") return undefined;
  if (SAFE_URL.test(value)) return value;
  // Anything else is shown as code, with the characters that could break out of it removed.
  return "`" + value.replace(/[`|\r\n]/g, " ").slice(0, 200) + "`";
}

/**
 * The comment body for a PR environment, from its stack outputs (`pulumi stack output --json` or
 * the pulumi/actions step outputs): the Pocket ID URL, the Appwrite redirect URI, the demo site and
 * the post-deploy checks, never a secret.
 */
export function renderComment(outputs: Record<string, unknown>, context: CommentContext): string {
  const status = context.status ?? "ready";
  const stack = "`" + context.stack.replace(/`/g, "") + "`";
  const lines = [COMMENT_MARKER];
  const run = context.runUrl && SAFE_URL.test(context.runUrl) ? ` ([run](${context.runUrl}))` : "";
  const commit =
    context.commit && /^[0-9a-f]{7,40}$/i.test(context.commit) ? ` for ${context.commit.slice(0, 7)}` : "";

  if (status === "destroyed") {
    lines.push(
      `### PR environment ${stack} was destroyed`,
      "",
      `The pull request was closed, so its stack and everything it created were removed${run}.`,
    );
    return lines.join("\n") + "\n";
  }
  if (status === "failed") {
    lines.push(
      `### PR environment ${stack} failed to update${commit}`,
      "",
      `\`pulumi up\` failed${run}; the previous environment, if any, is left as it was. Push a fix to retry.`,
    );
    return lines.join("\n") + "\n";
  }

  lines.push(`### PR environment ${stack} is ready${commit}`, "", "| | |", "|---|---|");
  for (const { key, label } of SHOWN) {
    const value = cell(outputs[key]);
    lines.push(`| ${label} | ${value ?? "—"} |`);
  }
  const checks = outputs.checks;
  if (checks && typeof checks === "object" && !Array.isArray(checks)) {
    const results = Object.entries(checks as Record<string, unknown>)
      .filter(([, v]) => typeof v === "string")
      .map(
        ([k, v]) =>
          `${k.replace(/[^A-Za-z0-9_-]/g, "")}: ${(v as string).replace(/[`|\r\n]/g, " ").slice(0, 120)}`,
      );
    if (results.length > 0) lines.push(`| Checks | ${results.join("<br>")} |`);
  }
  lines.push(
    "",
    `Updated${run}. The one-time admin login link is a secret output: \`pulumi stack output adminLoginUrl --show-secrets --stack ${context.stack}\` (needs the PR backend and passphrase).`,
    "The environment is destroyed when this pull request closes.",
  );
  return lines.join("\n") + "\n";
}
