// Reads are retried on 429/502/503/504 and network errors, waiting as long as Retry-After says.
import { getClient } from "../../components/pocket-id/api/clients";
import { PocketIdApiError } from "../../components/pocket-id/api/http";
import { getVersion } from "../../components/pocket-id/api/version";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it("a 429 with Retry-After: 1 is waited out and the GET succeeds", async () => {
  const inputs = clientInputs(emu);
  await new OidcClientProvider().create(inputs);
  const path = `/api/oidc/clients/${inputs.clientId}`;
  emu.injectFault({ method: "GET", path, status: 429, retryAfterSeconds: 1 });
  const started = Date.now();
  const client = await getClient({ url: emu.url, apiKey: emu.apiKey }, inputs.clientId);
  expect(client?.id).toBe(inputs.clientId);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(emu.requests.filter((r) => r.method === "GET" && r.path === path).map((r) => r.status)).toEqual([
    429, 200,
  ]);
});

it("502/503/504 and a dropped connection are retried; the retries are bounded", async () => {
  const inputs = clientInputs(emu);
  await new OidcClientProvider().create(inputs);
  const path = `/api/oidc/clients/${inputs.clientId}`;
  emu.injectFault({ method: "GET", path, status: 503 });
  emu.injectFault({ method: "GET", path, dropConnection: true });
  const conn = { url: emu.url, apiKey: emu.apiKey, backoffMs: 10 };
  expect((await getClient(conn, inputs.clientId))?.id).toBe(inputs.clientId);

  emu.injectFault({ method: "GET", path, status: 502, times: 10 });
  const err = await getClient({ ...conn, retries: 2 }, inputs.clientId).catch((e) => e);
  expect(err).toBeInstanceOf(PocketIdApiError);
  expect(err.status).toBe(502);
  expect(err.message).not.toContain(emu.apiKey);
});

it("a slow answer times out with the endpoint named", async () => {
  emu.injectFault({ method: "GET", path: "/api/version/current", delayMs: 2000, times: 5 });
  await expect(getVersion({ url: emu.url, apiKey: emu.apiKey, timeoutMs: 200, retries: 0 })).rejects.toThrow(
    /GET .*\/api\/version\/current failed: no answer within 200 ms/,
  );
  emu.clearFaults();
});
