// Shared helpers of the provider tests: an emulator per test file, out-of-band admin calls, and the
// check "does this secret still log in".
import { PocketIdEmulator, startPocketIdEmulator } from "../emulators/pocket-id";
import { OidcClientInputs } from "../../components/pocket-id/oidc-client";
import { ClientSecretInputs } from "../../components/pocket-id/client-secret";

export { startPocketIdEmulator };
export type { PocketIdEmulator };

/** An admin API call made behind the stack's back (drift, pre-existing objects). */
export async function adminCall(
  emu: PocketIdEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      "X-API-Key": emu.apiKey,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** True when the secret authenticates the client at the token endpoint (client_credentials). */
export async function secretLogsIn(
  emu: PocketIdEmulator,
  clientId: string,
  secret: string,
): Promise<boolean> {
  const res = await fetch(`${emu.url}/api/oidc/token`, {
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

export function clientInputs(
  emu: PocketIdEmulator,
  overrides: Partial<OidcClientInputs> = {},
): OidcClientInputs {
  return {
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    clientId: `appwrite-${Math.random().toString(36).slice(2, 8)}`,
    name: "Appwrite test",
    callbackUrls: ["https://cloud.example.com/v1/account/sessions/oauth2/callback/oidc/demo"],
    logoutCallbackUrls: [],
    allowedGroupIds: [],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
    ...overrides,
  };
}

export function secretInputs(emu: PocketIdEmulator, clientId: string, rotation = "1"): ClientSecretInputs {
  return { pocketIdUrl: emu.url, apiKey: emu.apiKey, clientId, rotation };
}

/** Requests that changed something on the server. */
export function mutations(emu: PocketIdEmulator): string[] {
  return emu.mutatingRequests().map((r) => `${r.method} ${r.path}`);
}
