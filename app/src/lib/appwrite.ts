// The one Appwrite client of the demo. Endpoint and project id are public build-time values; the app
// holds no API key and needs none (the Web SDK talks to Appwrite as the signed-in user, by cookie).
import { Account, Client } from "appwrite";

export const endpoint = (import.meta.env.PUBLIC_APPWRITE_ENDPOINT ?? "").replace(/\/+$/, "");
export const projectId = import.meta.env.PUBLIC_APPWRITE_PROJECT_ID ?? "";

/** Why the app cannot talk to Appwrite, or undefined when it is configured. */
export function configurationProblem(): string | undefined {
  const missing = [
    endpoint ? undefined : "PUBLIC_APPWRITE_ENDPOINT",
    projectId ? undefined : "PUBLIC_APPWRITE_PROJECT_ID",
  ].filter(Boolean);
  if (missing.length === 0) return undefined;
  return `This build has no ${missing.join(" and ")}. Rebuild with both set (see the README, "Demo app").`;
}

export function account(): Account {
  const client = new Client().setEndpoint(endpoint).setProject(projectId);
  return new Account(client);
}

/** Appwrite's `?error=` on the failure URL is JSON {message, type, code}; anything else is shown as is. */
export function describeLoginError(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { message?: unknown; type?: unknown };
    const message = typeof parsed.message === "string" ? parsed.message : raw;
    return typeof parsed.type === "string" && parsed.type ? `${message} (${parsed.type})` : message;
  } catch {
    return raw;
  }
}
