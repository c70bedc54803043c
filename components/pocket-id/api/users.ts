// Users and the first-run setup: /api/users, /api/signup/setup.
import { send } from "../../http";
import { apiUrl, call, listAll, PocketIdConnection } from "./http";

export interface UserInfo {
  id: string;
  username: string;
  email: string | null;
  isAdmin: boolean;
}

export interface AdminUserInput {
  username: string;
  email: string;
  firstName: string;
}

/** True while nobody has completed /setup (anyone who reaches it first becomes admin). */
export async function isSetupOpen(conn: PocketIdConnection): Promise<boolean> {
  const res = await send({
    method: "GET",
    url: apiUrl(conn, "/api/signup/setup"),
    timeoutMs: conn.timeoutMs,
  });
  if (res.status === 204) return true;
  if (res.status === 404) return false;
  throw new Error(
    `Pocket ID GET /api/signup/setup returned ${res.status}; expected 204 (open) or 404 (closed)`,
  );
}

/** Creates an admin through the API, which closes /setup. */
export function createAdmin(conn: PocketIdConnection, admin: AdminUserInput): Promise<UserInfo> {
  return call<UserInfo>(conn, "POST", "/api/users", {
    json: { ...admin, lastName: "", isAdmin: true, emailVerified: true },
  });
}

/** The user with exactly this email, if any. */
export async function findUserByEmail(
  conn: PocketIdConnection,
  email: string,
): Promise<UserInfo | undefined> {
  const candidates = await listAll<UserInfo>(conn, "/api/users", { search: email });
  return candidates.find((u) => (u.email ?? "").toLowerCase() === email.toLowerCase());
}
