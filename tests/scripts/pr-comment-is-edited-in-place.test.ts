// The GitHub side, against a fake API on 127.0.0.1: the environment comment is created once and
// edited afterwards; PR states come from GET /pulls/<n> once listing proves access; GETs retry on 429/5xx, writes never do.
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { COMMENT_MARKER, pullRequestStates, upsertComment } from "../../scripts/pr-stack";
import { GitHubClientOptions, githubFromEnv } from "../../scripts/pr-stack/github";

interface Comment {
  id: number;
  body: string;
}

class FakeGitHub {
  comments: Comment[] = [];
  pulls = new Map<number, { state: string; merged_at: string | null }>();
  requests: { method: string; url: string; auth?: string; body?: string }[] = [];
  canReadPulls = true;
  /** Status codes to answer, in order, before behaving normally (only to `method` when given). */
  faults: { status: number; retryAfter?: string; method?: string }[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<GitHubClientOptions> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    const { port } = this.server.address() as AddressInfo;
    return {
      token: "test-token",
      repository: "octo/repo",
      apiUrl: `http://127.0.0.1:${port}`,
      sleep: async () => undefined,
    };
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      this.requests.push({
        method: req.method!,
        url: req.url!,
        auth: req.headers.authorization,
        body: body || undefined,
      });
      const send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          "content-type": "application/json",
          "x-github-request-id": "REQ-1",
          ...headers,
        });
        res.end(data === undefined ? "" : JSON.stringify(data));
      };
      const fault =
        this.faults[0] && (!this.faults[0].method || this.faults[0].method === req.method)
          ? this.faults.shift()
          : undefined;
      if (fault)
        return send(
          fault.status,
          { message: "try later" },
          fault.retryAfter ? { "retry-after": fault.retryAfter } : {},
        );
      const url = new URL(req.url!, "http://x");
      let m: RegExpExecArray | null;
      if (req.method === "GET" && url.pathname === "/repos/octo/repo/pulls") {
        return this.canReadPulls
          ? send(200, [...this.pulls.keys()].slice(0, 1))
          : send(404, { message: "Not Found" });
      }
      if (req.method === "GET" && (m = /^\/repos\/octo\/repo\/pulls\/(\d+)$/.exec(url.pathname))) {
        const pr = this.pulls.get(Number(m[1]));
        return pr ? send(200, pr) : send(404, { message: "Not Found" });
      }
      if (req.method === "GET" && /^\/repos\/octo\/repo\/issues\/7\/comments$/.test(url.pathname)) {
        const page = Number(url.searchParams.get("page") ?? 1);
        const per = Number(url.searchParams.get("per_page") ?? 30);
        return send(200, this.comments.slice((page - 1) * per, page * per));
      }
      if (req.method === "POST" && url.pathname === "/repos/octo/repo/issues/7/comments") {
        const c = { id: 1000 + this.comments.length, body: JSON.parse(body).body };
        this.comments.push(c);
        return send(201, { ...c, html_url: `https://github.com/octo/repo/pull/7#issuecomment-${c.id}` });
      }
      if (
        req.method === "PATCH" &&
        (m = /^\/repos\/octo\/repo\/issues\/comments\/(\d+)$/.exec(url.pathname))
      ) {
        const c = this.comments.find((x) => x.id === Number(m![1]))!;
        c.body = JSON.parse(body).body;
        return send(200, c);
      }
      send(404, { message: "Not Found" });
    });
  }
}

let fake: FakeGitHub;
let gh: GitHubClientOptions;
beforeEach(async () => {
  fake = new FakeGitHub();
  gh = await fake.start();
});
afterEach(() => fake.stop());

