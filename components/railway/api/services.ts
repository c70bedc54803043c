// Railway services and their per-environment instances. Services are created without a source, so
// nothing deploys before the volume, domain and variables exist; the source is set on the instance.
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface RailwayService {
  id: string;
  name: string;
  projectId: string;
  deletedAt: string | null;
}

const SERVICE_FIELDS = "id name projectId deletedAt";

export async function createService(
  conn: RailwayConnection,
  input: { projectId: string; name: string; environmentId?: string },
): Promise<RailwayService> {
  const data = await railwayMutation<{ serviceCreate: RailwayService }>(
    conn,
    "serviceCreate",
    `mutation serviceCreate($input: ServiceCreateInput!) { serviceCreate(input: $input) { ${SERVICE_FIELDS} } }`,
    { input },
  );
  return data.serviceCreate;
}

export async function getService(conn: RailwayConnection, id: string): Promise<RailwayService> {
  const data = await railwayQuery<{ service: RailwayService }>(
    conn,
    "service",
    `query service($id: String!) { service(id: $id) { ${SERVICE_FIELDS} } }`,
    { id },
  );
  return data.service;
}

export async function renameService(
  conn: RailwayConnection,
  id: string,
  name: string,
): Promise<RailwayService> {
  const data = await railwayMutation<{ serviceUpdate: RailwayService }>(
    conn,
    "serviceUpdate",
    `mutation serviceUpdate($id: String!, $input: ServiceUpdateInput!) { serviceUpdate(id: $id, input: $input) { ${SERVICE_FIELDS} } }`,
    { id, input: { name } },
  );
  return data.serviceUpdate;
}

export async function deleteService(
  conn: RailwayConnection,
  id: string,
  environmentId?: string,
): Promise<void> {
  await railwayMutation(
    conn,
    "serviceDelete",
    `mutation serviceDelete($id: String!, $environmentId: String) { serviceDelete(id: $id, environmentId: $environmentId) }`,
    { id, environmentId: environmentId ?? null },
  );
}

export interface RailwayServiceInstance {
  id: string;
  serviceId: string;
  environmentId: string;
  source: { image: string | null; repo: string | null } | null;
  healthcheckPath: string | null;
  latestDeployment: { id: string; status: string } | null;
}

export async function getServiceInstance(
  conn: RailwayConnection,
  serviceId: string,
  environmentId: string,
): Promise<RailwayServiceInstance> {
  const data = await railwayQuery<{ serviceInstance: RailwayServiceInstance }>(
    conn,
    "serviceInstance",
    `query serviceInstance($serviceId: String!, $environmentId: String!) {
      serviceInstance(serviceId: $serviceId, environmentId: $environmentId) {
        id serviceId environmentId source { image repo } healthcheckPath latestDeployment { id status }
      }
    }`,
    { serviceId, environmentId },
  );
  return data.serviceInstance;
}

/** Settings of one service instance (`ServiceInstanceUpdateInput`), the subset this stack sets. */
export interface ServiceInstanceSettings {
  source?: { image: string };
  healthcheckPath?: string;
  healthcheckTimeout?: number;
  numReplicas?: number;
  restartPolicyType?: "ALWAYS" | "NEVER" | "ON_FAILURE";
}

/** Updates the instance in this environment only (a null environment would touch every environment). */
export async function updateServiceInstance(
  conn: RailwayConnection,
  serviceId: string,
  environmentId: string,
  input: ServiceInstanceSettings,
): Promise<void> {
  await railwayMutation(
    conn,
    "serviceInstanceUpdate",
    `mutation serviceInstanceUpdate($serviceId: String!, $environmentId: String, $input: ServiceInstanceUpdateInput!) {
      serviceInstanceUpdate(serviceId: $serviceId, environmentId: $environmentId, input: $input)
    }`,
    { serviceId, environmentId, input },
  );
}
