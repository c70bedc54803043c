// Network and TLS failures name the Appwrite endpoint and what to check — and hold no secret.
import { execFileSync } from "child_process";
import { mkdtempSync, readFileSync } from "fs";
import { createServer as createHttpsServer, Server } from "https";
import { createServer } from "http";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { AppwriteOidcProviderProvider } from "../../components/appwrite/oidc-provider";
import { probeOidcRedirect } from "../../components/appwrite/probe";
import { AppwriteFixture, startAppwriteFixture } from "../emulators/appwrite/fixture";

const provider = new AppwriteOidcProviderProvider();
let fx: AppwriteFixture;

beforeAll(async () => {
  fx = await startAppwriteFixture();
});
afterAll(() => fx.emu.stop());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

it("a refused connection names the endpoint and appwriteEndpoint", async () => {
  const endpoint = `http://127.0.0.1:${await closedPort()}/v1`;
  const error = await provider.create(fx.inputs({ endpoint })).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error?.message).toContain(`cannot reach ${endpoint}`);
  expect(error?.message).toContain("ECONNREFUSED");
  expect(error?.message).toContain("appwriteEndpoint");
  expect(error?.message).not.toContain(fx.apiKey);
  expect(error?.message).not.toContain(fx.inputs().clientSecret);
});

it("a self-signed certificate is reported as a TLS error of that endpoint", async () => {
  const dir = mkdtempSync(join(tmpdir(), "aw-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=127.0.0.1",
      "-days",
      "1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const server: Server = createHttpsServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (_req, res) => res.end("{}"),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  try {
    const error = await provider.create(fx.inputs({ endpoint })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      new RegExp(
        `at ${endpoint.replace(/[.]/g, "\\.")} \\(project demo\\) failed: TLS error \\(.*(SELF_SIGNED|self-signed)`,
      ),
    );
    expect(error?.message).toContain("NODE_EXTRA_CA_CERTS");
    // The guest probe (node-appwrite's own fetch) names it too.
    await expect(probeOidcRedirect(endpoint, "demo", 5_000)).rejects.toThrow(
      new RegExp(`cannot reach ${endpoint.replace(/[.]/g, "\\.")}`),
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

it("a slow Appwrite is abandoned after the timeout, naming the call", async () => {
  fx.emu.injectFault({ method: "GET", path: "/v1/project/oauth2/oidc", delayMs: 1_000 });
  await expect(provider.create(fx.inputs({ requestTimeoutMs: 200 }))).rejects.toThrow(
    /GET \/v1\/project\/oauth2\/oidc at .* gave no answer within 200 ms/,
  );
  fx.emu.clearFaults();
});
