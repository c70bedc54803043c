import { useContractApi } from "./api";

const ctx = useContractApi();

const INVALID_CLIENT = {
  error: "invalid_client",
  error_description:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
};

async function clientWithSecret(expiresAt?: string) {
  const client = await ctx.api.createClient({ callbackURLs: ["https://app.example.com/cb"] });
  const secret = await ctx.api.post(
    `/api/oidc/clients/${client.body.id}/secrets`,
    expiresAt ? { expiresAt } : {},
  );
  expect(secret.status).toBe(201);
  return { clientId: client.body.id as string, secret: secret.body.secret as string };
}

describe("client_credentials at the token endpoint", () => {
  it.each(["post", "basic"] as const)("accepts an active secret with client_secret_%s", async (method) => {
    const { clientId, secret } = await clientWithSecret();
    const response = await ctx.api.requestToken(clientId, secret, method);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toMatchObject({ token_type: "bearer", scope: "" });
    expect(typeof response.body.access_token).toBe("string");
    expect(response.body.expires_in).toBeGreaterThan(3500);
    expect(response.body.expires_in).toBeLessThanOrEqual(3600);
  });

  it.each(["post", "basic"] as const)(
    "rejects a wrong secret with 401 invalid_client (%s)",
    async (method) => {
      const { clientId } = await clientWithSecret();
      const response = await ctx.api.requestToken(clientId, "wrong-secret-wrong-secret", method);
      expect(response.status).toBe(401);
      expect(response.body).toEqual(INVALID_CLIENT);
    },
  );

  it("rejects an unknown client and a client without secrets the same way", async () => {
    expect((await ctx.api.requestToken("no-such-client-contract", "whatever")).body).toEqual(INVALID_CLIENT);
    const client = await ctx.api.createClient();
    const response = await ctx.api.requestToken(client.body.id, "");
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_CLIENT);
  });

  it("stops accepting a secret once it has expired", async () => {
    const { clientId, secret } = await clientWithSecret(new Date(Date.now() + 2500).toISOString());
    expect((await ctx.api.requestToken(clientId, secret)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const list = await ctx.api.get(`/api/oidc/clients/${clientId}/secrets`);
    expect(list.body[0].isActive).toBe(false);
    const response = await ctx.api.requestToken(clientId, secret);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("invalid_client");
  }, 15_000);

  it("does not grant client_credentials to a public client", async () => {
    const client = await ctx.api.createClient({ isPublic: true });
    const response = await ctx.api.requestToken(client.body.id, "");
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("invalid_grant");
  });

  it("requires a form body and a grant type", async () => {
    const empty = await ctx.api.call("POST", "/api/oidc/token", {
      auth: false,
      json: { grant_type: "client_credentials" },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe("invalid_request");
    const noGrant = await ctx.api.call("POST", "/api/oidc/token", { auth: false, form: { client_id: "x" } });
    expect(noGrant.status).toBe(400);
    expect(noGrant.body.error_description).toContain("'grant_type' is missing");
  });
});
