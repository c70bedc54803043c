// Pure rules of the Railway client and resources: URLs, token choice, rate-limit arithmetic,
// variable plans, redeploy reasons, log tails.
import { generateKey } from "../../components/pocket-id/generated-key";
import {
  apiUrl,
  parseRateLimit,
  RailwayApiError,
  redactToken,
  resolveRailwayToken,
  retryDelayMs,
} from "../../components/railway/api/http";
import { formatLogTail, redeployReasons } from "../../components/railway/deployment";
import { pickDefaultEnvironment } from "../../components/railway/project";
import { planVariableChanges } from "../../components/railway/variable-collection";
import { waitForVolumeInstance } from "../../components/railway/volume";

test("the API URL always has a query string", () => {
  expect(apiUrl()).toBe("https://backboard.railway.com/graphql/v2?source=pocket-id-appwrite");
  expect(apiUrl("http://127.0.0.1:1/graphql/v2")).toBe(
    "http://127.0.0.1:1/graphql/v2?source=pocket-id-appwrite",
  );
  expect(apiUrl("https://x/graphql/v2?source=mine")).toBe("https://x/graphql/v2?source=mine");
});

test("token: railwayToken, else RAILWAY_API_TOKEN, else RAILWAY_TOKEN", () => {
  expect(resolveRailwayToken("cfg", { RAILWAY_API_TOKEN: "api", RAILWAY_TOKEN: "t" })).toBe("cfg");
  expect(resolveRailwayToken(undefined, { RAILWAY_API_TOKEN: "api", RAILWAY_TOKEN: "t" })).toBe("api");
  expect(resolveRailwayToken("", { RAILWAY_TOKEN: "t" })).toBe("t");
  expect(resolveRailwayToken(undefined, {})).toBeUndefined();
});

test("rate limit headers: Retry-After first, then the reset when nothing remains, else backoff", () => {
  const now = 1_700_000_000_000;
  expect(retryDelayMs(new Headers({ "retry-after": "7" }), 0, 100, now)).toBe(7000);
  const exhausted = new Headers({
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(now / 1000 + 30),
  });
  expect(retryDelayMs(exhausted, 0, 100, now)).toBe(30_000);
  expect(retryDelayMs(new Headers(), 2, 100, now)).toBe(400);
  expect(
    parseRateLimit(
      new Headers({ "x-ratelimit-limit": "100", "x-ratelimit-remaining": "5", "x-ratelimit-reset": "60" }),
      now,
    ),
  ).toEqual({
    limit: 100,
    remaining: 5,
    resetAt: now + 60_000,
  });
});

test("errors name the operation and never carry the token", () => {
  const token = "secret-token-123456";
  const err = new RailwayApiError(
    "projectCreate",
    redactToken(`bad ${token}`, token),
    200,
    "UNAUTHENTICATED",
    "req-1",
  );
  expect(err.message).toBe(
    "Railway API projectCreate failed: bad [redacted] (HTTP 200, code UNAUTHENTICATED, request id req-1)",
  );
  expect(err.isUnauthorized).toBe(true);
  expect(new RailwayApiError("project", "Project not found", 200, undefined, undefined).isNotFound).toBe(
    true,
  );
  expect(
    new RailwayApiError("projectToken", "Project Token not found", 200, undefined, undefined).isNotFound,
  ).toBe(false);
});

test("variable plan: upsert new and changed values only, delete removed names", () => {
  expect(planVariableChanges({ A: "1", B: "2", C: "3" }, { A: "1", B: "20", D: "4" })).toEqual({
    upsert: { B: "20", D: "4" },
    remove: ["C"],
  });
  expect(planVariableChanges({ A: "1" }, { A: "1" })).toEqual({ upsert: {}, remove: [] });
});

test("redeploy reasons: image, health check, variables revision, a deployment that is not SUCCESS", () => {
  const base = { token: "t", environmentId: "e", serviceId: "s", image: "i:1", variablesRevision: 1 };
  expect(redeployReasons({ ...base, status: "SUCCESS" }, base)).toEqual([]);
  expect(
    redeployReasons({ ...base, status: "SUCCESS" }, { ...base, image: "i:2", variablesRevision: 2 }),
  ).toEqual(["image i:1 → i:2", "variables changed"]);
  expect(redeployReasons({ ...base, status: "CRASHED" }, base)).toEqual(["last deployment is CRASHED"]);
});

test("log tail: the last lines, with timestamps", () => {
  const lines = Array.from({ length: 40 }, (_, i) => ({ timestamp: `t${i}`, message: `line ${i}` }));
  const tail = formatLogTail(lines, 3);
  expect(tail).toBe("  t37 line 37\n  t38 line 38\n  t39 line 39");
  expect(formatLogTail([])).toBe("  (no log lines)");
});

test("default environment: by name, else the oldest", () => {
  const project = {
    id: "p",
    name: "p",
    description: null,
    workspaceId: null,
    deletedAt: null,
    environments: [
      { id: "b", name: "staging", createdAt: "2026-02-01" },
      { id: "a", name: "main", createdAt: "2026-01-01" },
    ],
  };
  expect(pickDefaultEnvironment(project, "staging").id).toBe("b");
  expect(pickDefaultEnvironment(project, "production").id).toBe("a");
});

test("generated keys: 32 random bytes, at least 32 characters, different each time", () => {
  const a = generateKey(32, "base64");
  expect(a).toHaveLength(44);
  expect(generateKey(32, "base64url")).toHaveLength(43);
  expect(generateKey(32, "base64")).not.toBe(a);
});

test("waiting for a volume instance gives up after the attempts (the caller then deletes the volume)", async () => {
  const find = jest.fn().mockResolvedValue(undefined);
  await expect(waitForVolumeInstance(find, 3, 1)).resolves.toBeUndefined();
  expect(find).toHaveBeenCalledTimes(3);
  const late = jest.fn().mockResolvedValueOnce(undefined).mockResolvedValue({ id: "vi" });
  await expect(waitForVolumeInstance(late, 3, 1)).resolves.toEqual({ id: "vi" });
});
