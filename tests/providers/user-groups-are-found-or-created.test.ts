// allowedGroups names groups: an existing group is used and left alone on destroy, a missing one is
// created and deleted with the stack, and the client is restricted to exactly those groups.
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { UserGroupProvider } from "../../components/pocket-id/user-group";
import { adminCall, clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

const groupNames = async () =>
  (await adminCall(emu, "GET", "/api/user-groups")).json.data.map((g: { name: string }) => g.name);

it("a found group is kept on destroy, a created group is deleted", async () => {
  const existing = (
    await adminCall(emu, "POST", "/api/user-groups", { name: "staff", friendlyName: "Staff" })
  ).json;
  const provider = new UserGroupProvider();
  const conn = { pocketIdUrl: emu.url, apiKey: emu.apiKey };
  const found = await provider.create({ ...conn, name: "staff" });
  expect(found).toMatchObject({ id: existing.id, outs: { groupId: existing.id, createdByStack: false } });
  const made = await provider.create({ ...conn, name: "admins-new" });
  expect(made.outs!.createdByStack).toBe(true);
  expect(await groupNames()).toEqual(expect.arrayContaining(["staff", "admins-new"]));

  await provider.delete(found.id, found.outs!);
  await provider.delete(made.id, made.outs!);
  await provider.delete(made.id, made.outs!); // already gone: done
  expect(await groupNames()).toContain("staff");
  expect(await groupNames()).not.toContain("admins-new");
});

it("the client is restricted to the given groups and unrestricted when the list empties", async () => {
  const provider = new UserGroupProvider();
  const conn = { pocketIdUrl: emu.url, apiKey: emu.apiKey };
  const group = await provider.create({ ...conn, name: "ops" });
  const clients = new OidcClientProvider();
  const inputs = clientInputs(emu, { allowedGroupIds: [group.id] });
  const { outs } = await clients.create(inputs);
  let live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(live.isGroupRestricted).toBe(true);
  expect(live.allowedUserGroups.map((g: { id: string }) => g.id)).toEqual([group.id]);
  expect((await clients.read(inputs.clientId, outs)).props!.allowedGroupIds).toEqual([group.id]);

  await clients.update(inputs.clientId, outs!, { ...inputs, allowedGroupIds: [] });
  live = (await adminCall(emu, "GET", `/api/oidc/clients/${inputs.clientId}`)).json;
  expect(live.isGroupRestricted).toBe(false);
  expect(live.allowedUserGroups ?? []).toEqual([]);
});

it("a group deleted behind the stack's back reads as gone", async () => {
  const provider = new UserGroupProvider();
  const made = await provider.create({ pocketIdUrl: emu.url, apiKey: emu.apiKey, name: "ephemeral" });
  await adminCall(emu, "DELETE", `/api/user-groups/${made.id}`);
  expect((await provider.read(made.id, made.outs)).id).toBe("");
});
