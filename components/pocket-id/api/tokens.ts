// One-time access tokens (login codes): POST /api/users/:id/one-time-access-token.
import { call, PocketIdConnection, seg } from "./http";

/** Mints a login code for the user, valid for `ttl` (Go duration, e.g. "24h"); the link is `<url>/lc/<token>`. */
export async function createOneTimeAccessToken(
  conn: PocketIdConnection,
  userId: string,
  ttl: string,
): Promise<string> {
  const res = await call<{ token: string }>(conn, "POST", `/api/users/${seg(userId)}/one-time-access-token`, {
    json: { ttl },
  });
  return res.token;
}
