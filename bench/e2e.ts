// Benchmark (not a test): wall time of preview, up, no-op up, refresh and destroy of the whole
// stack under the real Pulumi CLI against the emulators, with 0, 10 and 50 extraClients.
// Run with `npm run bench:e2e`.
import { startPocketIdEmulator } from "../tests/emulators/pocket-id";
import { createProject } from "../tests/e2e/harness";

interface Row {
  extraClients: number;
  step: string;
  seconds: number;
  apiCalls: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of [0, 10, 50]) {
    const emu = await startPocketIdEmulator();
    const project = await createProject(`bench-${n}`);
    try {
      await project.setConfig(
        { platform: "external", pocketIdUrl: emu.url, adminEmail: "admin@example.com", verify: "off" },
        { pocketIdApiKey: emu.apiKey },
      );
      await project.ok([
        "config",
        "set",
        "--path",
        "pocket-id-appwrite:extraCallbackUrls[0]",
        "https://app.example.com/cb",
      ]);
      const extras = Array.from({ length: n }, (_, i) => ({
        id: `app-${i}`,
        name: `App ${i}`,
        callbackUrls: [`https://app-${i}.example.com/cb`],
      }));
      await project.ok([
        "config",
        "set",
        "--path",
        "pocket-id-appwrite:extraClients",
        JSON.stringify(extras),
      ]);
      for (const [step, args] of [
        ["preview", ["preview"]],
        ["up", ["up", "--yes", "--skip-preview"]],
        ["no-op up", ["up", "--yes", "--skip-preview", "--expect-no-changes"]],
        ["refresh", ["refresh", "--yes", "--skip-preview"]],
        ["destroy", ["destroy", "--yes", "--skip-preview"]],
      ] as [string, string[]][]) {
        const calls = emu.requests.length;
        const started = performance.now();
        await project.ok(args);
        rows.push({
          extraClients: n,
          step,
          seconds: Math.round((performance.now() - started) / 100) / 10,
          apiCalls: emu.requests.length - calls,
        });
      }
    } finally {
      await emu.stop();
      project.cleanup();
    }
  }
  console.log("| extraClients | step     | wall s | Pocket ID API calls |");
  console.log("|--------------|----------|--------|---------------------|");
  for (const r of rows) {
    console.log(
      `| ${String(r.extraClients).padStart(12)} | ${r.step.padEnd(8)} | ${String(r.seconds).padStart(6)} | ${String(r.apiCalls).padStart(19)} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
