// The Railway path end to end: deployOnRailway through the real dynamic providers against the
// Railway emulator, which runs the Pocket ID emulator behind an HTTPS service domain.
// Needs NODE_EXTRA_CA_CERTS=tests/emulators/railway/tls/localhost.crt (see the README's test command).
import * as pulumi from "@pulumi/pulumi";
import { validateConfig } from "../../components/config";
import { BootstrapProvider } from "../../components/pocket-id/bootstrap";
import { ClientSecretProvider } from "../../components/pocket-id/client-secret";
import { OidcApp } from "../../components/pocket-id/oidc-app";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { SecretPrunerProvider } from "../../components/pocket-id/secret-pruner";
import { PocketIdService } from "../../components/pocket-id/service";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { MockEngine, valueOf } from "../emulators/railway/mock-engine";
import { emulatorArgs, newEngine, RAILWAY_PROVIDERS, TYPES, upRailway } from "../emulators/railway/stack";

const STACK_PROVIDERS = {
  ...RAILWAY_PROVIDERS,
  "pulumi-nodejs:dynamic/pocketid:Bootstrap": () => new BootstrapProvider(),
  "pulumi-nodejs:dynamic/pocketid:OidcClient": () => new OidcClientProvider(),
  "pulumi-nodejs:dynamic/pocketid:OidcClientSecret": () => new ClientSecretProvider(),
  "pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner": () => new SecretPrunerProvider(),
};

jest.setTimeout(60_000);

let emu: RailwayEmulator;

beforeAll(() => {
  if (!process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      "Run with NODE_EXTRA_CA_CERTS=tests/emulators/railway/tls/localhost.crt so the https service domain is trusted",
    );
  }
});

let info: jest.SpyInstance;
beforeEach(async () => {
  info = jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
  emu = await startRailwayEmulator({ stepMs: 5 });
});

afterEach(async () => {
  info.mockRestore();
  await emu.stop();
});

test("deploys, answers on https, is idempotent, refreshes clean and destroys to nothing", async () => {
  const engine = newEngine();
  const { values, operations } = await upRailway(engine, emulatorArgs(emu));
  expect(operations.every((o) => o.op === "create")).toBe(true);
  expect(values.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

  // Readiness the way the bootstrap checks it: /healthz 204 and the issuer equal to the URL.
  const health = await fetch(`${values.url}/healthz`);
  expect(health.status).toBe(204);
  const discovery = (await (await fetch(`${values.url}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
  };
  expect(discovery.issuer).toBe(values.url);
  // The admin API answers with the generated STATIC_API_KEY.
  const clients = await fetch(`${values.url}/api/oidc/clients`, { headers: { "X-API-KEY": values.apiKey } });
  expect(clients.status).toBe(200);

  emu.resetRequests();
  const second = await upRailway(engine, emulatorArgs(emu));
  expect(second.operations.every((o) => o.op === "same")).toBe(true);
  expect(emu.requestCount()).toBe(0);
  expect(second.values).toEqual(values);

  const refreshed = await engine.refresh();
  expect(refreshed).toEqual({ changed: [], gone: [] });
  expect(emu.requests.every((r) => r.kind === "query")).toBe(true);

  const destroyed = await engine.destroy();
  expect(destroyed.filter((o) => o.op === "delete").map((o) => o.key)).toEqual(
    expect.arrayContaining([`${TYPES.project}::pocket-id-project`]),
  );
  expect(emu.world.isEmpty()).toBe(true);
  expect((await fetch(`${values.url}/healthz`).catch(() => undefined))?.status).not.toBe(204);
});

test("the stack's Pocket ID on Railway: deploy, bootstrap (admin + login link) and an OIDC client", async () => {
  process.env.POCKET_ID_APPWRITE_RAILWAY_API_URL = emu.url;
  try {
    const config = validateConfig(
      {
        values: {
          platform: "railway",
          railwayToken: emu.accountToken,
          railwayWorkspaceId: emu.workspaceId,
          adminEmail: "admin@example.com",
          extraCallbackUrls: JSON.stringify(["https://app.example.com/callback"]),
          protectData: "false",
          readinessTimeoutSeconds: "30",
        },
        secretKeys: new Set(["railwayToken"]),
        env: {},
      },
      "test",
    );
    const engine = new MockEngine(STACK_PROVIDERS, "pocket-id-appwrite", "test");
    const { result } = await engine.up(() => {
      const pocketId = new PocketIdService("pocket-id", { config });
      const app = new OidcApp("appwrite", {
        pocketIdUrl: pocketId.url,
        apiKey: pocketId.apiKey,
        clientId: config.oidcClientId,
        name: config.oidcClientName,
        callbackUrls: config.callbackUrls,
        secretRotation: config.clientSecretRotation,
      });
      app.retireOldSecretsWhenAccepted(app.secretHash);
      return { pocketId, app };
    });
    const [url, adminLoginUrl, clientId, clientSecret] = await Promise.all([
      valueOf(result.pocketId.url),
      valueOf(result.pocketId.adminLoginUrl),
      valueOf(result.app.clientId),
      valueOf(result.app.clientSecret),
    ]);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(adminLoginUrl).toMatch(new RegExp(`^${url}/lc/`));
    // The client secret works at the token endpoint, through the Railway domain.
    const token = await fetch(`${url}/api/oidc/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(token.status).toBe(200);
    // /setup is closed: the bootstrap created the admin.
    const setup = await fetch(`${url}/api/signup/setup`);
    expect(setup.status).not.toBe(204);

    const destroyed = await engine.destroy();
    expect(destroyed.length).toBeGreaterThan(0);
    expect(emu.world.isEmpty()).toBe(true);
  } finally {
    delete process.env.POCKET_ID_APPWRITE_RAILWAY_API_URL;
  }
});
