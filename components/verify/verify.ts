// ChainVerification: proves the passkey login chain works after every change and on every refresh. It
// takes Appwrite's outputs as inputs, so it runs after Appwrite is configured. `fail` fails the update
// with the diagnosis of every failed check (nothing is rolled back; the next up checks again), `warn`
// logs it, `off` skips the checks.
import * as pulumi from "@pulumi/pulumi";
import { allSkipped, CHECK_NAMES, ChainChecks, diagnosis, isFailed, runChecks, VerifyTarget } from "./checks";

/** The value Pulumi passes for inputs that are not known yet (during preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type VerifyMode = "fail" | "warn" | "off";

export interface ChainVerificationInputs {
  mode: VerifyMode;
  pocketIdUrl: string;
  expectedIssuer: string;
  wellKnownUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  appwriteEndpoint?: string;
  appwriteProjectId?: string;
  /** Appwrite's acceptedSecretHash: a new value means Appwrite took a new secret, so check again. */
  appwriteAcceptedSecretHash?: string;
  /** Appwrite's `enabled` output. */
  appwriteOidcEnabled?: boolean;
  /** Per-request timeout in milliseconds; default 15 s. */
  requestTimeoutMs?: number;
}

export interface ChainVerificationOutputs extends ChainVerificationInputs {
  checks: ChainChecks;
}

/** Inputs whose change re-runs the checks (all of them: any of them can break the chain). */
const INPUT_KEYS = [
  "mode",
  "pocketIdUrl",
  "expectedIssuer",
  "wellKnownUrl",
  "clientId",
  "clientSecret",
  "redirectUri",
  "appwriteEndpoint",
  "appwriteProjectId",
  "appwriteAcceptedSecretHash",
  "appwriteOidcEnabled",
  "requestTimeoutMs",
] as const;

const hasUnknown = (v: unknown): boolean => v === UNKNOWN || (Array.isArray(v) && v.includes(UNKNOWN));

/** check() failures; unknown (preview) values are not judged. */
export function validateVerificationInputs(
  news: ChainVerificationInputs,
): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  if (!hasUnknown(news.mode) && !["fail", "warn", "off"].includes(news.mode)) {
    failures.push({
      property: "mode",
      reason: `"${news.mode}" is not one of fail, warn, off (config key verify)`,
    });
  }
  if (news.mode === "off") return failures;
  for (const key of [
    "pocketIdUrl",
    "expectedIssuer",
    "wellKnownUrl",
    "clientId",
    "clientSecret",
    "redirectUri",
  ] as const) {
    if (!hasUnknown(news[key]) && !news[key])
      failures.push({ property: key, reason: "is required to verify the chain" });
  }
  return failures;
}

/** Re-check when any input changed, or when the last run found a failure (the next up checks again). */
export function diffVerification(
  olds: Partial<ChainVerificationOutputs>,
  news: ChainVerificationInputs,
): pulumi.dynamic.DiffResult {
  const changed = INPUT_KEYS.filter(
    (k) => hasUnknown(news[k]) || JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null),
  );
  const lastFailed = !!olds.checks && CHECK_NAMES.some((n) => isFailed(olds.checks![n] ?? ""));
  return { changes: changed.length > 0 || lastFailed || !olds.checks, replaces: [] };
}

function target(i: ChainVerificationInputs): VerifyTarget {
  return {
    pocketIdUrl: i.pocketIdUrl,
    expectedIssuer: i.expectedIssuer,
    wellKnownUrl: i.wellKnownUrl,
    clientId: i.clientId,
    clientSecret: i.clientSecret,
    redirectUri: i.redirectUri,
    appwriteEndpoint: i.appwriteEndpoint || undefined,
    appwriteProjectId: i.appwriteProjectId || undefined,
    appwriteOidcEnabled: i.appwriteOidcEnabled,
    timeoutMs: i.requestTimeoutMs,
  };
}

/** Runs the checks for the mode: off skips everything. */
export async function verifyChain(i: ChainVerificationInputs): Promise<ChainChecks> {
  if (i.mode === "off") return allSkipped("verify is off");
  return runChecks(target(i));
}

