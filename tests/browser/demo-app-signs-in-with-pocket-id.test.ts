// The demo app, built against the Appwrite emulator and driven in headless Chromium: "Sign in with Pocket
// ID" navigates to Appwrite's OAuth2 endpoint for provider oidc with the project and the success/failure
// URLs; after the (emulated) identity provider approves, the dashboard greets the user by name with their
// account ID; without a session /dashboard returns to /. The bundle holds no secret and loads nothing from
// outside. Screenshots land in artifacts/browser/.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import type { BrowserContext, Page } from "playwright-core";
import { AppwriteEmulator, startAppwriteEmulator } from "../emulators/appwrite";
import { AccountEmulator, createAccountRoutes } from "../emulators/appwrite/account";
import { createSitesRoutes } from "../emulators/appwrite/sites";
import {
  MISSING_CHROMIUM,
  buildApp,
  ensureArtifactsDir,
  findChromium,
  launchChromium,
  serveStatic,
} from "./support";

jest.setTimeout(180_000);

/** The one DOM call made in the page (the project compiles without the DOM lib). */
type Window = { getComputedStyle(el: unknown): { backgroundColor: string } };

const chromiumPath = findChromium();
if (!chromiumPath && !process.env.CI) {
  console.warn(`browser tests skipped: ${MISSING_CHROMIUM}. Under CI they fail instead.`);
}
const suite = chromiumPath || process.env.CI ? describe : describe.skip;

/** A value that must never reach the bundle: the build runs with it in its environment. */
const API_KEY = "standard_" + "f00d".repeat(24);

suite("demo app in headless Chromium", () => {
  let emu: AppwriteEmulator;
  let account: AccountEmulator;
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let context: BrowserContext;
  let page: Page;
  let outDir: string;
  const outside: string[] = [];

  beforeAll(async () => {
    if (!chromiumPath) throw new Error(`CI is set but ${MISSING_CHROMIUM}; .ci/run installs it`);
    const sites = createSitesRoutes();
    account = createAccountRoutes({ webHostnames: sites.webHostnames });
    emu = await startAppwriteEmulator({ projects: ["demo"], extraRoutes: [sites.handle, account.handle] });
    emu.setOidc("demo", {
      enabled: true,
      clientId: "appwrite-demo",
      clientSecret: "client-secret-0123456789",
      wellKnownURL: "https://id.example.com/.well-known/openid-configuration",
    });

    outDir = mkdtempSync(join(tmpdir(), "pia-app-dist-"));
    await buildApp(outDir, {
      PUBLIC_APPWRITE_ENDPOINT: emu.endpoint,
      PUBLIC_APPWRITE_PROJECT_ID: "demo",
      APPWRITE_API_KEY: API_KEY,
      APPWRITE_ENDPOINT: emu.endpoint,
    });
    site = await serveStatic(outDir);

    context = await launchChromium(chromiumPath);
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (r) => {
      const host = new URL(r.url()).hostname;
      if (!["127.0.0.1"].includes(host) && !r.url().startsWith("data:")) outside.push(r.url());
    });
  });

  afterAll(async () => {
    await context?.close();
    await site?.stop();
    await emu?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("the sign-in page renders with local styles and its button", async () => {
    await page.goto(`${site.origin}/`);
    await page.getByRole("button", { name: "Sign in with Pocket ID" }).waitFor();
    expect(await page.locator("h1").textContent()).toBe("Passkey login for Appwrite");
    // The stylesheet is the bundle's own: the button is styled without anything fetched from elsewhere.
    const background = await page
      .locator("#sign-in")
      .evaluate((el) => (globalThis as unknown as Window).getComputedStyle(el).backgroundColor);
    expect(background).toBe("rgb(79, 70, 229)");
    await page.screenshot({ path: join(ensureArtifactsDir(), "sign-in.png"), fullPage: true });
  });

  it("clicking sign-in navigates to Appwrite's OAuth2 endpoint for oidc with the project and success/failure URLs", async () => {
    await page.goto(`${site.origin}/`);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().includes("/account/sessions/oauth2/")),
      page.getByRole("button", { name: "Sign in with Pocket ID" }).click(),
    ]);
    expect(request.isNavigationRequest()).toBe(true);
    const url = new URL(request.url());
    expect(`${url.origin}${url.pathname}`).toBe(`${emu.endpoint}/account/sessions/oauth2/oidc`);
    expect(url.searchParams.get("project")).toBe("demo");
    expect(url.searchParams.get("success")).toBe(`${site.origin}/dashboard`);
    expect(url.searchParams.get("failure")).toBe(`${site.origin}/`);
    // The emulator sends the browser to its consent page, standing in for Pocket ID.
    await page.waitForURL((u) => u.pathname === "/v1/emulator/oauth2/consent");
  });

  it("after the identity provider approves, the dashboard greets the user with name and account ID", async () => {
    await page.locator("#approve").click();
    await page.waitForURL(`${site.origin}/dashboard`);
    const welcome = page.locator("#welcome");
    await welcome.waitFor({ state: "visible" });
    expect(await welcome.textContent()).toBe(
      `Welcome, ${account.user.name}! Your account ID is: ${account.user.$id}`,
    );
    expect(account.sessions).toHaveLength(1);
    const get = emu.requests.filter((r) => r.method === "GET" && r.path === "/v1/account");
    expect(get.at(-1)).toMatchObject({ status: 200 });
    await page.screenshot({ path: join(ensureArtifactsDir(), "dashboard.png"), fullPage: true });
  });

  it("signing out ends the session and returns to /", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${site.origin}/`);
    expect(account.sessions).toHaveLength(0);
  });

  it("without a session, /dashboard returns to /", async () => {
    await context.clearCookies();
    const before = emu.requests.length;
    await page.goto(`${site.origin}/dashboard`);
    await page.waitForURL(`${site.origin}/`);
    const get = emu.requests.slice(before).find((r) => r.method === "GET" && r.path === "/v1/account");
    expect(get).toMatchObject({ status: 401 });
  });

  it("a refused sign-in comes back to / and says why", async () => {
    await page.goto(`${site.origin}/`);
    await page.getByRole("button", { name: "Sign in with Pocket ID" }).click();
    await page.waitForURL((u) => u.pathname === "/v1/emulator/oauth2/consent");
    await page.locator("#deny").click();
    await page.waitForURL((u) => u.origin === site.origin && u.pathname === "/");
    const error = page.locator("#login-error");
    await error.waitFor({ state: "visible" });
    expect(await error.textContent()).toContain("user_oauth2_unauthorized");
    await page.screenshot({ path: join(ensureArtifactsDir(), "sign-in-refused.png"), fullPage: true });
  });

  it("the bundle holds no secret and the pages load nothing from outside 127.0.0.1", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(outDir);
    expect(files.some((f) => f.endsWith(".css"))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain(API_KEY);
      expect(text).not.toMatch(/standard_[0-9a-f]{16}/);
      if (file.endsWith(".html")) {
        expect(text).not.toMatch(/<(link|script)[^>]+(href|src)="(https?:)?\/\//);
      }
    }
    expect(outside).toEqual([]);
  });
});
