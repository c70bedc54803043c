import { useContractApi } from "./api";

const ctx = useContractApi();

describe("isGroupRestricted:false on PUT", () => {
  it("clears the allowed groups; a PUT that keeps the restriction keeps them", async () => {
    const client = await ctx.api.createClient({ isGroupRestricted: true });
    const group = await ctx.api.createGroup();
    const path = `/api/oidc/clients/${client.body.id}`;
    await ctx.api.put(`${path}/allowed-user-groups`, { userGroupIds: [group.body.id] });

    const kept = await ctx.api.put(path, { name: "Still restricted", isGroupRestricted: true });
    expect(kept.status).toBe(200);
    expect(kept.body.allowedUserGroups.map((g: { id: string }) => g.id)).toEqual([group.body.id]);

    const cleared = await ctx.api.put(path, { name: "Unrestricted", isGroupRestricted: false });
    expect(cleared.status).toBe(200);
    expect(cleared.body.allowedUserGroups ?? []).toEqual([]);
    const read = await ctx.api.get(path);
    expect(read.body).toMatchObject({ isGroupRestricted: false, allowedUserGroups: [] });

    const restrictedAgain = await ctx.api.put(path, { name: "Restricted again", isGroupRestricted: true });
    expect(restrictedAgain.body.allowedUserGroups ?? []).toEqual([]);
  });
});
