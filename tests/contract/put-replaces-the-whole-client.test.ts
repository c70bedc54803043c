import { useContractApi } from "./api";

const ctx = useContractApi();

describe("PUT /api/oidc/clients/:id replaces the whole client", () => {
  it("resets every omitted field to its zero or default value", async () => {
    const created = await ctx.api.createClient({
      description: "full",
      callbackURLs: ["https://app.example.com/cb"],
      logoutCallbackURLs: ["https://app.example.com/bye"],
      skipConsent: true,
      requiresReauthentication: true,
      launchURL: "https://app.example.com",
      accessTokenDurationMinutes: 5,
      refreshTokenDurationMinutes: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ skipConsent: true, accessTokenDurationMinutes: 5 });

    const updated = await ctx.api.put(`/api/oidc/clients/${created.body.id}`, { name: "Only the name" });
    expect(updated.status).toBe(200);
    const read = await ctx.api.get(`/api/oidc/clients/${created.body.id}`);
    for (const client of [updated.body, read.body]) {
      expect(client).toMatchObject({
        id: created.body.id,
        name: "Only the name",
        description: "",
        skipConsent: false,
        requiresReauthentication: false,
        launchURL: null,
        isPublic: false,
        pkceEnabled: false,
        isGroupRestricted: false,
        accessTokenDurationMinutes: 60,
        refreshTokenDurationMinutes: 43200,
      });
      expect(client.callbackURLs ?? []).toEqual([]);
      expect(client.logoutCallbackURLs ?? []).toEqual([]);
    }
  });

  it("forces PKCE on for a public client", async () => {
    const created = await ctx.api.createClient({ callbackURLs: ["https://app.example.com/cb"] });
    const updated = await ctx.api.put(`/api/oidc/clients/${created.body.id}`, {
      name: "Public",
      isPublic: true,
      pkceEnabled: false,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ isPublic: true, pkceEnabled: true });
  });

  it("requires the name and ignores unknown fields", async () => {
    const created = await ctx.api.createClient();
    const missingName = await ctx.api.put(`/api/oidc/clients/${created.body.id}`, { description: "x" });
    expect(missingName.status).toBe(400);
    expect(missingName.body.code).toBe("validation_failed");
    expect(missingName.body.details.fields).toEqual([
      { field: "name", code: "required", message: "is required" },
    ]);

    const unknownField = await ctx.api.put(`/api/oidc/clients/${created.body.id}`, {
      name: "N",
      notAField: 1,
    });
    expect(unknownField.status).toBe(200);
  });

  it("answers 404 for a client that does not exist", async () => {
    const response = await ctx.api.put("/api/oidc/clients/does-not-exist-contract", { name: "x" });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: "not_found", details: { resource: "OIDC client" } });
  });
});
