// Diff, validation and request rules of AppwriteOidcProvider and ChainVerification, as pure functions.
import {
  AppwriteOidcProviderInputs,
  AppwriteOidcProviderOutputs,
  diffOidcProvider,
  disableRequest,
  enableRequest,
  normalizeOidcProviderInputs,
  ownershipConflict,
  validateOidcProviderInputs,
} from "../../components/appwrite/oidc-provider";
import { sha256Hex } from "../../components/hash";
import { diffVerification, validateVerificationInputs } from "../../components/verify/verify";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const inputs: AppwriteOidcProviderInputs = {
  endpoint: "https://aw.example.com/v1",
  projectId: "demo",
  apiKey: "standard_key",
  clientId: "appwrite-demo",
  clientSecret: "secret-0123456789",
  wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
  adoptExisting: false,
};
const { clientSecret: _secret, ...echoed } = inputs;
const state: AppwriteOidcProviderOutputs = {
  ...echoed,
  enabled: true,
  acceptedSecretHash: sha256Hex(inputs.clientSecret),
  serverVersion: "1.9.6",
  managedClientId: "appwrite-demo",
  adoptedClientId: "",
};

describe("AppwriteOidcProvider diff", () => {
  it("no change is no change", () => {
    expect(diffOidcProvider(state, inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
  });
  it("a trailing slash on the endpoint is no change", () => {
    expect(diffOidcProvider(state, { ...inputs, endpoint: "https://aw.example.com/v1/" }).changes).toBe(
      false,
    );
  });
  it.each(["endpoint", "projectId"] as const)(
    "a new %s replaces, delete before create (one slot per project)",
    (key) => {
      const news = { ...inputs, [key]: key === "endpoint" ? "https://other.example.com/v1" : "other" };
      expect(diffOidcProvider(state, news)).toEqual({
        changes: true,
        replaces: [key],
        deleteBeforeReplace: true,
      });
    },
  );
  it.each([
    ["clientSecret", "another-secret-0123"],
    ["clientId", "another"],
    ["wellKnownUrl", "http://pocket-id:1411/.well-known/openid-configuration"],
    ["apiKey", "standard_new"],
    ["adoptExisting", true],
  ])("a new %s is an update", (key, value) => {
    expect(diffOidcProvider(state, { ...inputs, [key]: value })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });
  it("a secret change is seen through the hash only", () => {
    expect(diffOidcProvider({ ...state, acceptedSecretHash: "" }, inputs).changes).toBe(true);
  });
  it("a disabled slot found by refresh is an update", () => {
    expect(diffOidcProvider({ ...state, enabled: false }, inputs).changes).toBe(true);
  });
  it("unknown values: secret → update, endpoint/project → replace", () => {
    expect(diffOidcProvider(state, { ...inputs, clientSecret: UNKNOWN })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(diffOidcProvider(state, { ...inputs, projectId: UNKNOWN }).replaces).toEqual(["projectId"]);
    expect(diffOidcProvider(state, { ...inputs, adoptExisting: UNKNOWN as never }).changes).toBe(true);
    expect(normalizeOidcProviderInputs({ ...inputs, adoptExisting: UNKNOWN as never }).adoptExisting).toBe(
      UNKNOWN,
    );
  });
});

describe("AppwriteOidcProvider check", () => {
  it("accepts good inputs and normalizes the endpoint", () => {
    const normalized = normalizeOidcProviderInputs({
      ...inputs,
      endpoint: "https://aw.example.com/v1//",
      adoptExisting: undefined as never,
    });
    expect(normalized).toMatchObject({ endpoint: "https://aw.example.com/v1", adoptExisting: false });
    expect(validateOidcProviderInputs(normalized)).toEqual([]);
  });
  it.each([
    ["endpoint", "https://aw.example.com", /does not end in \/v1/],
    ["endpoint", "aw.example.com/v1", /not an http\(s\) URL/],
    ["projectId", "", /not an Appwrite project ID/],
    ["apiKey", "", /API key is required/],
    ["clientId", "", /1 to 256/],
    ["clientSecret", "", /empty.*invalid_client/],
    ["clientSecret", "x".repeat(513), /512/],
    ["wellKnownUrl", "id.example.com/.well-known/openid-configuration", /not an http\(s\) URL/],
  ])("rejects %s = %j", (property, value, reason) => {
    const failures = validateOidcProviderInputs({ ...inputs, [property]: value });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });
  it("does not judge unknown values", () => {
    const all = Object.fromEntries(
      Object.keys(inputs).map((k) => [k, UNKNOWN]),
    ) as unknown as AppwriteOidcProviderInputs;
    expect(validateOidcProviderInputs(all)).toEqual([]);
  });
});

describe("ownership of the slot", () => {
  const live = {
    enabled: true,
    clientId: "other-app",
    wellKnownUrl: "",
    authorizationUrl: "",
    tokenUrl: "",
    userInfoUrl: "",
  };
  const desired = { clientId: "appwrite-demo", projectId: "demo", adoptExisting: false };
  it("another enabled client id is a conflict naming it and adoptExisting", () => {
    expect(ownershipConflict(live, desired)).toMatch(/"other-app".*adoptExisting/s);
  });
  it("adoptExisting, a disabled slot, our id, or the id we wrote before are not", () => {
    expect(ownershipConflict(live, { ...desired, adoptExisting: true })).toBeUndefined();
    expect(ownershipConflict({ ...live, enabled: false }, desired)).toBeUndefined();
    expect(ownershipConflict({ ...live, clientId: "appwrite-demo" }, desired)).toBeUndefined();
    expect(ownershipConflict(live, desired, "other-app")).toBeUndefined();
  });
});

describe("requests", () => {
  it("enable always sends enabled: true and clears the explicit endpoints", () => {
    expect(enableRequest(inputs)).toEqual({
      clientId: "appwrite-demo",
      clientSecret: "secret-0123456789",
      wellKnownURL: inputs.wellKnownUrl,
      authorizationURL: "",
      tokenURL: "",
      userInfoURL: "",
      enabled: true,
    });
  });
  it("disable sends enabled: false and clears every credential", () => {
    expect(disableRequest()).toEqual({
      enabled: false,
      clientId: "",
      clientSecret: "",
      wellKnownURL: "",
      authorizationURL: "",
      tokenURL: "",
      userInfoURL: "",
    });
  });
});

describe("ChainVerification diff and check", () => {
  const v = {
    mode: "fail" as const,
    pocketIdUrl: "https://id.example.com",
    expectedIssuer: "https://id.example.com",
    wellKnownUrl: "https://id.example.com/.well-known/openid-configuration",
    clientId: "appwrite-demo",
    clientSecret: "secret-0123456789",
    redirectUri: "https://aw.example.com/v1/account/sessions/oauth2/callback/oidc/demo",
    appwriteEndpoint: "https://aw.example.com/v1",
    appwriteProjectId: "demo",
    appwriteAcceptedSecretHash: "abc",
  };
  const okChecks = { discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "ok" };
  it("re-checks on any input change, and after a failed check; not otherwise", () => {
    expect(diffVerification({ ...v, checks: okChecks }, v).changes).toBe(false);
    expect(
      diffVerification({ ...v, checks: okChecks }, { ...v, appwriteAcceptedSecretHash: "def" }).changes,
    ).toBe(true);
    expect(diffVerification({ ...v, checks: { ...okChecks, authorize: "failed: x" } }, v).changes).toBe(true);
    expect(diffVerification({ ...v, checks: okChecks }, { ...v, clientSecret: UNKNOWN }).changes).toBe(true);
  });
  it("validates the mode and the required inputs, not unknowns", () => {
    expect(validateVerificationInputs(v)).toEqual([]);
    expect(validateVerificationInputs({ ...v, mode: "loud" as never })[0].property).toBe("mode");
    expect(validateVerificationInputs({ ...v, redirectUri: "" })).toEqual([
      { property: "redirectUri", reason: expect.any(String) },
    ]);
    expect(validateVerificationInputs({ ...v, clientSecret: UNKNOWN })).toEqual([]);
    expect(validateVerificationInputs({ ...v, mode: "off", clientSecret: "" })).toEqual([]);
  });
});
