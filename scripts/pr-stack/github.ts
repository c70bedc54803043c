// The two GitHub REST calls the PR workflows need: the state of pull requests (for the sweep) and
// an edit-in-place PR comment. GETs retry on 429/5xx with backoff; POST/PATCH are never retried.
import { PrStackError } from "./errors";
import { PullRequestState } from "./sweep";

export interface GitHubClientOptions {
  token: string;
  /** owner/name */
  repository: string;
  /** https://api.github.com, or GITHUB_API_URL on GitHub Enterprise. */
  apiUrl: string;
  timeoutMs?: number;
  /** How many times a GET is retried after 429/502/503/504 or a network error. */
  retries?: number;
  /** Injected in tests to skip the waiting. */
  sleep?: (ms: number) => Promise<void>;
}

/** GitHub settings from the variables every Actions job has (GITHUB_TOKEN must be passed in explicitly). */
export function githubFromEnv(env: Record<string, string | undefined>): GitHubClientOptions {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token)
    throw new PrStackError(
      "GITHUB_TOKEN is not set; pass it to the step: env: GITHUB_TOKEN: ${{ github.token }}.",
    );
  const repository = env.GITHUB_REPOSITORY;
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new PrStackError(
      `GITHUB_REPOSITORY is ${JSON.stringify(repository ?? null)}; set it to owner/name (GitHub Actions sets it for you).`,
    );
  }
  return { token, repository, apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "") };
}

export class GitHubApiError extends Error {
  constructor(
    public readonly method: string,
    public readonly path: string,
    public readonly status: number,
    detail: string,
    requestId: string | null,
  ) {
    super(
      `GitHub ${method} ${path} failed: ${status} ${detail}${requestId ? ` (request id ${requestId})` : ""}`,
    );
    this.name = "GitHubApiError";
  }
}

const RETRYABLE = new Set([429, 502, 503, 504]);

function retryDelayMs(res: Response | undefined, attempt: number): number {
  const header = res?.headers.get("retry-after");
  const seconds = header !== null && header !== undefined ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  return Math.min(1000 * 2 ** attempt, 15_000);
}

async function request<T>(
  gh: GitHubClientOptions,
  method: "GET" | "POST" | "PATCH",
  path: string,
  body?: unknown,
): Promise<{ status: number; data: T }> {
  const sleep = gh.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = method === "GET" ? 1 + (gh.retries ?? 3) : 1;
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(`${gh.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${gh.token}`,
          accept: "application/vnd.github+json",
          "x-github-api-version": "2022-11-28",
          "user-agent": "pocket-id-appwrite-pr-stack",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(gh.timeoutMs ?? 15_000),
      });
    } catch (e) {
      if (attempt + 1 < attempts) {
        await sleep(retryDelayMs(undefined, attempt));
        continue;
      }
      throw new GitHubApiError(method, path, 0, `network error: ${(e as Error).message}`, null);
    }
    if (RETRYABLE.has(res.status) && attempt + 1 < attempts) {
      await res.body?.cancel();
      await sleep(retryDelayMs(res, attempt));
      continue;
    }
    const text = await res.text();
    if (res.status === 404 && method === "GET") return { status: 404, data: undefined as T };
    if (res.status >= 400) {
      let detail = text.slice(0, 200);
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? detail;
      } catch {
        // not JSON: keep the text
      }
      throw new GitHubApiError(method, path, res.status, detail, res.headers.get("x-github-request-id"));
    }
    return { status: res.status, data: (text === "" ? undefined : JSON.parse(text)) as T };
  }
}

/**
 * The state of each pull request: "open", "closed", "merged", or "missing" when GitHub has no such
 * PR. GitHub answers 404 both for a missing PR and for a token that may not read pull requests, so
 * a listing proves access first: a permission mistake must not read as "every PR is gone".
 */
export async function pullRequestStates(
  numbers: number[],
  gh: GitHubClientOptions,
): Promise<PullRequestState[]> {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  if (unique.length === 0) return [];
  const probe = await request<unknown[]>(gh, "GET", `/repos/${gh.repository}/pulls?state=all&per_page=1`);
  if (probe.status === 404) {
    throw new PrStackError(
      `the token cannot list pull requests of ${gh.repository} (404); give the job "permissions: pull-requests: read" and check GITHUB_REPOSITORY.`,
    );
  }
  const states: PullRequestState[] = [];
  for (const number of unique) {
    const { status, data } = await request<{ state: string; merged_at?: string | null }>(
      gh,
      "GET",
      `/repos/${gh.repository}/pulls/${number}`,
    );
    if (status === 404) states.push({ number, state: "missing" });
    else states.push({ number, state: data.state === "closed" && data.merged_at ? "merged" : data.state });
  }
  return states;
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
}

/**
 * Creates the PR comment that starts with `marker`, or edits it when an earlier run made one.
 * With `updateOnly`, never creates one (a destroy of an environment nobody was told about stays quiet).
 */
export async function upsertComment(
  pr: number,
  body: string,
  marker: string,
  gh: GitHubClientOptions,
  options: { updateOnly?: boolean } = {},
): Promise<{ action: "created" | "updated" | "none"; id?: number; url?: string }> {
  if (!body.startsWith(marker))
    throw new PrStackError(
      `the comment body must start with the marker ${marker}, or later runs could not find it to edit`,
    );
  let existing: IssueComment | undefined;
  for (let page = 1; page <= 30 && !existing; page++) {
    const { status, data } = await request<IssueComment[]>(
      gh,
      "GET",
      `/repos/${gh.repository}/issues/${pr}/comments?per_page=100&page=${page}`,
    );
    if (status === 404)
      throw new PrStackError(`pull request #${pr} was not found in ${gh.repository}; check --pr.`);
    existing = data.find((c) => typeof c.body === "string" && c.body.startsWith(marker));
    if (data.length < 100) break;
  }
  if (existing) {
    const { data } = await request<IssueComment>(
      gh,
      "PATCH",
      `/repos/${gh.repository}/issues/comments/${existing.id}`,
      { body },
    );
    return { action: "updated", id: existing.id, url: data?.html_url };
  }
  if (options.updateOnly) return { action: "none" };
  const { data } = await request<IssueComment>(gh, "POST", `/repos/${gh.repository}/issues/${pr}/comments`, {
    body,
  });
  return { action: "created", id: data.id, url: data.html_url };
}
