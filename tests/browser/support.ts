// Helpers of the browser tests: find Debian's Chromium, build the demo app against an endpoint, serve a
// directory on 127.0.0.1, and launch headless Chromium with a fresh profile.
import { execFile, execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import { tmpdir } from "os";
import { extname, join, normalize, resolve } from "path";
import type { BrowserContext } from "playwright-core";

export const ROOT = resolve(__dirname, "../..");
export const APP_DIR = join(ROOT, "app");
export const ARTIFACTS = join(ROOT, "artifacts", "browser");

/** The flags the project runs Chromium with (no network beyond 127.0.0.1 is needed). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** CHROMIUM_PATH, or the first Chromium on PATH (Debian's package installs /usr/bin/chromium). */
export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH)
    return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  for (const name of ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]) {
    try {
      const path = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

export const MISSING_CHROMIUM =
  "no Chromium found (install Debian's package: apt-get install -y chromium, or set CHROMIUM_PATH)";

/** Builds app/ into outDir with the given environment; needs `npm --prefix app ci` first. */
export async function buildApp(outDir: string, env: Record<string, string>): Promise<void> {
  if (!existsSync(join(APP_DIR, "node_modules", "astro"))) {
    throw new Error(`app/node_modules is missing: run \`npm --prefix app ci\` before the browser tests`);
  }
  await new Promise<void>((ok, fail) =>
    execFile(
      "npm",
      ["run", "build", "--", "--outDir", outDir],
      { cwd: APP_DIR, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", ...env }, timeout: 180_000 },
      (err, stdout, stderr) =>
        err ? fail(new Error(`astro build failed: ${err.message}\n${stdout}\n${stderr}`)) : ok(),
    ),
  );
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/** A static file server for a built site: `/x` serves x, or x/index.html for a directory. */
export async function serveStatic(
  dir: string,
): Promise<{ origin: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://site").pathname);
    requests.push(path);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** Headless Chromium with a fresh user-data-dir (a persistent context: Playwright owns --user-data-dir). */
export async function launchChromium(executablePath: string): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  const userDataDir = mkdtempSync(join(tmpdir(), "pia-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 720 },
    colorScheme: "light",
  });
}

export function ensureArtifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
