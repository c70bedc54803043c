import { useContractApi } from "./api";

const ctx = useContractApi();

const CALLBACK = "https://appwrite.example.com/v1/account/sessions/oauth2/callback/oidc/project-1";

function authorizeQuery(params: Record<string, string | undefined>): string {
  const defined = Object.entries({
    response_type: "code",
    scope: "openid profile email",
    state: "state-1234",
    ...params,
  }).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return new URLSearchParams(defined).toString();
}

async function authorize(params: Record<string, string | undefined>) {
  const response = await ctx.api.get(`/authorize?${authorizeQuery(params)}`, { auth: false });
  return { status: response.status, location: response.headers.get("location") ?? "" };
}

/** Where Pocket ID shows an error itself instead of redirecting to the client. */
function interactionError(location: string): string | null {
  const url = new URL(location, ctx.target.url);
  return url.pathname === "/interaction/error" ? url.searchParams.get("error") : null;
}

describe("GET /authorize (no signed-in user)", () => {
  let clientId: string;
  beforeAll(async () => {
    const client = await ctx.api.createClient({
      callbackURLs: [CALLBACK, "http://127.0.0.1/loopback", "https://*.wild.example.com/cb/**"],
    });
    clientId = client.body.id;
  });

  it("accepts the registered redirect URI and sends the browser to the interaction page", async () => {
    const { status, location } = await authorize({ client_id: clientId, redirect_uri: CALLBACK });
    expect(status).toBe(302);
    expect(location).toMatch(/^\/interaction\?interaction=[^&]+$/);
  });

  it.each([
    ["a trailing slash", `${CALLBACK}/`],
    ["another path", "https://appwrite.example.com/v1/other"],
    ["another host", "https://evil.example.com/v1/account/sessions/oauth2/callback/oidc/project-1"],
    ["an extra query parameter", `${CALLBACK}?x=1`],
  ])(
    "rejects a redirect URI with %s on Pocket ID's error page, never at the URI",
    async (_what, redirectUri) => {
      const { status, location } = await authorize({ client_id: clientId, redirect_uri: redirectUri });
      expect(status).toBe(302);
      expect(location).not.toContain(new URL(redirectUri).host);
      expect(interactionError(location)).toBe(
        "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered redirect urls.",
      );
    },
  );

  it("rejects an unknown client on the error page", async () => {
    const { status, location } = await authorize({
      client_id: "no-such-client-contract",
      redirect_uri: CALLBACK,
    });
    expect(status).toBe(302);
    expect(interactionError(location)).toBe("The requested OAuth 2.0 Client does not exist.");
  });

  it("requires redirect_uri for OpenID Connect requests", async () => {
    const { location } = await authorize({ client_id: clientId, redirect_uri: undefined });
    expect(interactionError(location)).toBe(
      "The 'redirect_uri' parameter is required when using OpenID Connect 1.0.",
    );
  });

  it("accepts any port for a loopback URL registered without one", async () => {
    const { location } = await authorize({
      client_id: clientId,
      redirect_uri: "http://127.0.0.1:53127/loopback",
    });
    expect(location).toMatch(/^\/interaction\?interaction=/);
  });

  it("matches a * host label and ** across path segments, but not another domain", async () => {
    const ok = await authorize({ client_id: clientId, redirect_uri: "https://a.wild.example.com/cb/x/y" });
    expect(ok.location).toMatch(/^\/interaction\?interaction=/);
    const other = await authorize({ client_id: clientId, redirect_uri: "https://a.wild.example.org/cb/x" });
    expect(interactionError(other.location)).toMatch(/does not match/);
  });

  it("sends a too-short state back to the registered redirect URI as invalid_state", async () => {
    const { status, location } = await authorize({
      client_id: clientId,
      redirect_uri: CALLBACK,
      state: "short",
    });
    expect(status).toBe(303);
    const url = new URL(location);
    expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
    expect(url.searchParams.get("error")).toBe("invalid_state");
    expect(url.searchParams.get("state")).toBe("short");
  });

  it("sends a PKCE-less request of a public client back as invalid_request", async () => {
    const client = await ctx.api.createClient({ isPublic: true, callbackURLs: [CALLBACK] });
    const { status, location } = await authorize({ client_id: client.body.id, redirect_uri: CALLBACK });
    expect(status).toBe(303);
    const url = new URL(location);
    expect(url.searchParams.get("error")).toBe("invalid_request");
    expect(url.searchParams.get("error_description")).toContain(
      "This client requires PKCE, but the 'code_challenge' parameter is missing.",
    );
    expect(url.searchParams.get("state")).toBe("state-1234");

    const withPkce = await authorize({
      client_id: client.body.id,
      redirect_uri: CALLBACK,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
    expect(withPkce.location).toMatch(/^\/interaction\?interaction=/);
  });

  it("sends an unknown scope back to the registered redirect URI as invalid_scope", async () => {
    const { status, location } = await authorize({
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: "openid read:orders",
    });
    expect(status).toBe(303);
    expect(new URL(location).searchParams.get("error")).toBe("invalid_scope");
  });

  it("rejects every redirect URI of a client without callback URLs", async () => {
    const client = await ctx.api.createClient();
    const { location } = await authorize({ client_id: client.body.id, redirect_uri: CALLBACK });
    expect(interactionError(location)).toMatch(/does not match/);
  });
});
