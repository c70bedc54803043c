// Small helpers the e2e tests use to look at a Pocket ID (the emulator, or the one the Railway emulator
// runs behind its https domain) the way an administrator or an OIDC client would.

/** Calls Pocket ID's admin API with the static API key; returns the decoded JSON body (undefined if empty). */
export async function pocketIdAdmin(
  baseUrl: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { "X-API-Key": apiKey, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Whether `secret` authenticates client `clientId` at Pocket ID's token endpoint (client_credentials). */
export async function secretLogsIn(baseUrl: string, clientId: string, secret: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/oidc/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });
  return res.status === 200;
}

/** Ids of the OIDC clients Pocket ID has. */
export async function clientIds(baseUrl: string, apiKey: string): Promise<string[]> {
  const list = await pocketIdAdmin(baseUrl, apiKey, "GET", "/api/oidc/clients");
  return (list.data as { id: string }[]).map((c) => c.id);
}

/** The design §5 post-deploy checks, all passed. */
export const ALL_CHECKS_OK = {
  discovery: "ok",
  authorize: "ok",
  clientSecret: "ok",
  appwriteRedirect: "ok",
};
