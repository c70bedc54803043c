// Static output only: the demo is plain HTML + a small bundled script, deployable to Appwrite Sites
// as a prebuilt "other/static" site. The Appwrite endpoint and project id are baked in at build time
// from PUBLIC_APPWRITE_ENDPOINT and PUBLIC_APPWRITE_PROJECT_ID (only PUBLIC_* variables reach the bundle).
import { defineConfig } from "astro/config";

export default defineConfig({
  output: "static",
  // /dashboard is served as dashboard/index.html, which every static host (and Appwrite Sites) resolves.
  build: { format: "directory", inlineStylesheets: "never" },
  devToolbar: { enabled: false },
});
