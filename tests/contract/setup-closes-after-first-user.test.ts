import { useContractApi } from "./api";
import { itWithEmulator, uniqueId } from "./target";

const ctx = useContractApi();
const emulatorIt = itWithEmulator("it needs a fresh instance whose setup is still open");

describe("initial admin setup", () => {
  emulatorIt(
    "stays open after the static API key user appears, and closes with the first real user",
    async () => {
      // Any authenticated call creates the synthetic static API key user.
      expect((await ctx.api.get("/api/version/current")).status).toBe(200);
      const users = await ctx.api.get("/api/users");
      expect(users.body.data.map((u: { id: string }) => u.id)).toContain(
        "00000000-0000-0000-0000-000000000000",
      );
      expect((await ctx.api.get("/api/signup/setup", { auth: false })).status).toBe(204);

      const admin = await ctx.api.createUser({ isAdmin: true });
      expect(admin.status).toBe(201);
      expect(admin.body).toMatchObject({ isAdmin: true, emailVerified: true, username: admin.body.username });

      const closed = await ctx.api.get("/api/signup/setup", { auth: false });
      expect(closed.status).toBe(404);
      expect(closed.body).toMatchObject({ code: "setup_not_available" });
    },
  );

  it("refuses POST /api/signup/setup with 409 once a user exists", async () => {
    const state = await ctx.api.get("/api/signup/setup", { auth: false });
    if (state.status === 204) {
      // Close setup with a user of our own (never by calling the open setup endpoint on a shared instance).
      expect((await ctx.api.createUser({ isAdmin: true })).status).toBe(201);
    }
    expect((await ctx.api.get("/api/signup/setup", { auth: false })).status).toBe(404);
    const username = uniqueId("late");
    const response = await ctx.api.post(
      "/api/signup/setup",
      { username, email: `${username}@example.com`, firstName: "Late" },
      { auth: false },
    );
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: "setup_already_completed" });
  });

  emulatorIt(
    "lets the first caller of the open setup endpoint become admin (why bootstrap must be quick)",
    async () => {
      const fresh = ctx.target.emulator!;
      for (const id of [...fresh.state.users.keys()]) fresh.state.users.delete(id);
      expect(fresh.state.setupOpen).toBe(true);
      const response = await ctx.api.post(
        "/api/signup/setup",
        { username: "firstadmin", email: "first@example.com", firstName: "First" },
        { auth: false },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ username: "firstadmin", isAdmin: true, displayName: "First" });
      expect(response.headers.get("set-cookie")).toMatch(/access_token=/);
      expect(fresh.state.setupOpen).toBe(false);
    },
  );

  it("requires an email for new users", async () => {
    const response = await ctx.api.post("/api/users", { username: uniqueId("noemail"), firstName: "No" });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: "validation_failed",
      details: { fields: [{ field: "email", code: "required", message: "is required" }] },
    });
  });

  it("rejects a duplicate email with 409 already_in_use", async () => {
    const first = await ctx.api.createUser();
    const second = await ctx.api.createUser({ email: first.body.email });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: "already_in_use", details: { property: "email" } });
  });
});
