// User groups: /api/user-groups.
import { call, callOrUndefined, deleteIfPresent, listAll, PocketIdConnection, seg } from "./http";

export interface UserGroupInfo {
  id: string;
  name: string;
  friendlyName: string;
}

/** The group whose `name` is exactly `name` (the server's search is a substring match). */
export async function findGroupByName(
  conn: PocketIdConnection,
  name: string,
): Promise<UserGroupInfo | undefined> {
  const candidates = await listAll<UserGroupInfo>(conn, "/api/user-groups", { search: name });
  return candidates.find((g) => g.name === name);
}

export function createGroup(
  conn: PocketIdConnection,
  name: string,
  friendlyName: string,
): Promise<UserGroupInfo> {
  return call<UserGroupInfo>(conn, "POST", "/api/user-groups", { json: { name, friendlyName } });
}

export function deleteGroup(conn: PocketIdConnection, id: string): Promise<boolean> {
  return deleteIfPresent(conn, `/api/user-groups/${seg(id)}`);
}

export function getGroup(conn: PocketIdConnection, id: string): Promise<UserGroupInfo | undefined> {
  return callOrUndefined<UserGroupInfo>(conn, "GET", `/api/user-groups/${seg(id)}`);
}
