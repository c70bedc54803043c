import { useContractApi } from "./api";

const ctx = useContractApi();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("error responses", () => {
  it("carry {error, code, details, request_id} and the same X-Request-ID header", async () => {
    const response = await ctx.api.get("/api/oidc/clients/no-such-client-contract");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: "OIDC client not found",
      code: "not_found",
      details: { resource: "OIDC client" },
      request_id: expect.stringMatching(UUID),
    });
    expect(response.headers.get("x-request-id")).toBe(response.body.request_id);
  });

  it("gives every response a fresh X-Request-ID", async () => {
    const [a, b] = [await ctx.api.get("/healthz", { auth: false }), await ctx.api.get("/api/oidc/clients")];
    expect(a.headers.get("x-request-id")).toMatch(UUID);
    expect(b.headers.get("x-request-id")).toMatch(UUID);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it.each([
    ["a missing key", undefined],
    ["a wrong key", "wrong-key-wrong-key-wrong-key-00"],
  ])("answers %s with 401 not_signed_in", async (_what, key) => {
    const response = await ctx.api.get("/api/oidc/clients", {
      auth: false,
      headers: key ? { "X-API-Key": key } : {},
    });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: "not_signed_in", error: "You are not signed in" });
    expect(response.body).not.toHaveProperty("details");
  });

  it.each([
    ["POST", "/api/oidc/clients"],
    ["GET", "/api/users"],
    ["POST", "/api/user-groups"],
    ["POST", "/api/users/x/one-time-access-token"],
    ["GET", "/api/version/current"],
  ])("protects %s %s", async (method, path) => {
    expect((await ctx.api.call(method, path, { auth: false })).status).toBe(401);
  });

  it("serves client metadata and setup state without a key", async () => {
    const client = await ctx.api.createClient();
    const meta = await ctx.api.get(`/api/oidc/clients/${client.body.id}/meta`, { auth: false });
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual({
      id: client.body.id,
      name: client.body.name,
      description: "",
      hasLogo: false,
      hasDarkLogo: false,
      launchURL: null,
      requiresReauthentication: false,
      clientType: "standard",
    });
    expect([204, 404]).toContain((await ctx.api.get("/api/signup/setup", { auth: false })).status);
  });

  it("requires a JSON content type for bodies (400 invalid_request_body)", async () => {
    const response = await ctx.api.call("POST", "/api/oidc/clients", {
      raw: JSON.stringify({ name: "x" }),
      headers: { "Content-Type": "text/plain" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_request_body", error: "Request body is invalid" });

    const malformed = await ctx.api.call("POST", "/api/oidc/clients", {
      raw: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(malformed.body.code).toBe("invalid_request_body");

    const wrongType = await ctx.api.post("/api/oidc/clients", { name: 42 });
    expect(wrongType.body.code).toBe("invalid_request_body");
  });

  it("lists every invalid field in details.fields, with the message joining them", async () => {
    const response = await ctx.api.post("/api/oidc/clients", {
      description: "d".repeat(151),
      accessTokenDurationMinutes: -5,
    });
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: "name", code: "required", message: "is required" },
      { field: "description", code: "too_long", message: "must be at most 150 characters long" },
      { field: "accessTokenDurationMinutes", code: "token_duration", message: "is invalid" },
    ]);
    expect(response.body.error).toBe(
      "Name is required, description must be at most 150 characters long, accessTokenDurationMinutes is invalid",
    );
  });

  it("answers an unknown API route with 404 and no error code", async () => {
    const response = await ctx.api.get("/api/this-route-does-not-exist");
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toMatch(UUID);
    // The image with the frontend answers {"error":"API endpoint not found"}; an API-only build plain text.
    if (typeof response.body === "object") expect(response.body).toEqual({ error: "API endpoint not found" });
    else expect(response.text).toBe("404 page not found");
  });
});
