import { useContractApi } from "./api";
import { itWithEmulator } from "./target";

const ctx = useContractApi();
const emulatorIt = itWithEmulator("it switches the emulated Pocket ID version");

describe("version-dependent API", () => {
  afterEach(() => ctx.target.emulator?.setVersion("2.14.0"));

  emulatorIt("reports the emulated version", async () => {
    expect((await ctx.api.get("/api/version/current")).body).toEqual({ currentVersion: "2.14.0" });
    ctx.target.emulator!.setVersion("2.13.0");
    expect((await ctx.api.get("/api/version/current")).body).toEqual({ currentVersion: "2.13.0" });
  });

  emulatorIt("2.13.0 has only the singular /secret route, which replaces the one secret", async () => {
    ctx.target.emulator!.setVersion("2.13.0");
    const client = await ctx.api.createClient();
    expect(client.body.credentials).not.toHaveProperty("secrets");

    const plural = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secrets`);
    expect(plural.status).toBe(404);
    expect(plural.body).toEqual({ error: "API endpoint not found" });

    const first = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secret`);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(["secret"]);
    const second = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secret`, {
      secret: "a-custom-secret-value",
    });
    expect(second.body).toEqual({ secret: "a-custom-secret-value" });

    expect((await ctx.api.requestToken(client.body.id, first.body.secret)).status).toBe(401);
    expect((await ctx.api.requestToken(client.body.id, "a-custom-secret-value")).status).toBe(200);
    expect(ctx.target.emulator!.state.clients.get(client.body.id)!.secrets).toHaveLength(1);
  });

  emulatorIt("2.14.0 answers the singular route with 404 API endpoint not found", async () => {
    const client = await ctx.api.createClient();
    const singular = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secret`);
    expect(singular.status).toBe(404);
    expect(singular.body).toEqual({ error: "API endpoint not found" });
  });

  emulatorIt("2.17.0 creates a secret for a new confidential client and returns it once", async () => {
    ctx.target.emulator!.setVersion("2.17.0");
    const client = await ctx.api.createClient();
    expect(client.status).toBe(201);
    expect(client.body.createdSecret).toMatchObject({
      isActive: true,
      secret: expect.stringMatching(/^[a-zA-Z0-9]{32}$/),
    });
    expect(client.body.credentials.secrets).toHaveLength(1);
    expect((await ctx.api.requestToken(client.body.id, client.body.createdSecret.secret)).status).toBe(200);

    const publicClient = await ctx.api.createClient({ isPublic: true });
    expect(publicClient.body.createdSecret).toBeUndefined();
  });

  emulatorIt("stores secrets only as SHA-256 hashes", async () => {
    const client = await ctx.api.createClient();
    const created = await ctx.api.post(`/api/oidc/clients/${client.body.id}/secrets`);
    const stored = ctx.target.emulator!.state.clients.get(client.body.id)!.secrets[0];
    expect(JSON.stringify(stored)).not.toContain(created.body.secret);
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
