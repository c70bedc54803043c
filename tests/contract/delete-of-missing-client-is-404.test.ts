import { useContractApi } from "./api";
import { uniqueId } from "./target";

const ctx = useContractApi();

describe("DELETE /api/oidc/clients/:id", () => {
  it("is 204 the first time and 404 not_found afterwards", async () => {
    const id = uniqueId("delete-me");
    expect((await ctx.api.post("/api/oidc/clients", { id, name: "Delete me" })).status).toBe(201);

    const first = await ctx.api.delete(`/api/oidc/clients/${id}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe("");

    const second = await ctx.api.delete(`/api/oidc/clients/${id}`);
    expect(second.status).toBe(404);
    expect(second.body).toMatchObject({
      error: "OIDC client not found",
      code: "not_found",
      details: { resource: "OIDC client" },
    });
    expect((await ctx.api.get(`/api/oidc/clients/${id}`)).status).toBe(404);
  });
});
