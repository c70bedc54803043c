// The whole chain on emulators, built through the stack's own providers: Pocket ID client + secret →
// Appwrite OIDC slot. Tests then break one link and look at what verify says.
import {
  AppwriteOidcProviderOutputs,
  AppwriteOidcProviderProvider,
} from "../../../components/appwrite/oidc-provider";
import { appwriteRedirectUri } from "../../../components/appwrite/redirect-uri";
import { ClientSecretOutputs, ClientSecretProvider } from "../../../components/pocket-id/client-secret";
import { OidcClientProvider } from "../../../components/pocket-id/oidc-client";
import { discoveryUrl } from "../../../components/pocket-id/api/wellknown";
import { ChainVerificationInputs } from "../../../components/verify/verify";
import { AppwriteEmulatorOptions } from "../appwrite";
import { PocketIdEmulator, startPocketIdEmulator } from "../pocket-id";
import { AppwriteFixture, startAppwriteFixture } from "./fixture";

export interface Chain {
  pocketId: PocketIdEmulator;
  appwrite: AppwriteFixture;
  clientId: string;
  /** The redirect URI the stack computes (and registers unless told otherwise). */
  redirectUri: string;
  secret: ClientSecretOutputs;
  oidc: AppwriteOidcProviderOutputs;
  /** Inputs of ChainVerification for this chain. */
  verifyInputs(overrides?: Partial<ChainVerificationInputs>): ChainVerificationInputs;
  stop(): Promise<void>;
}

export interface ChainOptions {
  appwrite?: AppwriteEmulatorOptions;
  /** Register this callback URL in Pocket ID instead of the computed redirect URI. */
  registeredRedirectUri?: string;
  /** The well-known URL given to Appwrite; default Pocket ID's discovery URL. */
  wellKnownUrl?: string;
}

export async function startChain(opts: ChainOptions = {}): Promise<Chain> {
  const pocketId = await startPocketIdEmulator();
  const appwrite = await startAppwriteFixture(opts.appwrite);
  const clientId = "appwrite-demo";
  const redirectUri = appwriteRedirectUri(appwrite.emu.endpoint, appwrite.projectId);
  const conn = { pocketIdUrl: pocketId.url, apiKey: pocketId.apiKey };
  await new OidcClientProvider().create({
    ...conn,
    clientId,
    name: "Appwrite demo",
    callbackUrls: [opts.registeredRedirectUri ?? redirectUri],
    logoutCallbackUrls: [],
    allowedGroupIds: [],
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
  });
  const secret = (await new ClientSecretProvider().create({ ...conn, clientId, rotation: "1" })).outs!;
  const wellKnownUrl = opts.wellKnownUrl ?? discoveryUrl(pocketId.url);
  const oidc = (
    await new AppwriteOidcProviderProvider().create(
      appwrite.inputs({ clientId, clientSecret: secret.clientSecret, wellKnownUrl }),
    )
  ).outs!;
  return {
    pocketId,
    appwrite,
    clientId,
    redirectUri,
    secret,
    oidc,
    verifyInputs: (overrides = {}) => ({
      mode: "fail",
      pocketIdUrl: pocketId.url,
      expectedIssuer: pocketId.url,
      wellKnownUrl,
      clientId,
      clientSecret: secret.clientSecret,
      redirectUri,
      appwriteEndpoint: appwrite.emu.endpoint,
      appwriteProjectId: appwrite.projectId,
      appwriteAcceptedSecretHash: oidc.acceptedSecretHash,
      appwriteOidcEnabled: oidc.enabled,
      requestTimeoutMs: 5_000,
      ...overrides,
    }),
    stop: async () => {
      await Promise.all([pocketId.stop(), appwrite.emu.stop()]);
    },
  };
}
