// Benchmark (not a test): Pocket ID API calls and wall time per provider operation against the
// emulator, and how creating N clients scales. Run with `npm run bench`.
import { BootstrapProvider } from "../components/pocket-id/bootstrap";
import { ClientSecretProvider } from "../components/pocket-id/client-secret";
import { OidcClientInputs, OidcClientProvider } from "../components/pocket-id/oidc-client";
import { SecretPrunerProvider } from "../components/pocket-id/secret-pruner";
import { PocketIdEmulator, startPocketIdEmulator } from "../tests/emulators/pocket-id";

interface Row {
  operation: string;
  calls: number;
  mutations: number;
  ms: number;
}

async function measure(emu: PocketIdEmulator, operation: string, work: () => Promise<unknown>): Promise<Row> {
  const before = emu.requests.length;
  const mutatingBefore = emu.mutatingRequests().length;
  const started = performance.now();
  await work();
  return {
    operation,
    calls: emu.requests.length - before,
    mutations: emu.mutatingRequests().length - mutatingBefore,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

function clientInputs(emu: PocketIdEmulator, clientId: string, groups: string[] = []): OidcClientInputs {
  return {
    pocketIdUrl: emu.url,
    apiKey: emu.apiKey,
    clientId,
    name: clientId,
    callbackUrls: [`https://${clientId}.example.com/cb`],
    logoutCallbackUrls: [],
    allowedGroupIds: groups,
    isPublic: false,
    pkceEnabled: false,
    requireConfidential: true,
    adoptExisting: false,
  };
}

/** One application: client + secret + pruner, through its life. */
async function lifecycle(emu: PocketIdEmulator, groups: string[]): Promise<Row[]> {
  const client = new OidcClientProvider();
  const secret = new ClientSecretProvider();
  const pruner = new SecretPrunerProvider();
  const boot = new BootstrapProvider();
  const conn = { pocketIdUrl: emu.url, apiKey: emu.apiKey };
  const rows: Row[] = [];
  const bootInputs = {
    ...conn,
    platform: "external",
    adminEmail: "admin@example.com",
    adminUsername: "admin",
    adminLoginTtl: "24h",
    adminLoginRotation: "1",
    readinessTimeoutSeconds: 30,
    allowUrlChange: false,
  };
  let bootOuts: Awaited<ReturnType<BootstrapProvider["create"]>>["outs"];
  rows.push(
    await measure(
      emu,
      "bootstrap (readiness, version, admin, link)",
      async () => (bootOuts = (await boot.create(bootInputs)).outs),
    ),
  );

  const inputs = clientInputs(emu, "bench-app", groups);
  let c: Awaited<ReturnType<OidcClientProvider["create"]>>;
  let s: Awaited<ReturnType<ClientSecretProvider["create"]>>;
  let p: Awaited<ReturnType<SecretPrunerProvider["create"]>>;
  const prunerInputs = () => ({
    ...conn,
    clientId: inputs.clientId,
    currentSecretId: s.outs!.secretId,
    currentSecretHash: s.outs!.secretHash,
    acceptedSecretHash: s.outs!.secretHash,
    retiredSecretIds: s.outs!.retiredSecretIds,
  });
  rows.push(
    await measure(
      emu,
      `create (client${groups.length ? ` + ${groups.length} groups` : ""} + secret + pruner)`,
      async () => {
        c = await client.create(inputs);
        s = await secret.create({ ...conn, clientId: inputs.clientId, rotation: "1" });
        p = await pruner.create(prunerInputs());
      },
    ),
  );
  rows.push(
    await measure(emu, "check + diff (preview of a no-op)", async () => {
      await client.check(inputs, inputs);
      await client.diff(c.id, c.outs!, inputs);
      await secret.diff(s.id, s.outs!, { ...conn, clientId: inputs.clientId, rotation: "1" });
      await pruner.diff(p.id, p.outs!, prunerInputs());
      await boot.diff("b", bootOuts!, bootInputs);
    }),
  );
  rows.push(
    await measure(emu, "no-op update (diff says no change: no update call)", async () => {
      const changed = [
        (await client.diff(c.id, c.outs!, inputs)).changes,
        (await secret.diff(s.id, s.outs!, { ...conn, clientId: inputs.clientId, rotation: "1" })).changes,
      ];
      if (changed.some(Boolean)) throw new Error("a no-op reported changes");
    }),
  );
  rows.push(
    await measure(emu, "refresh (read bootstrap + client + secret)", async () => {
      await boot.read("b", bootOuts!);
      await client.read(c.id, c.outs!);
      await secret.read(s.id, s.outs!);
    }),
  );
  rows.push(
    await measure(emu, "rotate (new secret, then prune the old)", async () => {
      s = {
        id: s.id,
        outs: (await secret.update(s.id, s.outs!, { ...conn, clientId: inputs.clientId, rotation: "2" }))
          .outs,
      };
      p = { id: p.id, outs: (await pruner.update(p.id, p.outs!, prunerInputs())).outs };
    }),
  );
  rows.push(
    await measure(emu, "update (callback URL changed)", async () => {
      c = {
        id: c.id,
        outs: (
          await client.update(c.id, c.outs!, { ...inputs, callbackUrls: ["https://changed.example.com/cb"] })
        ).outs,
      };
    }),
  );
  rows.push(
    await measure(emu, "delete (pruner + secret + client)", async () => {
      await pruner.delete();
      await secret.delete(s.id, s.outs!);
      await client.delete(c.id, c.outs!);
    }),
  );
  return rows;
}

async function createMany(n: number): Promise<Row> {
  const emu = await startPocketIdEmulator();
  try {
    const client = new OidcClientProvider();
    const secret = new ClientSecretProvider();
    return await measure(emu, `create ${n} client${n > 1 ? "s" : ""} + secrets`, async () => {
      for (let i = 0; i < n; i++) {
        const c = await client.create(clientInputs(emu, `bench-${i}`));
        await secret.create({ pocketIdUrl: emu.url, apiKey: emu.apiKey, clientId: c.id, rotation: "1" });
      }
    });
  } finally {
    await emu.stop();
  }
}

function print(title: string, rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.operation.length), 9);
  console.log(`\n${title}`);
  console.log(`| ${"operation".padEnd(width)} | API calls | mutations | wall ms |`);
  console.log(`|${"-".repeat(width + 2)}|-----------|-----------|---------|`);
  for (const r of rows) {
    console.log(
      `| ${r.operation.padEnd(width)} | ${String(r.calls).padStart(9)} | ${String(r.mutations).padStart(9)} | ${String(r.ms).padStart(7)} |`,
    );
  }
}

async function main(): Promise<void> {
  for (const groups of [[], ["staff", "admins"]]) {
    const emu = await startPocketIdEmulator();
    try {
      print(
        `Pocket ID provider operations against the emulator (${groups.length} allowed groups)`,
        await lifecycle(emu, groups),
      );
    } finally {
      await emu.stop();
    }
  }
  const scaling: Row[] = [];
  for (const n of [1, 10, 50]) scaling.push(await createMany(n));
  print("Creating N clients through the providers", scaling);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
