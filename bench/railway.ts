// Railway API requests per stack operation, counted by the Railway emulator (Railway's Free plan
// allows about 100 requests an hour). Run: npx ts-node --transpile-only bench/railway.ts
//
// Time is scaled 1:100 so the bench runs in seconds: a deployment stage takes 200 ms here (≈ 20 s on
// Railway, so QUEUED → SUCCESS ≈ 60 s), and the status polls start at 30 ms (3 s) and grow ×1.6 up to
// 200 ms (20 s) — the production schedule, scaled the same way.
import * as pulumi from "@pulumi/pulumi";
import { RailwayPlatformArgs } from "../components/pocket-id/railway";
import { RailwayEmulator, startRailwayEmulator } from "../tests/emulators/railway";
import { seedProject } from "../tests/emulators/railway/fixtures";
import { MockEngine } from "../tests/emulators/railway/mock-engine";
import { emulatorArgs, newEngine, upRailway } from "../tests/emulators/railway/stack";

const SCALE = { stepMs: 200, pollIntervalMs: 30, maxPollIntervalMs: 200 };

interface Row {
  operation: string;
  total: number;
  mutations: number;
  queries: number;
  detail: string;
}

function count(emu: RailwayEmulator, operation: string): Row {
  const byName = new Map<string, number>();
  for (const r of emu.requests) byName.set(r.operationName, (byName.get(r.operationName) ?? 0) + 1);
  const row = {
    operation,
    total: emu.requests.length,
    mutations: emu.requests.filter((r) => r.kind === "mutation").length,
    queries: emu.requests.filter((r) => r.kind === "query").length,
    detail: [...byName].map(([name, n]) => (n > 1 ? `${name}×${n}` : name)).join(", "),
  };
  emu.resetRequests();
  return row;
}

async function measure(emu: RailwayEmulator, rows: Row[], operation: string, work: () => Promise<unknown>) {
  emu.resetRequests();
  await work();
  rows.push(count(emu, operation));
}

function args(
  emu: RailwayEmulator,
  over: Partial<Omit<RailwayPlatformArgs, "token">> = {},
): RailwayPlatformArgs {
  return emulatorArgs(emu, {
    pollIntervalMs: SCALE.pollIntervalMs,
    maxPollIntervalMs: SCALE.maxPollIntervalMs,
    deployTimeoutSeconds: 60,
    ...over,
  });
}

async function projectMode(rows: Row[]) {
  const emu = await startRailwayEmulator({ stepMs: SCALE.stepMs });
  try {
    const engine: MockEngine = newEngine("prod");
    await measure(emu, rows, "first deploy (own project)", () => upRailway(engine, args(emu)));
    await measure(emu, rows, "no-op update (pulumi up, no change)", () => upRailway(engine, args(emu)));
    await measure(emu, rows, "refresh (pulumi refresh / up --refresh)", () => engine.refresh());
    await measure(emu, rows, "variable change (STATIC_API_KEY)", () =>
      upRailway(engine, args(emu, { apiKey: pulumi.secret("a-rotated-static-api-key-0123456789") })),
    );
    await measure(emu, rows, "image change (v2.14.0 → v2.15.0)", () =>
      upRailway(
        engine,
        args(emu, {
          apiKey: pulumi.secret("a-rotated-static-api-key-0123456789"),
          image: "ghcr.io/pocket-id/pocket-id:v2.15.0",
        }),
      ),
    );
    await measure(emu, rows, "destroy (own project)", () => engine.destroy());
    await measure(emu, rows, "first deploy without railwayWorkspaceId", () =>
      upRailway(newEngine("other"), args(emu, { workspaceId: undefined, stackName: "other" })),
    );
  } finally {
    await emu.stop();
  }
}

async function environmentMode(rows: Row[]) {
  const emu = await startRailwayEmulator({ stepMs: SCALE.stepMs });
  try {
    const shared = await seedProject(emu, "shared");
    const engine = newEngine("pr-7");
    const a = args(emu, { projectId: shared.projectId, stackName: "pr-7" });
    await measure(emu, rows, "first deploy (environment in railwayProjectId)", () => upRailway(engine, a));
    await measure(emu, rows, "destroy (environment mode)", () => engine.destroy());
  } finally {
    await emu.stop();
  }
}

async function main() {
  // Progress messages of the deployment wait would drown the table.
  (pulumi.log as { info: (m: string) => Promise<void> }).info = async () => undefined;
  const rows: Row[] = [];
  await projectMode(rows);
  await environmentMode(rows);
  const width = Math.max(...rows.map((r) => r.operation.length));
  console.log(`\nRailway API requests per operation (Free plan: ~100 requests/hour)\n`);
  console.log(`${"operation".padEnd(width)} | total | mutations | queries | requests`);
  console.log(`${"-".repeat(width)}-|-------|-----------|---------|---------`);
  for (const r of rows) {
    console.log(
      `${r.operation.padEnd(width)} | ${String(r.total).padStart(5)} | ${String(r.mutations).padStart(9)} | ${String(r.queries).padStart(7)} | ${r.detail || "-"}`,
    );
  }
  console.log(`\nDeployment ≈ 60 s (3 stages × 20 s); polls at 3 s, ×1.6, capped at 20 s (scaled 1:100).`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