describe("upsertComment", () => {
  it("creates the comment once, then edits it in place", async () => {
    fake.comments.push({ id: 1, body: "#### :tropical_drink: `preview` on pocket-id-appwrite/prod" });
    const first = await upsertComment(7, `${COMMENT_MARKER}\nfirst`, COMMENT_MARKER, gh);
    const second = await upsertComment(7, `${COMMENT_MARKER}\nsecond`, COMMENT_MARKER, gh);
    expect(first.action).toBe("created");
    expect(second).toMatchObject({ action: "updated", id: first.id });
    expect(fake.comments.map((c) => c.body)).toEqual([
      "#### :tropical_drink: `preview` on pocket-id-appwrite/prod",
      `${COMMENT_MARKER}\nsecond`,
    ]);
    expect(fake.requests.every((r) => r.auth === "Bearer test-token")).toBe(true);
  });

  it("finds its comment past the first page and ignores a quote of it", async () => {
    for (let i = 0; i < 100; i++)
      fake.comments.push({ id: i + 1, body: i === 50 ? `> ${COMMENT_MARKER} quoted` : `comment ${i}` });
    fake.comments.push({ id: 500, body: `${COMMENT_MARKER}\nold` });
    const result = await upsertComment(7, `${COMMENT_MARKER}\nnew`, COMMENT_MARKER, gh);
    expect(result).toMatchObject({ action: "updated", id: 500 });
  });

  it("with updateOnly, edits an existing comment but never creates one", async () => {
    expect(
      await upsertComment(7, `${COMMENT_MARKER}\ngone`, COMMENT_MARKER, gh, { updateOnly: true }),
    ).toEqual({ action: "none" });
    expect(fake.comments).toEqual([]);
  });

  it("retries a GET on 502 and 429 (Retry-After)", async () => {
    fake.faults.push({ status: 502 }, { status: 429, retryAfter: "1" });
    await upsertComment(7, `${COMMENT_MARKER}\nx`, COMMENT_MARKER, gh);
    expect(fake.comments).toHaveLength(1);
    expect(fake.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET", "POST"]);
  });

  it("never retries a POST: a 502 may have created the comment already", async () => {
    fake.faults.push({ status: 502, method: "POST" });
    await expect(upsertComment(7, `${COMMENT_MARKER}\ny`, COMMENT_MARKER, gh)).rejects.toThrow(
      /GitHub POST \/repos\/octo\/repo\/issues\/7\/comments failed: 502/,
    );
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("reports status, message and request id of a failure", async () => {
    fake.faults.push({ status: 403 });
    await expect(upsertComment(7, `${COMMENT_MARKER}\nx`, COMMENT_MARKER, gh)).rejects.toThrow(
      /GitHub GET \/repos\/octo\/repo\/issues\/7\/comments\?per_page=100&page=1 failed: 403 try later \(request id REQ-1\)/,
    );
  });

  it("refuses a body without the marker", async () => {
    await expect(upsertComment(7, "no marker", COMMENT_MARKER, gh)).rejects.toThrow(
      /must start with the marker/,
    );
  });
});

describe("pullRequestStates", () => {
  it("says open, closed, merged, or missing for a PR that does not exist", async () => {
    fake.pulls.set(1, { state: "open", merged_at: null });
    fake.pulls.set(2, { state: "closed", merged_at: null });
    fake.pulls.set(3, { state: "closed", merged_at: "2026-05-01T00:00:00Z" });
    expect(await pullRequestStates([3, 1, 2, 4, 1], gh)).toEqual([
      { number: 1, state: "open" },
      { number: 2, state: "closed" },
      { number: 3, state: "merged" },
      { number: 4, state: "missing" },
    ]);
  });

  it("gives up after the retry budget with the status", async () => {
    fake.faults.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await expect(pullRequestStates([1], gh)).rejects.toThrow(
      /GitHub GET \/repos\/octo\/repo\/pulls\?state=all&per_page=1 failed: 503/,
    );
    expect(fake.requests).toHaveLength(4);
  });

  it("refuses to call PRs missing when the token cannot read pull requests at all", async () => {
    fake.canReadPulls = false;
    await expect(pullRequestStates([1, 2], gh)).rejects.toThrow(
      /the token cannot list pull requests of octo\/repo \(404\); give the job "permissions: pull-requests: read"/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("asks nothing when there are no PR stacks", async () => {
    expect(await pullRequestStates([], gh)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe("githubFromEnv", () => {
  it("needs a token and owner/name, and names the variable", () => {
    expect(() => githubFromEnv({ GITHUB_REPOSITORY: "o/r" })).toThrow(
      /GITHUB_TOKEN is not set; pass it to the step/,
    );
    expect(() => githubFromEnv({ GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "nope" })).toThrow(
      /GITHUB_REPOSITORY is "nope"/,
    );
    expect(
      githubFromEnv({
        GITHUB_TOKEN: "t",
        GITHUB_REPOSITORY: "o/r",
        GITHUB_API_URL: "https://ghe.example.com/api/v3/",
      }),
    ).toEqual({
      token: "t",
      repository: "o/r",
      apiUrl: "https://ghe.example.com/api/v3",
    });
  });
});
