// The PR environment comment shows where the environment is and how its checks went, and nothing
// else: secret outputs cannot reach it, and odd values cannot break out of the table.
import { COMMENT_MARKER, renderComment } from "../../scripts/pr-stack";

const outputs = {
  pocketIdUrl: "https://pocket-id-pr-7.up.railway.app",
  appwriteRedirectUri: "https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/pr-7-abc",
  siteUrl: "https://pr-7-abc.appwrite.network",
  oidcClientId: "appwrite-pr-7",
  pocketIdVersion: "2.14.0",
  checks: { discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "skipped: no Appwrite" },
  adminLoginUrl: "https://pocket-id-pr-7.up.railway.app/lc/SECRET-TOKEN",
  oidcClientSecret: "super-secret-value",
  pocketIdApiKey: "[secret]",
};

describe("renderComment", () => {
  const body = renderComment(outputs, {
    stack: "pr-7",
    commit: "0123456789abcdef",
    runUrl: "https://github.com/o/r/actions/runs/1",
  });

  it("starts with the marker so later runs edit it in place", () => {
    expect(body.startsWith(COMMENT_MARKER + "\n")).toBe(true);
  });

  it("shows the Pocket ID URL, the Appwrite redirect URI and the site URL", () => {
    expect(body).toContain("### PR environment `pr-7` is ready for 0123456");
    expect(body).toContain("| Pocket ID | https://pocket-id-pr-7.up.railway.app |");
    expect(body).toContain(
      "| Appwrite redirect URI | https://fra.cloud.appwrite.io/v1/account/sessions/oauth2/callback/oidc/pr-7-abc |",
    );
    expect(body).toContain("| Demo site | https://pr-7-abc.appwrite.network |");
    expect(body).toContain(
      "| Checks | discovery: ok<br>authorize: ok<br>clientSecret: ok<br>appwriteRedirect: skipped: no Appwrite |",
    );
    expect(body).toContain("([run](https://github.com/o/r/actions/runs/1))");
  });

  it("never shows a secret output", () => {
    expect(body).not.toContain("SECRET-TOKEN");
    expect(body).not.toContain("super-secret-value");
    expect(body).not.toContain("[secret]");
  });

  it("shows a dash for outputs a stack without Appwrite or demo site lacks", () => {
    const bare = renderComment({ pocketIdUrl: "https://id.example.com" }, { stack: "pr-8" });
    expect(bare).toContain("| Appwrite redirect URI | — |");
    expect(bare).toContain("| Demo site | — |");
  });

  it("keeps odd values inside their cell", () => {
    const odd = renderComment(
      { pocketIdUrl: "javascript:alert(1) | x\n### injected", oidcClientId: "a`b" },
      { stack: "pr-9", runUrl: "javascript:x" },
    );
    expect(odd).toContain("| Pocket ID | `javascript:alert(1)   x ### injected` |");
    expect(odd).toContain("| OIDC client id | `a b` |");
    expect(odd).not.toContain("javascript:x");
  });

  it("has a failed and a destroyed form", () => {
    expect(renderComment({}, { stack: "pr-7", status: "failed", commit: "abcdef1" })).toContain(
      "### PR environment `pr-7` failed to update for abcdef1",
    );
    expect(renderComment({}, { stack: "pr-7", status: "destroyed" })).toContain(
      "### PR environment `pr-7` was destroyed",
    );
  });
});
