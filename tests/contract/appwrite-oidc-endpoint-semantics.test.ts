// The Appwrite facts the stack relies on, as API-level scenarios. They run against the Appwrite emulator by
// default; set APPWRITE_CONTRACT_ENDPOINT (…/v1), APPWRITE_CONTRACT_PROJECT and APPWRITE_CONTRACT_KEY (a key
// with the OAuth2 read/write scopes of that server) to prove the emulator faithful against a real Appwrite.
// The suite rewrites that project's OIDC settings and switches OIDC off at the end: use a throwaway project.
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { AppwriteEmulator, startAppwriteEmulator } from "../emulators/appwrite";

const realEndpoint = process.env.APPWRITE_CONTRACT_ENDPOINT;
const realProject = process.env.APPWRITE_CONTRACT_PROJECT;
const realKey = process.env.APPWRITE_CONTRACT_KEY;
const againstRealServer = Boolean(realEndpoint && realProject && realKey);

let endpoint: string;
let projectId: string;
let apiKey: string;
let emulator: AppwriteEmulator | undefined;
let discovery: Server | undefined;
let wellKnownUrl: string;

beforeAll(async () => {
  if (againstRealServer) {
    endpoint = realEndpoint!.replace(/\/+$/, "");
    projectId = realProject!;
    apiKey = realKey!;
    wellKnownUrl =
      process.env.APPWRITE_CONTRACT_WELL_KNOWN_URL ?? "https://idp.example/.well-known/openid-configuration";
    return;
  }
  emulator = await startAppwriteEmulator({ projects: ["contract"] });
  endpoint = emulator.endpoint;
  projectId = "contract";
  apiKey = emulator.createApiKey("contract", ["oauth2.read", "oauth2.write"]);
  // A discovery document the emulator can fetch at login time.
  discovery = createServer((_req, res) => {
    const base = `http://127.0.0.1:${(discovery!.address() as AddressInfo).port}`;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
      }),
    );
  });
  await new Promise<void>((r) => discovery!.listen(0, "127.0.0.1", r));
  wellKnownUrl = `http://127.0.0.1:${(discovery.address() as AddressInfo).port}/.well-known/openid-configuration`;
});

afterAll(async () => {
  await patch({
    enabled: false,
    clientId: "",
    clientSecret: "",
    wellKnownURL: "",
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
  }).catch(() => undefined);
  await emulator?.stop();
  await new Promise((r) => (discovery ? discovery.close(r) : r(undefined)));
});

/** The headers node-appwrite 27.1.0 sends. */
function headers(withKey = true): Record<string, string> {
  return {
    "X-Appwrite-Project": projectId,
    "X-Appwrite-Response-Format": "1.9.5",
    "content-type": "application/json",
    ...(withKey ? { "X-Appwrite-Key": apiKey } : {}),
  };
}

async function patch(body: Record<string, unknown>, withKey = true): Promise<{ status: number; json: any }> {
  const res = await fetch(`${endpoint}/project/oauth2/oidc`, {
    method: "PATCH",
    headers: headers(withKey),
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function get(): Promise<{ status: number; json: any }> {
  const res = await fetch(`${endpoint}/project/oauth2/oidc`, { headers: headers() });
  return { status: res.status, json: await res.json() };
}

let version = "";

it("GET /v1/health/version is public and names the version", async () => {
  const res = await fetch(`${endpoint}/health/version`);
  expect(res.status).toBe(200);
  version = ((await res.json()) as { version: string }).version;
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
});

it("without a key, the OIDC routes answer 401 general_unauthorized_scope naming the scope", async () => {
  const res = await patch({ enabled: false }, false);
  expect(res.status).toBe(401);
  expect(res.json.type).toBe("general_unauthorized_scope");
  expect(res.json.message).toMatch(/missing scopes \(\["(project\.)?oauth2\.write"\]\)/);
});

it("enabling without wellKnownURL or all three endpoints is refused", async () => {
  await patch({
    enabled: false,
    clientId: "c",
    clientSecret: "s",
    wellKnownURL: "",
    authorizationURL: "",
    tokenURL: "",
    userInfoURL: "",
  });
  const res = await patch({ enabled: true });
  expect(res.status).toBe(400);
  expect(res.json.type).toBe("general_argument_invalid");
  expect(res.json.message).toMatch(/requires either wellKnownURL/);
});

it('PATCH merges: an omitted field keeps its value, "" clears it; the secret never reads back', async () => {
  await patch({
    enabled: false,
    clientId: "first",
    clientSecret: "secret-1",
    wellKnownURL: wellKnownUrl,
    tokenURL: "https://idp.example/token",
  });
  const kept = await patch({ clientId: "second", enabled: false });
  expect(kept.status).toBe(200);
  expect(kept.json).toMatchObject({
    $id: "oidc",
    clientId: "second",
    clientSecret: "",
    wellKnownURL: wellKnownUrl,
    tokenURL: "https://idp.example/token",
  });

  const cleared = await patch({ tokenURL: "", enabled: false });
  expect(cleared.json.tokenURL).toBe("");
  const read = await get();
  expect(read.status).toBe(200);
  expect(read.json).toMatchObject({
    enabled: false,
    clientId: "second",
    clientSecret: "",
    wellKnownURL: wellKnownUrl,
    tokenURL: "",
  });
});

it("an omitted enabled flag enables silently when the credentials are complete", async () => {
  await patch({ enabled: false, clientId: "c", clientSecret: "s", wellKnownURL: wellKnownUrl });
  const res = await patch({ clientId: "c" });
  expect(res.status).toBe(200);
  expect(res.json.enabled).toBe(true);
});

it("1.9.5/1.9.6 enable OIDC with an empty client secret", async () => {
  if (!/^1\.9\.[56]$/.test(version)) return; // later servers may refuse it (AW-newer hasClientSecret)
  const res = await patch({ enabled: true, clientId: "c", clientSecret: "", wellKnownURL: wellKnownUrl });
  expect(res.status).toBe(200);
  expect(res.json.enabled).toBe(true);
});

it("the guest OAuth2 token flow: 412 while disabled, a 301 to the authorize endpoint once enabled", async () => {
  await patch({ enabled: false });
  const disabled = await fetch(`${endpoint}/account/tokens/oauth2/oidc?project=${projectId}`, {
    redirect: "manual",
    headers: { accept: "text/html" },
  });
  expect(disabled.status).toBe(412);
  expect(await disabled.text()).toContain("project_provider_disabled");

  if (againstRealServer && !process.env.APPWRITE_CONTRACT_WELL_KNOWN_URL) return; // needs a document Appwrite can fetch
  await patch({ enabled: true, clientId: "contract-client", clientSecret: "s", wellKnownURL: wellKnownUrl });
  const res = await fetch(`${endpoint}/account/tokens/oauth2/oidc?project=${projectId}`, {
    redirect: "manual",
    headers: { accept: "text/html" },
  });
  expect([301, 302]).toContain(res.status);
  const location = new URL(res.headers.get("location")!);
  expect(location.searchParams.get("client_id")).toBe("contract-client");
  expect(location.searchParams.get("response_type")).toBe("code");
  expect(location.searchParams.get("scope")).toBe("openid profile email");
  expect(location.searchParams.get("redirect_uri")).toMatch(
    new RegExp(`/v1/account/sessions/oauth2/callback/oidc/${projectId}$`),
  );
});
