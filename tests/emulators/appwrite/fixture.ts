// Test fixture around the Appwrite emulator: one project with a key holding the OIDC scopes of the
// emulated version, and provider inputs that point at it.
import { AppwriteOidcProviderInputs } from "../../../components/appwrite/oidc-provider";
import { AppwriteEmulator, AppwriteEmulatorOptions, startAppwriteEmulator } from "../appwrite";

export interface AppwriteFixture {
  emu: AppwriteEmulator;
  projectId: string;
  apiKey: string;
  /** Inputs of AppwriteOidcProvider for this project; the secret defaults to a fixed test value. */
  inputs(overrides?: Partial<AppwriteOidcProviderInputs>): AppwriteOidcProviderInputs;
}

/** The OIDC scopes a key needs on the emulated version (the names differ after 1.9.6). */
export function oidcScopes(emu: AppwriteEmulator, scopeStyle?: "oauth2" | "project.oauth2"): string[] {
  const style = scopeStyle ?? (emu.version === "1.9.7" ? "project.oauth2" : "oauth2");
  return style === "oauth2"
    ? ["oauth2.read", "oauth2.write"]
    : ["project.oauth2.read", "project.oauth2.write"];
}

export async function startAppwriteFixture(
  opts: AppwriteEmulatorOptions & { scopes?: string[]; projectId?: string } = {},
): Promise<AppwriteFixture> {
  const projectId = opts.projectId ?? "demo";
  const emu = await startAppwriteEmulator({ ...opts, projects: [projectId, ...(opts.projects ?? [])] });
  const apiKey = emu.createApiKey(projectId, opts.scopes ?? oidcScopes(emu, opts.scopeStyle));
  return {
    emu,
    projectId,
    apiKey,
    inputs: (overrides = {}) => ({
      endpoint: emu.endpoint,
      projectId,
      apiKey,
      clientId: "appwrite-demo",
      clientSecret: "s3cret-value-for-tests-0123456789",
      wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
      adoptExisting: false,
      ...overrides,
    }),
  };
}

/** The PATCH bodies the emulator received, in order. */
export function patches(emu: AppwriteEmulator): Record<string, unknown>[] {
  return emu.requests
    .filter((r) => r.method === "PATCH" && r.path === "/v1/project/oauth2/oidc")
    .map((r) => r.body as Record<string, unknown>);
}
