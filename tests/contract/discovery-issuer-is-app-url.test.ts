import { useContractApi } from "./api";

const ctx = useContractApi();

describe("discovery", () => {
  it.each(["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"])(
    "%s names APP_URL as issuer and the endpoints our stack uses",
    async (path) => {
      const response = await ctx.api.get(path, { auth: false });
      expect(response.status).toBe(200);
      const url = ctx.target.url;
      expect(response.body).toMatchObject({
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/api/oidc/token`,
        userinfo_endpoint: `${url}/api/oidc/userinfo`,
        jwks_uri: `${url}/.well-known/jwks.json`,
        response_types_supported: ["code"],
      });
      expect(response.body.token_endpoint_auth_methods_supported).toEqual(
        expect.arrayContaining(["client_secret_basic", "client_secret_post", "none"]),
      );
      expect(response.body.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email"]));
      expect(response.body.grant_types_supported).toContain("client_credentials");
    },
  );

  it("has a health check that answers 204 without auth", async () => {
    const response = await ctx.api.get("/healthz", { auth: false });
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
  });

  it("reports the version to an API key", async () => {
    const response = await ctx.api.get("/api/version/current");
    expect(response.status).toBe(200);
    expect(response.body.currentVersion).toMatch(/^\d+\.\d+\.\d+|unknown$/);
  });
});
