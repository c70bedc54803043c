// PocketIdBootstrap: waits until a Pocket ID answers at its public URL, refuses unsupported
// versions, and closes /setup by creating the first admin through the API, then mints a one-time
// login link for that admin. The admin is never deleted: removing the only admin locks the instance.
import * as pulumi from "@pulumi/pulumi";
import { stateOrThrow, UNKNOWN } from "../dynamic";
import { isHealthy } from "./api/health";
import { PocketIdConnection } from "./api/http";
import { createOneTimeAccessToken } from "./api/tokens";
import { createAdmin, findUserByEmail, isSetupOpen } from "./api/users";
import { getVersion, unsupportedVersionReason } from "./api/version";
import { discoveryUrl, getDiscovery } from "./api/wellknown";

export interface BootstrapInputs {
  pocketIdUrl: string;
  apiKey: string;
  platform: string;
  adminEmail: string;
  adminUsername: string;
  adminLoginTtl: string;
  adminLoginRotation: string;
  readinessTimeoutSeconds: number;
  allowUrlChange: boolean;
}

export interface BootstrapOutputs extends BootstrapInputs {
  version: string;
  issuer: string;
  discoveryUrl: string;
  adminUserId: string;
  /** `<url>/lc/<token>`; empty when no admin is managed. Secret. */
  adminLoginUrl: string;
  /** Whether /setup was still open the last time it was looked at. */
  setupOpen: boolean;
}

function connection(i: BootstrapInputs): PocketIdConnection {
  return { url: i.pocketIdUrl, apiKey: i.apiKey };
}

/** What to tell the user when a public instance may still be claimable. */
function claimableHint(i: BootstrapInputs): string {
  return (
    ` The instance may still be claimable by anyone: open ${i.pocketIdUrl}/setup — if it shows the sign-up page, ` +
    `no admin exists yet; run pulumi up again to finish the bootstrap, or stop the service until then.`
  );
}

/** The refusal of a pocketIdUrl change (passkeys are bound to the URL), or undefined when allowed. */
export function urlChangeFailure(olds: Partial<BootstrapInputs>, news: BootstrapInputs): string | undefined {
  if (!olds.pocketIdUrl || news.pocketIdUrl === UNKNOWN || olds.pocketIdUrl === news.pocketIdUrl)
    return undefined;
  if (news.allowUrlChange) return undefined;
  return (
    `pocketIdUrl would change from ${olds.pocketIdUrl} to ${news.pocketIdUrl}. The URL is the passkeys' relying-party id, ` +
    `so every registered passkey would stop working. If you mean it, set pocket-id-appwrite:allowUrlChange to true and run again.`
  );
}

/** Polls /healthz and discovery until the server answers with issuer = its URL, reporting progress. */
export async function waitForReady(
  url: string,
  timeoutSeconds: number,
  report: (message: string) => void,
  now: () => number = Date.now,
): Promise<void> {
  const start = now();
  let delay = 500;
  let lastProblem = "no answer yet";
  let lastReport = start;
  for (;;) {
    if (await isHealthy(url)) {
      try {
        const doc = await getDiscovery(discoveryUrl(url), 10_000);
        if (doc.issuer === url) return;
        lastProblem = `discovery issuer is "${doc.issuer}", expected "${url}" (APP_URL must equal pocketIdUrl)`;
      } catch (err) {
        lastProblem = `discovery failed: ${(err as Error).message}`;
      }
    } else {
      lastProblem = "/healthz does not answer 204 yet";
    }
    const elapsed = (now() - start) / 1000;
    if (elapsed >= timeoutSeconds) {
      throw new Error(
        `Pocket ID at ${url} was not ready after ${timeoutSeconds}s (readinessTimeoutSeconds): ${lastProblem}.`,
      );
    }
    if (now() - lastReport >= 10_000) {
      report(`waiting for Pocket ID at ${url} (${Math.round(elapsed)}s): ${lastProblem}`);
      lastReport = now();
    }
    await new Promise((r) =>
      setTimeout(r, Math.min(delay, Math.max(0, timeoutSeconds * 1000 - (now() - start)))),
    );
    delay = Math.min(delay * 2, 5_000);
  }
}

async function checkVersion(conn: PocketIdConnection): Promise<string> {
  const version = await getVersion(conn);
  const reason = unsupportedVersionReason(version);
  if (reason) throw new Error(`Refusing Pocket ID at ${conn.url}: ${reason}.`);
  return version;
}

interface AdminState {
  adminUserId: string;
  adminLoginUrl: string;
  setupOpen: boolean;
}

/** Closes /setup with the configured admin, or finds that admin; mints a login link when asked. */
async function ensureAdmin(
  i: BootstrapInputs,
  previous: Partial<AdminState>,
  mintLink: boolean,
): Promise<AdminState> {
  const conn = connection(i);
  const open = await isSetupOpen(conn);
  if (!i.adminEmail) {
    if (open) {
      pulumi.log.warn(
        `SECURITY: Pocket ID at ${i.pocketIdUrl} has no admin yet and /setup is open: ANYONE who reaches ${i.pocketIdUrl}/setup can become its admin. ` +
          `Set pocket-id-appwrite:adminEmail and run pulumi up to close it, or open /setup yourself now.`,
      );
    }
    return { adminUserId: "", adminLoginUrl: "", setupOpen: open };
  }
  let userId = previous.adminUserId ?? "";
  if (open) {
    const admin = await createAdmin(conn, {
      username: i.adminUsername,
      email: i.adminEmail,
      firstName: i.adminUsername,
    });
    userId = admin.id;
    mintLink = true;
  } else if (!userId) {
    const existing = await findUserByEmail(conn, i.adminEmail);
    if (!existing) {
      pulumi.log.warn(
        `Pocket ID at ${i.pocketIdUrl} already has an admin, and no user has the email ${i.adminEmail}; no admin was created and no login link issued.`,
      );
      return { adminUserId: "", adminLoginUrl: "", setupOpen: false };
    }
    userId = existing.id;
    mintLink = true;
  }
  if (!mintLink)
    return { adminUserId: userId, adminLoginUrl: previous.adminLoginUrl ?? "", setupOpen: false };
  const token = await createOneTimeAccessToken(conn, userId, i.adminLoginTtl);
  return { adminUserId: userId, adminLoginUrl: `${i.pocketIdUrl}/lc/${token}`, setupOpen: false };
}

