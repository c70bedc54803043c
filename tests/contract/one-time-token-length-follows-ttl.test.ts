import { useContractApi } from "./api";

const ctx = useContractApi();

describe("one-time access tokens (login codes)", () => {
  it.each([
    [{ ttl: "15m" }, 6],
    [{ ttl: 900 }, 6],
    [{}, 6],
    [{ ttl: "16m" }, 12],
    [{ ttl: "24h" }, 12],
    [{ ttl: 31 * 24 * 3600 }, 12],
  ])("the static API key can issue one; ttl %j gives a %i-character code", async (body, length) => {
    const user = await ctx.api.createUser();
    const response = await ctx.api.post(`/api/users/${user.body.id}/one-time-access-token`, body);
    expect(response.status).toBe(201);
    expect(Object.keys(response.body)).toEqual(["token"]);
    expect(response.body.token).toHaveLength(length);
    expect(response.body.token).toMatch(/^[a-hjkmnp-zA-HJKMNP-Z0-9]+$/);
  });

  it("rejects a ttl beyond 31 days", async () => {
    const user = await ctx.api.createUser();
    const response = await ctx.api.post(`/api/users/${user.body.id}/one-time-access-token`, { ttl: "745h" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "validation_failed",
      details: { fields: [{ field: "ttl" }] },
    });
  });

  it("exchanges a code once for the user's session; an unknown code is 401 token_invalid_or_expired", async () => {
    const user = await ctx.api.createUser();
    const { body } = await ctx.api.post(`/api/users/${user.body.id}/one-time-access-token`, { ttl: "1h" });

    const exchanged = await ctx.api.call("POST", `/api/one-time-access-token/${body.token}`, { auth: false });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.id).toBe(user.body.id);
    expect(exchanged.headers.get("set-cookie")).toMatch(/access_token=/);

    const reused = await ctx.api.call("POST", `/api/one-time-access-token/${body.token}`, { auth: false });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe("token_invalid_or_expired");

    const wrongLength = await ctx.api.call("POST", "/api/one-time-access-token/abc", { auth: false });
    expect(wrongLength.status).toBe(401);
    expect(wrongLength.body.code).toBe("token_invalid_or_expired");
  });

  it("answers 404 user_not_found for an unknown user", async () => {
    const response = await ctx.api.post(
      "/api/users/00000000-0000-4000-8000-000000000001/one-time-access-token",
      {
        ttl: "1h",
      },
    );
    expect(response.status).toBe(404);
    expect(response.body.code).toBe("user_not_found");
  });
});
