import { useContractApi } from "./api";
import { uniqueId } from "./target";

const ctx = useContractApi();

describe("list pagination", () => {
  it("clamps a page past the end to the last page, and an empty result has totalPages 1", async () => {
    const name = uniqueId("Paged");
    for (let i = 0; i < 3; i++) await ctx.api.createClient({ name: `${name}-${i}` });

    const search = `search=${encodeURIComponent(name)}`;
    const pastTheEnd = await ctx.api.get(
      `/api/oidc/clients?${search}&pagination[page]=99&pagination[limit]=2`,
    );
    expect(pastTheEnd.status).toBe(200);
    expect(pastTheEnd.body.pagination).toEqual({
      totalPages: 2,
      totalItems: 3,
      currentPage: 2,
      itemsPerPage: 2,
    });
    expect(pastTheEnd.body.data).toHaveLength(1);

    const first = await ctx.api.get(`/api/oidc/clients?${search}&pagination[page]=1&pagination[limit]=2`);
    expect(first.body.data).toHaveLength(2);

    const none = await ctx.api.get(`/api/oidc/clients?search=${uniqueId("nothing-matches")}`);
    expect(none.body).toEqual({
      data: [],
      pagination: { totalPages: 1, totalItems: 0, currentPage: 1, itemsPerPage: 20 },
    });
  });

  it("clamps the limit to 100 and defaults it to 20", async () => {
    const big = await ctx.api.get("/api/oidc/clients?pagination[limit]=1000");
    expect(big.body.pagination.itemsPerPage).toBe(100);
    const zero = await ctx.api.get("/api/oidc/clients?pagination[limit]=0");
    expect(zero.body.pagination.itemsPerPage).toBe(20);
  });

  it("searches names case-insensitively as a substring", async () => {
    const name = uniqueId("CaseSearch");
    const created = await ctx.api.createClient({ name });
    const found = await ctx.api.get(
      `/api/oidc/clients?search=${encodeURIComponent(name.slice(2).toLowerCase())}`,
    );
    expect(found.body.data.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect(found.body.data[0]).toHaveProperty("allowedUserGroupsCount", 0);
  });

  it("paginates groups and users the same way", async () => {
    const group = await ctx.api.createGroup();
    const groups = await ctx.api.get(`/api/user-groups?search=${group.body.name}&pagination[page]=7`);
    expect(groups.body.pagination).toEqual({
      totalPages: 1,
      totalItems: 1,
      currentPage: 1,
      itemsPerPage: 20,
    });
    expect(groups.body.data[0]).toMatchObject({ id: group.body.id, userCount: 0 });

    const user = await ctx.api.createUser();
    const users = await ctx.api.get(`/api/users?search=${user.body.username}&pagination[page]=3`);
    expect(users.body.pagination.currentPage).toBe(1);
    expect(users.body.data.map((u: { id: string }) => u.id)).toEqual([user.body.id]);
  });
});