function withFailureHint<T>(i: BootstrapInputs, work: () => Promise<T>): Promise<T> {
  return work().catch((err: Error) => {
    const hint = i.platform === "external" ? "" : claimableHint(i);
    throw new Error(`${err.message}${hint}`);
  });
}

export class BootstrapProvider implements pulumi.dynamic.ResourceProvider<BootstrapInputs, BootstrapOutputs> {
  async check(
    olds: BootstrapInputs,
    news: BootstrapInputs,
  ): Promise<pulumi.dynamic.CheckResult<BootstrapInputs>> {
    const failure = urlChangeFailure(olds, news);
    return failure ? { failures: [{ property: "pocketIdUrl", reason: failure }] } : { inputs: news };
  }

  async diff(_id: string, olds: BootstrapOutputs, news: BootstrapInputs): Promise<pulumi.dynamic.DiffResult> {
    const keys: (keyof BootstrapInputs)[] = [
      "pocketIdUrl",
      "apiKey",
      "adminEmail",
      "adminUsername",
      "adminLoginTtl",
      "adminLoginRotation",
    ];
    return { changes: keys.some((k) => olds[k] !== news[k]) };
  }

  async create(inputs: BootstrapInputs): Promise<pulumi.dynamic.CreateResult<BootstrapOutputs>> {
    return withFailureHint(inputs, async () => {
      await waitForReady(inputs.pocketIdUrl, inputs.readinessTimeoutSeconds, (m) => pulumi.log.info(m));
      const version = await checkVersion(connection(inputs));
      const admin = await ensureAdmin(inputs, {}, true);
      return {
        id: inputs.pocketIdUrl,
        outs: { ...inputs, ...admin, version, ...derived(inputs.pocketIdUrl) },
      };
    });
  }

  async update(
    _id: string,
    olds: BootstrapOutputs,
    news: BootstrapInputs,
  ): Promise<pulumi.dynamic.UpdateResult<BootstrapOutputs>> {
    return withFailureHint(news, async () => {
      const urlChanged = olds.pocketIdUrl !== news.pocketIdUrl;
      if (urlChanged)
        await waitForReady(news.pocketIdUrl, news.readinessTimeoutSeconds, (m) => pulumi.log.info(m));
      const version = await checkVersion(connection(news));
      const mintLink =
        urlChanged ||
        olds.adminLoginRotation !== news.adminLoginRotation ||
        olds.adminLoginTtl !== news.adminLoginTtl;
      const previous = olds.adminEmail === news.adminEmail ? olds : {};
      const admin = await ensureAdmin(news, previous, mintLink);
      return { outs: { ...news, ...admin, version, ...derived(news.pocketIdUrl) } };
    });
  }

  async read(id: string, state?: BootstrapOutputs): Promise<pulumi.dynamic.ReadResult<BootstrapOutputs>> {
    const props = stateOrThrow(state, "Bootstrap");
    const conn = connection(props);
    const version = await getVersion(conn);
    const setupOpen = await isSetupOpen(conn);
    return { id, props: { ...props, version, setupOpen } };
  }

  async delete(): Promise<void> {
    // Deliberately nothing: the admin stays (deleting the only admin locks the instance).
  }
}

function derived(url: string): { issuer: string; discoveryUrl: string } {
  return { issuer: url, discoveryUrl: discoveryUrl(url) };
}

export interface PocketIdBootstrapArgs {
  /** Public URL (APP_URL) of the instance. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** docker | railway | external, for error messages. */
  platform: pulumi.Input<string>;
  /** First admin's email; empty leaves /setup alone (with a warning when it is open). */
  adminEmail: pulumi.Input<string>;
  /** First admin's username. */
  adminUsername: pulumi.Input<string>;
  /** Lifetime of the login link (Go duration). */
  adminLoginTtl: pulumi.Input<string>;
  /** Change it to mint a fresh login link. */
  adminLoginRotation: pulumi.Input<string>;
  /** How long to wait for readiness. */
  readinessTimeoutSeconds: pulumi.Input<number>;
  /** Permit a pocketIdUrl change (invalidates passkeys). */
  allowUrlChange: pulumi.Input<boolean>;
}

export class PocketIdBootstrap extends pulumi.dynamic.Resource {
  declare readonly version: pulumi.Output<string>;
  declare readonly issuer: pulumi.Output<string>;
  declare readonly discoveryUrl: pulumi.Output<string>;
  declare readonly adminUserId: pulumi.Output<string>;
  declare readonly adminLoginUrl: pulumi.Output<string>;
  declare readonly setupOpen: pulumi.Output<boolean>;
  declare readonly pocketIdUrl: pulumi.Output<string>;

  constructor(name: string, args: PocketIdBootstrapArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new BootstrapProvider(),
      name,
      {
        ...args,
        version: undefined,
        issuer: undefined,
        discoveryUrl: undefined,
        adminUserId: undefined,
        adminLoginUrl: undefined,
        setupOpen: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey", "adminLoginUrl"] }),
      "pocketid",
      "Bootstrap",
    );
  }
}
