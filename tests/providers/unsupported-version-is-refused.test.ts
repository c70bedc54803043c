// Servers outside >= 2.14.0 < 3 are refused with their version and the reason, before anything is created.
import { BootstrapProvider } from "../../components/pocket-id/bootstrap";
import { unsupportedVersionReason } from "../../components/pocket-id/api/version";
import { PocketIdEmulator, startPocketIdEmulator } from "./support";

async function bootstrapOn(version: string): Promise<{ emu: PocketIdEmulator; result: Promise<unknown> }> {
  const emu = await startPocketIdEmulator({ version });
  const result = new BootstrapProvider().create({
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    platform: "external",
    adminEmail: "admin@example.com",
    adminUsername: "admin",
    adminLoginTtl: "1h",
    adminLoginRotation: "1",
    readinessTimeoutSeconds: 5,
    allowUrlChange: false,
  });
  return { emu, result };
}

it.each([
  ["2.13.0", /Pocket ID 2.13.0 is older than 2.14.0: it lacks the multi-secret API/],
  ["3.0.0", /Pocket ID 3.0.0 is a new major version/],
])("version %s is refused and setup stays untouched", async (version, message) => {
  const { emu, result } = await bootstrapOn(version);
  try {
    await expect(result).rejects.toThrow(message);
    expect(emu.mutatingRequests()).toEqual([]);
  } finally {
    await emu.stop();
  }
});

it("2.14.0 and later 2.x are accepted; dev builds are refused", () => {
  expect(unsupportedVersionReason("2.14.0")).toBeUndefined();
  expect(unsupportedVersionReason("2.18.3")).toBeUndefined();
  expect(unsupportedVersionReason("unknown")).toMatch(/not a release version/);
});
