// What decides whether the demo app is rebuilt and redeployed: a hash of its sources and of the public
// values baked into the bundle. Runs in the Pulumi program (not in a provider), so it may use fs freely.
import { createHash } from "crypto";
import { readdirSync, readFileSync } from "fs";
import { join, relative, sep } from "path";

/** Build output, dependencies and caches: not sources. */
const IGNORED = new Set(["node_modules", "dist", ".astro", ".git"]);

/** The app's source files (relative, "/"-separated, sorted), without build output and dependencies. */
export function listAppSources(appDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (IGNORED.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(relative(appDir, full).split(sep).join("/"));
    }
  };
  walk(appDir);
  return files.sort();
}

/** sha256 over every source file's path and content; any edit, addition or removal changes it. */
export function hashAppSources(appDir: string): string {
  const hash = createHash("sha256");
  for (const file of listAppSources(appDir)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(appDir, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

/** The build's identity: the sources plus the endpoint and project id Astro inlines into the bundle. */
export function appBuildHash(sourceHash: string, endpoint: string, projectId: string): string {
  return createHash("sha256").update(JSON.stringify({ sourceHash, endpoint, projectId })).digest("hex");
}
