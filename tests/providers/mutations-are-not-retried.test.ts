// POST/PUT/DELETE are sent once: a retried POST /secrets would leave an extra active secret, a
// retried create a duplicate or a 409.
import { createSecret } from "../../components/pocket-id/api/secrets";
import { PocketIdApiError } from "../../components/pocket-id/api/http";
import { OidcClientProvider } from "../../components/pocket-id/oidc-client";
import { clientInputs, PocketIdEmulator, startPocketIdEmulator } from "./support";

let emu: PocketIdEmulator;
beforeAll(async () => (emu = await startPocketIdEmulator()));
afterAll(() => emu.stop());

it.each([
  ["a 503", { status: 503 }],
  ["a 429 with Retry-After", { status: 429, retryAfterSeconds: 0 }],
  ["a dropped connection", { dropConnection: true }],
])("%s on POST /secrets is reported, not retried", async (_label, fault) => {
  const inputs = clientInputs(emu);
  await new OidcClientProvider().create(inputs);
  const path = `/api/oidc/clients/${inputs.clientId}/secrets`;
  emu.injectFault({ method: "POST", path, ...fault });
  const err = await createSecret({ url: emu.url, apiKey: emu.apiKey }, inputs.clientId).catch((e) => e);
  expect(err).toBeInstanceOf(Error);
  if (err instanceof PocketIdApiError) expect(err.status).toBe((fault as { status?: number }).status);
  expect(emu.requests.filter((r) => r.method === "POST" && r.path === path)).toHaveLength(1);
});

it("a 500 on client create is reported with status, code and request id, without the key", async () => {
  const inputs = clientInputs(emu);
  const before = emu.requests.length;
  emu.injectFault({ method: "POST", path: "/api/oidc/clients", status: 500 });
  const err = await new OidcClientProvider().create(inputs).catch((e) => e);
  expect(err).toBeInstanceOf(PocketIdApiError);
  expect(err.message).toMatch(/Pocket ID POST \/api\/oidc\/clients returned 500: .*request id /);
  expect(err.message).not.toContain(emu.apiKey);
  expect(
    emu.requests.slice(before).filter((r) => r.method === "POST" && r.path === "/api/oidc/clients"),
  ).toHaveLength(1);
});
