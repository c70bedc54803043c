// Discovery: /.well-known/openid-configuration (issuer = APP_URL).
import { send } from "../../http";

/** The parts of the OpenID configuration the stack relies on. */
export interface DiscoveryDocument {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  token_endpoint_auth_methods_supported?: string[];
}

export function discoveryUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

/** The discovery document at `url`; throws with the status when it is not a JSON document. */
export async function getDiscovery(url: string, timeoutMs?: number): Promise<DiscoveryDocument> {
  const res = await send({ method: "GET", url, timeoutMs });
  if (res.status !== 200 || typeof res.json !== "object" || res.json === null) {
    throw new Error(`GET ${url} returned ${res.status}${res.json ? "" : " without a JSON document"}`);
  }
  return res.json as DiscoveryDocument;
}
