import { useContractApi } from "./api";
import { itWithEmulator } from "./target";

const ctx = useContractApi();
const emulatorIt = itWithEmulator("fault injection exists only in the emulator");

describe("the Pocket ID emulator's fault injection and request log", () => {
  afterEach(() => ctx.target.emulator?.clearFaults());

  emulatorIt("answers 429 with Retry-After and Pocket ID's rate_limited body, once by default", async () => {
    ctx.target.emulator!.injectFault({
      method: "GET",
      path: "/api/oidc/clients",
      status: 429,
      retryAfterSeconds: 3,
    });
    const limited = await ctx.api.get("/api/oidc/clients");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.body).toMatchObject({
      code: "rate_limited",
      request_id: limited.headers.get("x-request-id"),
    });
    expect((await ctx.api.get("/api/oidc/clients")).status).toBe(200);
  });

  emulatorIt("fails only the nth matching call", async () => {
    ctx.target.emulator!.injectFault({ path: /^\/api\/users/, status: 500, nth: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ctx.api.get("/api/users")).status);
    expect(statuses).toEqual([200, 500, 200]);
  });

  emulatorIt("fails `times` calls in a row", async () => {
    ctx.target.emulator!.injectFault({ path: "/api/user-groups", status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await ctx.api.get("/api/user-groups")).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  emulatorIt("drops the connection, which the client sees as a network error", async () => {
    ctx.target.emulator!.injectFault({ method: "POST", path: "/api/oidc/clients", dropConnection: true });
    await expect(ctx.api.createClient()).rejects.toThrow();
    expect(ctx.target.emulator!.requests.at(-1)).toMatchObject({ method: "POST", status: 0 });
  });

  emulatorIt("delays an answer without failing it", async () => {
    ctx.target.emulator!.injectFault({ path: "/api/version/current", delayMs: 300 });
    const started = Date.now();
    expect((await ctx.api.get("/api/version/current")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  emulatorIt("leaves /healthz alone unless a rule names it", async () => {
    ctx.target.emulator!.injectFault({ status: 500, times: 10 });
    expect((await ctx.api.get("/healthz", { auth: false })).status).toBe(204);
    ctx.target.emulator!.clearFaults();
    ctx.target.emulator!.injectFault({ path: "/healthz", status: 503 });
    expect((await ctx.api.get("/healthz", { auth: false })).status).toBe(503);
  });

  emulatorIt("records every request, and the mutating ones separately", async () => {
    const emulator = ctx.target.emulator!;
    const before = emulator.requests.length;
    const client = await ctx.api.createClient({ name: "Recorded" });
    await ctx.api.get(`/api/oidc/clients/${client.body.id}?x=1`);
    expect(emulator.requests.slice(before)).toEqual([
      {
        method: "POST",
        path: "/api/oidc/clients",
        query: "",
        status: 201,
        body: expect.objectContaining({ name: "Recorded" }),
      },
      { method: "GET", path: `/api/oidc/clients/${client.body.id}`, query: "x=1", status: 200 },
    ]);
    expect(emulator.mutatingRequests().every((r) => r.method !== "GET")).toBe(true);
  });

  emulatorIt("exposes typed state for out-of-band changes", async () => {
    const emulator = ctx.target.emulator!;
    const client = await ctx.api.createClient({ name: "Out of band" });
    emulator.state.clients.get(client.body.id)!.name = "Changed behind the API";
    expect((await ctx.api.get(`/api/oidc/clients/${client.body.id}`)).body.name).toBe(
      "Changed behind the API",
    );
    emulator.state.clients.delete(client.body.id);
    expect((await ctx.api.get(`/api/oidc/clients/${client.body.id}`)).status).toBe(404);
  });
});
