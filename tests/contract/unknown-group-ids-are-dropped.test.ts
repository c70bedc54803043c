import { useContractApi } from "./api";

const ctx = useContractApi();

describe("PUT /api/oidc/clients/:id/allowed-user-groups", () => {
  it("replaces the set, silently drops ids that name no group and leaves isGroupRestricted alone", async () => {
    const client = await ctx.api.createClient({ isGroupRestricted: true });
    const group = await ctx.api.createGroup();
    expect(group.status).toBe(201);

    const unknownId = "00000000-0000-4000-8000-00000000abcd";
    const response = await ctx.api.put(`/api/oidc/clients/${client.body.id}/allowed-user-groups`, {
      userGroupIds: [group.body.id, unknownId],
    });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty("allowedUserGroups");
    expect(response.body.isGroupRestricted).toBe(true);

    const read = await ctx.api.get(`/api/oidc/clients/${client.body.id}`);
    expect(read.body.allowedUserGroups.map((g: { id: string }) => g.id)).toEqual([group.body.id]);
    expect(read.body.allowedUserGroups[0]).toMatchObject({
      name: group.body.name,
      friendlyName: group.body.friendlyName,
    });

    const list = await ctx.api.get(
      `/api/oidc/clients?search=${encodeURIComponent(client.body.name)}&pagination[limit]=100`,
    );
    const item = list.body.data.find((c: { id: string }) => c.id === client.body.id);
    expect(item.allowedUserGroupsCount).toBe(1);
  });

  it("does not restrict an unrestricted client by itself", async () => {
    const client = await ctx.api.createClient();
    const group = await ctx.api.createGroup();
    const response = await ctx.api.put(`/api/oidc/clients/${client.body.id}/allowed-user-groups`, {
      userGroupIds: [group.body.id],
    });
    expect(response.body.isGroupRestricted).toBe(false);
  });

  it("requires userGroupIds", async () => {
    const client = await ctx.api.createClient();
    const response = await ctx.api.put(`/api/oidc/clients/${client.body.id}/allowed-user-groups`, {});
    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: "userGroupIds", code: "required", message: "is required" },
    ]);
  });

  it("rejects a duplicate group name with 409 already_in_use", async () => {
    const group = await ctx.api.createGroup();
    const duplicate = await ctx.api.createGroup(group.body.name);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: "already_in_use", details: { property: "name" } });
  });
});
