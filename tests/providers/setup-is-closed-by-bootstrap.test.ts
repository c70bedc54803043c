// Bootstrap closes /setup by creating the configured admin through the API and hands out a one-time
// login link; with no admin configured it warns loudly and leaves the instance alone.
import * as pulumi from "@pulumi/pulumi";
import { BootstrapInputs, BootstrapProvider } from "../../components/pocket-id/bootstrap";
import { PocketIdEmulator, startPocketIdEmulator } from "./support";

function inputs(emu: PocketIdEmulator, overrides: Partial<BootstrapInputs> = {}): BootstrapInputs {
  return {
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    platform: "external",
    adminEmail: "admin@example.com",
    adminUsername: "admin",
    adminLoginTtl: "24h",
    adminLoginRotation: "1",
    readinessTimeoutSeconds: 10,
    allowUrlChange: false,
    ...overrides,
  };
}

async function setupStatus(emu: PocketIdEmulator): Promise<number> {
  return (await fetch(`${emu.url}/api/signup/setup`)).status;
}

it("an open /setup is closed and the admin gets a working login link", async () => {
  const emu = await startPocketIdEmulator();
  try {
    expect(await setupStatus(emu)).toBe(204);
    const { outs } = await new BootstrapProvider().create(inputs(emu));
    expect(await setupStatus(emu)).toBe(404);
    expect(outs!.version).toBe("2.14.0");
    expect(outs!.issuer).toBe(emu.url);
    expect(outs!.discoveryUrl).toBe(`${emu.url}/.well-known/openid-configuration`);
    const link = new URL(outs!.adminLoginUrl);
    expect(`${link.origin}`).toBe(emu.url);
    const token = link.pathname.replace(/^\/lc\//, "");
    expect(token).toHaveLength(12); // 24h > 15 min
    const exchange = await fetch(`${emu.url}/api/one-time-access-token/${token}`, { method: "POST" });
    expect(exchange.status).toBe(200);
    expect(((await exchange.json()) as any).email).toBe("admin@example.com");
  } finally {
    await emu.stop();
  }
});

it("changing adminLoginRotation mints a fresh link for the same admin; delete keeps the admin", async () => {
  const emu = await startPocketIdEmulator();
  try {
    const provider = new BootstrapProvider();
    const first = (await provider.create(inputs(emu))).outs!;
    const noop = (await provider.update("b", first, inputs(emu))).outs!;
    expect(noop.adminLoginUrl).toBe(first.adminLoginUrl);
    const second = (await provider.update("b", first, inputs(emu, { adminLoginRotation: "2" }))).outs!;
    expect(second.adminUserId).toBe(first.adminUserId);
    expect(second.adminLoginUrl).not.toBe(first.adminLoginUrl);
    await provider.delete();
    const users: any = await fetch(`${emu.url}/api/users`, { headers: { "X-API-Key": emu.apiKey } }).then(
      (r) => r.json(),
    );
    expect(users.data.map((u: { email: string }) => u.email)).toContain("admin@example.com");
  } finally {
    await emu.stop();
  }
});

it("an open /setup without adminEmail is left open with a loud warning", async () => {
  const emu = await startPocketIdEmulator();
  const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
  try {
    const { outs } = await new BootstrapProvider().create(inputs(emu, { adminEmail: "", adminUsername: "" }));
    expect(outs!.setupOpen).toBe(true);
    expect(outs!.adminLoginUrl).toBe("");
    expect(await setupStatus(emu)).toBe(204);
    expect(warn.mock.calls.map((c) => c[0]).join("\n")).toMatch(
      /ANYONE who reaches .*\/setup can become its admin/,
    );
  } finally {
    warn.mockRestore();
    await emu.stop();
  }
});

it("a change of pocketIdUrl is refused unless allowUrlChange", async () => {
  const emu = await startPocketIdEmulator();
  try {
    const provider = new BootstrapProvider();
    const refused = await provider.check(
      inputs(emu),
      inputs(emu, { pocketIdUrl: "https://new.example.com" }),
    );
    expect(refused.failures?.[0].reason).toMatch(/relying-party id.*allowUrlChange/);
    const allowed = await provider.check(
      inputs(emu),
      inputs(emu, { pocketIdUrl: "https://new.example.com", allowUrlChange: true }),
    );
    expect(allowed.failures).toBeUndefined();
  } finally {
    await emu.stop();
  }
});

it("readiness waits for the issuer to match and gives up after readinessTimeoutSeconds", async () => {
  const emu = await startPocketIdEmulator({ appUrl: "https://somewhere-else.example.com" });
  try {
    const started = Date.now();
    await expect(new BootstrapProvider().create(inputs(emu, { readinessTimeoutSeconds: 2 }))).rejects.toThrow(
      /not ready after 2s \(readinessTimeoutSeconds\): discovery issuer is "https:\/\/somewhere-else.example.com"/,
    );
    expect(Date.now() - started).toBeLessThan(8000);
  } finally {
    await emu.stop();
  }
});
