// railway:Deployment — sets the image on the service instance and deploys it ONCE, then waits until
// Railway reports SUCCESS (the community provider fires serviceConnect and returns). A FAILED,
// CRASHED or REMOVED deployment fails the update with the tail of its logs. It redeploys when the
// image changes or the variables' `revision` moves, so a change of several variables deploys once.
// Polling backs off, because Railway's Free plan allows about 100 API requests an hour.
import * as pulumi from "@pulumi/pulumi";
import {
  deployServiceInstance,
  DeploymentStatus,
  FAILED_STATUSES,
  getBuildLogs,
  getDeployment,
  getDeploymentLogs,
  LogLine,
  RailwayDeployment,
  removeDeployment,
} from "./api/deployments";
import { deleteIfPresent, orUndefined, RailwayConnection } from "./api/http";
import { getServiceInstance, updateServiceInstance } from "./api/services";
import {
  gone,
  isUnknown,
  MODULE,
  RailwayAuthArgs,
  RailwayAuthInputs,
  RailwayProvider,
  reportProgress,
  requireState,
  requireStrings,
  secretOptions,
} from "./common";

export interface DeploymentInputs extends RailwayAuthInputs {
  environmentId: string;
  serviceId: string;
  /** Pinned container image, e.g. ghcr.io/pocket-id/pocket-id:v2.14.0. */
  image: string;
  /** HTTP path Railway probes before it routes traffic to a new deployment; empty for none. */
  healthcheckPath?: string;
  /** The variables' revision: a new value redeploys. */
  variablesRevision?: number;
  /** Name used in progress messages. */
  label?: string;
  /** Give up waiting after this many seconds; default 600. */
  timeoutSeconds?: number;
  /** First poll interval in ms (default 3000); grows 1.6× per poll up to maxPollIntervalMs. */
  pollIntervalMs?: number;
  /** Longest poll interval in ms; default 20000. */
  maxPollIntervalMs?: number;
}

export interface DeploymentOutputs extends DeploymentInputs {
  deploymentId: string;
  status: DeploymentStatus;
}

/** Inputs that only tune the wait: changing them is not a reason to deploy. */
const TUNING_KEYS = ["label", "timeoutSeconds", "pollIntervalMs", "maxPollIntervalMs"];

/** Why a deployment is needed for this update, or [] when none is. */
export function redeployReasons(olds: Partial<DeploymentOutputs>, news: DeploymentInputs): string[] {
  const reasons: string[] = [];
  if (olds.image !== news.image) reasons.push(`image ${olds.image ?? "(none)"} → ${news.image}`);
  if ((olds.healthcheckPath ?? "") !== (news.healthcheckPath ?? ""))
    reasons.push("health check path changed");
  if ((olds.variablesRevision ?? 0) !== (news.variablesRevision ?? 0)) reasons.push("variables changed");
  if (olds.status !== undefined && olds.status !== "SUCCESS")
    reasons.push(`last deployment is ${olds.status}`);
  return reasons;
}

/** The last lines of a log, one per line, indented for an error message. */
export function formatLogTail(lines: LogLine[], max = 30): string {
  const tail = lines.slice(-max);
  if (tail.length === 0) return "  (no log lines)";
  return tail.map((l) => `  ${l.timestamp ? `${l.timestamp} ` : ""}${l.message}`).join("\n");
}

/** Backoff schedule of the status polls: first, first×1.6, … capped at max. */
export function nextPollDelay(current: number, max: number): number {
  return Math.min(Math.round(current * 1.6), max);
}

/** The error a failed deployment raises, with the tail of the logs that explain it. */
export async function deploymentFailure(
  conn: RailwayConnection,
  deployment: Pick<RailwayDeployment, "id" | "status">,
  label: string,
): Promise<Error> {
  let logs: string;
  try {
    // A FAILED deployment usually never started (image pull/build); CRASHED ones have runtime logs.
    const lines =
      deployment.status === "FAILED"
        ? [
            ...(await getBuildLogs(conn, deployment.id, 30)),
            ...(await getDeploymentLogs(conn, deployment.id, 30)),
          ]
        : await getDeploymentLogs(conn, deployment.id, 50);
    logs = formatLogTail(lines);
  } catch (err) {
    logs = `  (the logs could not be read: ${(err as Error).message})`;
  }
  return new Error(
    `Railway deployment ${deployment.id} of ${label} ended ${deployment.status}. Last log lines:\n${logs}\n` +
      `Fix the cause (see the Railway dashboard for the full logs) and run pulumi up again; it redeploys.`,
  );
}

