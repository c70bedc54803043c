// Packs a built static site (dist/) into the .tar.gz that Appwrite Sites takes as a deployment. Used inside
// the SiteDeployment provider, so it requires its modules in the function (closure serialization).

/** A packed site: the archive's path, its size, and a function that removes it. */
export interface SiteArchive {
  path: string;
  bytes: number;
  cleanup(): void;
}

/**
 * `tar -czf <tmp>/site.tar.gz -C <distDir> .` with the system tar. The name must end in .gz (Appwrite checks
 * the extension); index.html must be at the archive's root because the site's output directory is "./".
 */
export async function packSite(distDir: string): Promise<SiteArchive> {
  const fs = require("fs") as typeof import("fs");
  const os = require("os") as typeof import("os");
  const path = require("path") as typeof import("path");
  const { execFile } = require("child_process") as typeof import("child_process");
  if (!fs.existsSync(path.join(distDir, "index.html"))) {
    throw new Error(
      `${distDir} has no index.html: the demo app is not built. DemoSite builds it before deploying; ` +
        `if the build ran on another machine, run \`npm --prefix app ci && npm --prefix app run build\` with ` +
        `PUBLIC_APPWRITE_ENDPOINT and PUBLIC_APPWRITE_PROJECT_ID set, or \`pulumi up --replace\` the build command.`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pia-site-"));
  const archive = path.join(dir, "site.tar.gz");
  await new Promise<void>((resolve, reject) =>
    execFile("tar", ["-czf", archive, "-C", distDir, "."], { timeout: 120_000 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`packing ${distDir} with tar failed: ${stderr || err.message}`)) : resolve(),
    ),
  );
  return {
    path: archive,
    bytes: fs.statSync(archive).size,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
