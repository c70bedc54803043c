import { useContractApi } from "./api";

const ctx = useContractApi();

const secretsPath = (clientId: string) => `/api/oidc/clients/${clientId}/secrets`;

describe("client secrets (v2.14.0 multi-secret API)", () => {
  it("starts a new confidential client without any secret", async () => {
    const client = await ctx.api.createClient();
    expect(client.body.createdSecret).toBeUndefined();
    const list = await ctx.api.get(secretsPath(client.body.id));
    expect(list.status).toBe(200);
    expect(list.body).toEqual([]);
  });

  it("adds secrets without invalidating the existing ones, and shows each value only once", async () => {
    const client = await ctx.api.createClient();
    const first = await ctx.api.post(secretsPath(client.body.id));
    const second = await ctx.api.post(secretsPath(client.body.id), {});
    for (const created of [first, second]) {
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^[a-zA-Z0-9]{32}$/);
      expect(created.body).toMatchObject({
        prefix: created.body.secret.slice(0, 4),
        isActive: true,
        expiresAt: null,
      });
    }

    const list = await ctx.api.get(secretsPath(client.body.id));
    expect(list.body.map((s: { id: string }) => s.id).sort()).toEqual([first.body.id, second.body.id].sort());
    expect(list.text).not.toContain(first.body.secret);
    expect(list.body[0]).not.toHaveProperty("secret");

    const read = await ctx.api.get(`/api/oidc/clients/${client.body.id}`);
    expect(read.body.credentials.secrets).toHaveLength(2);
    expect(read.text).not.toContain(second.body.secret);

    for (const created of [first, second]) {
      expect((await ctx.api.requestToken(client.body.id, created.body.secret)).status).toBe(200);
    }

    expect((await ctx.api.delete(`${secretsPath(client.body.id)}/${first.body.id}`)).status).toBe(204);
    expect((await ctx.api.requestToken(client.body.id, first.body.secret)).status).toBe(401);
    expect((await ctx.api.requestToken(client.body.id, second.body.secret)).status).toBe(200);

    const missing = await ctx.api.delete(`${secretsPath(client.body.id)}/${first.body.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "not_found", error: "Client secret not found" });
  });

  it("accepts a caller-chosen secret and an expiry in the future", async () => {
    const client = await ctx.api.createClient();
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await ctx.api.post(secretsPath(client.body.id), {
      secret: "my-own-secret-value-1234",
      expiresAt,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      secret: "my-own-secret-value-1234",
      prefix: "my-o",
      isActive: true,
    });
    expect(new Date(created.body.expiresAt).getTime()).toBeCloseTo(new Date(expiresAt).getTime(), -4);
  });

  it("refuses an expiry in the past, a short secret, and secrets for public clients", async () => {
    const client = await ctx.api.createClient();
    const past = await ctx.api.post(secretsPath(client.body.id), { expiresAt: "2000-01-01T00:00:00Z" });
    expect(past.status).toBe(400);
    expect(past.body.code).toBe("validation_failed");

    const short = await ctx.api.post(secretsPath(client.body.id), { secret: "too-short" });
    expect(short.status).toBe(400);
    expect(short.body.details.fields).toEqual([
      expect.objectContaining({ field: "secret", code: "too_short" }),
    ]);

    const publicClient = await ctx.api.createClient({ isPublic: true });
    const forPublic = await ctx.api.post(secretsPath(publicClient.body.id));
    expect(forPublic.status).toBe(400);
    expect(forPublic.body).toMatchObject({
      code: "validation_failed",
      error: "Cannot create a secret for a public client",
    });
  });

  it("allows at most 20 secrets per client", async () => {
    const client = await ctx.api.createClient();
    for (let i = 0; i < 20; i++) expect((await ctx.api.post(secretsPath(client.body.id))).status).toBe(201);
    const extra = await ctx.api.post(secretsPath(client.body.id));
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({
      code: "validation_failed",
      error: "A client cannot have more than 20 secrets",
    });
  });

  it("answers 404 for the secrets of a missing client and for the pre-2.14 singular route", async () => {
    expect((await ctx.api.get(secretsPath("no-such-client-contract"))).status).toBe(404);
    const client = await ctx.api.createClient();
    const singular = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secret`);
    expect(singular.status).toBe(404);
  });
});
