import { useContractApi } from "./api";
import { uniqueId } from "./target";

const ctx = useContractApi();

describe("custom client ids", () => {
  it("keeps the custom id, and a second create with the same id is 409 client_id_already_exists", async () => {
    const id = uniqueId("appwrite");
    const first = await ctx.api.createClient({ id, name: "First" });
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);

    const second = await ctx.api.createClient({ id, name: "Second" });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: "client_id_already_exists",
      error: "Client ID is already in use",
    });

    const read = await ctx.api.get(`/api/oidc/clients/${id}`);
    expect(read.body.name).toBe("First");
  });

  it("generates a UUID v4 when no id is given", async () => {
    const response = await ctx.api.createClient({ id: undefined });
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ["a", "too_short"],
    ["has space", "client_id"],
    ["x".repeat(129), "too_long"],
  ])("rejects the id %j with field code %s", async (id, code) => {
    const response = await ctx.api.createClient({ id });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("validation_failed");
    expect(response.body.details.fields).toEqual([expect.objectContaining({ field: "id", code })]);
  });

  it("rejects a name longer than 50 characters", async () => {
    const response = await ctx.api.createClient({ name: "n".repeat(51) });
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: "name", code: "too_long", message: "must be at most 50 characters long" },
    ]);
  });

  it("validates callback URL patterns", async () => {
    const response = await ctx.api.createClient({
      callbackURLs: ["https://ok.example.com/cb", "javascript:alert(1)", "no-scheme", "*", "myapp://cb"],
    });
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: "callbackURLs[1]", code: "callback_url_pattern", message: "is invalid" },
      { field: "callbackURLs[2]", code: "callback_url_pattern", message: "is invalid" },
    ]);
  });
});