/** Applies the mode to a result: fail throws the diagnosis, warn logs it. */
async function enforce(mode: VerifyMode, checks: ChainChecks): Promise<void> {
  const problem = diagnosis(checks);
  if (!problem) return;
  if (mode === "fail") {
    throw new Error(
      `${problem}\nFix the causes above and run pulumi up again (set verify to "warn" to deploy anyway).`,
    );
  }
  const { log } = require("@pulumi/pulumi");
  await log.warn(problem);
}

export class ChainVerificationProvider implements pulumi.dynamic.ResourceProvider<
  ChainVerificationInputs,
  ChainVerificationOutputs
> {
  async check(
    _olds: ChainVerificationInputs,
    news: ChainVerificationInputs,
  ): Promise<pulumi.dynamic.CheckResult<ChainVerificationInputs>> {
    const failures = validateVerificationInputs(news);
    return failures.length > 0 ? { failures } : { inputs: news };
  }

  async diff(
    _id: string,
    olds: ChainVerificationOutputs,
    news: ChainVerificationInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffVerification(olds, news);
  }

  async create(inputs: ChainVerificationInputs): Promise<{ id: string; outs: ChainVerificationOutputs }> {
    const checks = await verifyChain(inputs);
    await enforce(inputs.mode, checks);
    return { id: `verify-${inputs.clientId}`, outs: { ...inputs, checks } };
  }

  async update(
    _id: string,
    _olds: ChainVerificationOutputs,
    news: ChainVerificationInputs,
  ): Promise<{ outs: ChainVerificationOutputs }> {
    const checks = await verifyChain(news);
    await enforce(news.mode, checks);
    return { outs: { ...news, checks } };
  }

  /** `pulumi refresh` re-verifies: drift shows as changed `checks`; a refresh never fails on a check. */
  async read(
    id: string,
    props?: ChainVerificationOutputs,
  ): Promise<pulumi.dynamic.ReadResult<ChainVerificationOutputs>> {
    if (!props) throw new Error("ChainVerification cannot be imported; it is created by the stack");
    const checks = await verifyChain(props);
    const problem = props.mode === "off" ? undefined : diagnosis(checks);
    if (problem) {
      const { log } = require("@pulumi/pulumi");
      await log.warn(problem);
    }
    return { id, props: { ...props, checks } };
  }

  async delete(): Promise<void> {
    // Checks own nothing.
  }
}

export interface ChainVerificationArgs {
  /** fail | warn | off (config key verify). */
  mode: pulumi.Input<VerifyMode>;
  /** Pocket ID's public URL. */
  pocketIdUrl: pulumi.Input<string>;
  /** The issuer the discovery document must name (Pocket ID's APP_URL). */
  expectedIssuer: pulumi.Input<string>;
  /** The discovery URL given to Appwrite. */
  wellKnownUrl: pulumi.Input<string>;
  /** The Pocket ID client Appwrite uses. */
  clientId: pulumi.Input<string>;
  /** Its secret (secret). */
  clientSecret: pulumi.Input<string>;
  /** The redirect URI registered in Pocket ID for Appwrite. */
  redirectUri: pulumi.Input<string>;
  /** Appwrite API root; unset skips the appwriteRedirect check. */
  appwriteEndpoint?: pulumi.Input<string | undefined>;
  /** Appwrite project id. */
  appwriteProjectId?: pulumi.Input<string | undefined>;
  /** AppwriteOidcProvider.acceptedSecretHash: orders the checks after Appwrite and re-runs them on rotation. */
  appwriteAcceptedSecretHash?: pulumi.Input<string | undefined>;
  /** AppwriteOidcProvider.enabled. */
  appwriteOidcEnabled?: pulumi.Input<boolean | undefined>;
  /** Per-request timeout in milliseconds; default 15000. */
  requestTimeoutMs?: pulumi.Input<number>;
}

export class ChainVerification extends pulumi.dynamic.Resource {
  /** `{ discovery, authorize, clientSecret, appwriteRedirect }`, each "ok", "failed: …" or "skipped: …". */
  declare readonly checks: pulumi.Output<ChainChecks>;

  constructor(name: string, args: ChainVerificationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new ChainVerificationProvider(),
      name,
      { ...args, checks: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["clientSecret"] }),
      "verify",
      "ChainVerification",
    );
  }
}