export interface WaitOptions {
  label: string;
  timeoutMs: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  report?: (message: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Polls one deployment with backoff until SUCCESS; throws with its logs when it fails or times out. */
export async function waitForDeployment(
  conn: RailwayConnection,
  deploymentId: string,
  options: WaitOptions,
): Promise<RailwayDeployment> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const report = options.report ?? reportProgress;
  const start = now();
  let delay = options.pollIntervalMs;
  let lastStatus: string | undefined;
  report(`${options.label}: waiting for Railway deployment ${deploymentId}`);
  for (;;) {
    await sleep(delay);
    const deployment = await getDeployment(conn, deploymentId);
    const elapsed = Math.round((now() - start) / 1000);
    if (deployment.status !== lastStatus) {
      report(`${options.label}: deployment ${deploymentId} is ${deployment.status} after ${elapsed} s`);
      lastStatus = deployment.status;
    }
    if (deployment.status === "SUCCESS") return deployment;
    if (FAILED_STATUSES.includes(deployment.status))
      throw await deploymentFailure(conn, deployment, options.label);
    if (now() - start >= options.timeoutMs) {
      const failure = await deploymentFailure(conn, deployment, options.label);
      throw new Error(
        `Railway deployment ${deploymentId} of ${options.label} is still ${deployment.status} after ` +
          `${Math.round(options.timeoutMs / 1000)} s. ${failure.message.split("\n").slice(1).join("\n")}`,
      );
    }
    delay = nextPollDelay(delay, options.maxPollIntervalMs);
  }
}

function waitOptions(i: DeploymentInputs): WaitOptions {
  return {
    label: i.label || `service ${i.serviceId}`,
    timeoutMs: (i.timeoutSeconds ?? 600) * 1000,
    pollIntervalMs: i.pollIntervalMs ?? 3_000,
    maxPollIntervalMs: i.maxPollIntervalMs ?? 20_000,
  };
}

/** Sets the instance's image (in this environment only) and starts one deployment. */
async function deploy(
  conn: RailwayConnection,
  i: DeploymentInputs,
  setSource: boolean,
): Promise<RailwayDeployment> {
  if (setSource) {
    await updateServiceInstance(conn, i.serviceId, i.environmentId, {
      source: { image: i.image },
      ...(i.healthcheckPath ? { healthcheckPath: i.healthcheckPath } : {}),
    });
  }
  const id = await deployServiceInstance(conn, i.serviceId, i.environmentId);
  return waitForDeployment(conn, id, waitOptions(i));
}

export class DeploymentProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<DeploymentInputs, DeploymentOutputs>
{
  async check(_olds: DeploymentInputs, news: DeploymentInputs) {
    const failures = requireStrings({ ...news }, ["environmentId", "serviceId", "image", "token"]);
    if (typeof news.image === "string" && !isUnknown(news.image) && /:latest$|^[^:@]+$/.test(news.image)) {
      failures.push({
        property: "image",
        reason: `image "${news.image}" is not pinned; use a version tag or digest`,
      });
    }
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: DeploymentOutputs, news: DeploymentInputs) {
    const replaces = (["environmentId", "serviceId"] as const).filter(
      (k) => isUnknown(news[k]) || olds[k] !== news[k],
    );
    const tuned = TUNING_KEYS.some(
      (k) =>
        JSON.stringify(olds[k as keyof DeploymentInputs] ?? null) !==
        JSON.stringify(news[k as keyof DeploymentInputs] ?? null),
    );
    const changes = replaces.length > 0 || redeployReasons(olds, news).length > 0 || tuned;
    return { changes, replaces };
  }

  async create(inputs: DeploymentInputs) {
    const deployment = await deploy(this.connect(inputs), inputs, true);
    // The resource is the service instance's deployment slot; each redeploy records its own deploymentId.
    return {
      id: `${inputs.serviceId}:${inputs.environmentId}`,
      outs: { ...inputs, deploymentId: deployment.id, status: deployment.status },
    };
  }

  async read(id: string, state?: DeploymentOutputs) {
    const props = requireState(state);
    const instance = await orUndefined(
      getServiceInstance(this.reconnect(props), props.serviceId, props.environmentId),
    );
    if (!instance) return gone<DeploymentOutputs>();
    const latest = instance.latestDeployment;
    return {
      id,
      props: {
        ...props,
        image: instance.source?.image ?? "",
        deploymentId: latest?.id ?? "",
        status: (latest?.status ?? "REMOVED") as DeploymentStatus,
      },
    };
  }

  async update(_id: string, olds: DeploymentOutputs, news: DeploymentInputs) {
    const reasons = redeployReasons(olds, news);
    if (reasons.length === 0)
      return { outs: { ...news, deploymentId: olds.deploymentId, status: olds.status } };
    reportProgress(`${waitOptions(news).label}: redeploying (${reasons.join("; ")})`);
    const setSource =
      olds.image !== news.image || (olds.healthcheckPath ?? "") !== (news.healthcheckPath ?? "");
    const deployment = await deploy(this.connect(news), news, setSource);
    return { outs: { ...news, deploymentId: deployment.id, status: deployment.status } };
  }

  async delete(_id: string, props: DeploymentOutputs) {
    if (props.deploymentId)
      await deleteIfPresent(() => removeDeployment(this.reconnect(props), props.deploymentId));
  }
}

export interface DeploymentArgs extends RailwayAuthArgs {
  /** The environment of the service instance. */
  environmentId: pulumi.Input<string>;
  /** The service to deploy. */
  serviceId: pulumi.Input<string>;
  /** Pinned image to run. */
  image: pulumi.Input<string>;
  /** Path Railway probes before routing traffic (Pocket ID: /healthz). */
  healthcheckPath?: pulumi.Input<string>;
  /** Pass the VariableCollection's revision so a variable change redeploys once. */
  variablesRevision?: pulumi.Input<number>;
  /** Name used in progress messages. */
  label?: pulumi.Input<string>;
  /** Seconds to wait for SUCCESS; default 600. */
  timeoutSeconds?: pulumi.Input<number>;
  /** First poll interval in ms; default 3000. */
  pollIntervalMs?: pulumi.Input<number>;
  /** Longest poll interval in ms; default 20000. */
  maxPollIntervalMs?: pulumi.Input<number>;
}

/** The running deployment of a Railway service instance, awaited until SUCCESS. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: DeploymentProvider | undefined;

export class Deployment extends pulumi.dynamic.Resource {
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly image: pulumi.Output<string>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new DeploymentProvider()),
      name,
      { deploymentId: undefined, status: undefined, ...args },
      secretOptions(opts),
      MODULE,
      "Deployment",
    );
  }
}
