// Railway deployments: start one for a service instance, follow its status, read its logs.
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

/** `enum DeploymentStatus` of the public schema. */
export type DeploymentStatus =
  | "BUILDING"
  | "CRASHED"
  | "DEPLOYING"
  | "FAILED"
  | "INITIALIZING"
  | "NEEDS_APPROVAL"
  | "QUEUED"
  | "REMOVED"
  | "REMOVING"
  | "SKIPPED"
  | "SLEEPING"
  | "SUCCESS"
  | "WAITING";

/** Statuses after which a deployment will not become SUCCESS. */
export const FAILED_STATUSES: readonly DeploymentStatus[] = [
  "FAILED",
  "CRASHED",
  "REMOVED",
  "REMOVING",
  "SKIPPED",
];

export interface RailwayDeployment {
  id: string;
  status: DeploymentStatus;
  serviceId: string | null;
  environmentId: string;
  createdAt?: string;
  staticUrl?: string | null;
}

export interface LogLine {
  timestamp: string;
  message: string;
  severity?: string | null;
}

/** Deploys the instance's current source and variables; resolves with the new deployment's id. */
export async function deployServiceInstance(
  conn: RailwayConnection,
  serviceId: string,
  environmentId: string,
): Promise<string> {
  const data = await railwayMutation<{ serviceInstanceDeployV2: string }>(
    conn,
    "serviceInstanceDeployV2",
    `mutation serviceInstanceDeployV2($serviceId: String!, $environmentId: String!) {
      serviceInstanceDeployV2(serviceId: $serviceId, environmentId: $environmentId)
    }`,
    { serviceId, environmentId },
  );
  return data.serviceInstanceDeployV2;
}

export async function getDeployment(conn: RailwayConnection, id: string): Promise<RailwayDeployment> {
  const data = await railwayQuery<{ deployment: RailwayDeployment }>(
    conn,
    "deployment",
    `query deployment($id: String!) { deployment(id: $id) { id status serviceId environmentId createdAt staticUrl } }`,
    { id },
  );
  return data.deployment;
}

/** The last `limit` lines the running (or crashed) container printed. */
export async function getDeploymentLogs(
  conn: RailwayConnection,
  deploymentId: string,
  limit = 50,
): Promise<LogLine[]> {
  const data = await railwayQuery<{ deploymentLogs: LogLine[] }>(
    conn,
    "deploymentLogs",
    `query deploymentLogs($deploymentId: String!, $limit: Int) {
      deploymentLogs(deploymentId: $deploymentId, limit: $limit) { timestamp message severity }
    }`,
    { deploymentId, limit },
  );
  return data.deploymentLogs ?? [];
}

/** The last `limit` lines of the build (image pull for an image source). */
export async function getBuildLogs(
  conn: RailwayConnection,
  deploymentId: string,
  limit = 50,
): Promise<LogLine[]> {
  const data = await railwayQuery<{ buildLogs: LogLine[] }>(
    conn,
    "buildLogs",
    `query buildLogs($deploymentId: String!, $limit: Int) {
      buildLogs(deploymentId: $deploymentId, limit: $limit) { timestamp message severity }
    }`,
    { deploymentId, limit },
  );
  return data.buildLogs ?? [];
}

export async function removeDeployment(conn: RailwayConnection, id: string): Promise<void> {
  await railwayMutation(
    conn,
    "deploymentRemove",
    `mutation deploymentRemove($id: String!) { deploymentRemove(id: $id) }`,
    {
      id,
    },
  );
}
