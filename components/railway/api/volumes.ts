// Railway volumes. Always created with an environmentId: without one Railway may create no volume
// instance at all (terraform-provider-railway #61, PR #62), and a new instance can show up late (PR #87).
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface RailwayVolumeInstance {
  id: string;
  volumeId: string;
  environmentId: string;
  serviceId: string | null;
  mountPath: string;
  sizeMB?: number;
  state?: string | null;
}

export interface RailwayVolume {
  id: string;
  name: string;
  projectId: string;
  instances: RailwayVolumeInstance[];
}

const INSTANCE_FIELDS = "id volumeId environmentId serviceId mountPath sizeMB state";

interface RawVolume {
  id: string;
  name: string;
  projectId: string;
  volumeInstances: { edges: { node: RailwayVolumeInstance }[] };
}

export async function createVolume(
  conn: RailwayConnection,
  input: { projectId: string; environmentId: string; serviceId: string; mountPath: string; region?: string },
): Promise<RailwayVolume> {
  const data = await railwayMutation<{ volumeCreate: RawVolume }>(
    conn,
    "volumeCreate",
    `mutation volumeCreate($input: VolumeCreateInput!) {
      volumeCreate(input: $input) { id name projectId volumeInstances { edges { node { ${INSTANCE_FIELDS} } } } }
    }`,
    { input },
  );
  const v = data.volumeCreate;
  return {
    id: v.id,
    name: v.name,
    projectId: v.projectId,
    instances: v.volumeInstances.edges.map((e) => e.node),
  };
}

/** The volume instances of one environment (the environment-scoped, non-deprecated way to read volumes). */
export async function listVolumeInstances(
  conn: RailwayConnection,
  environmentId: string,
): Promise<(RailwayVolumeInstance & { volume: { id: string; name: string } })[]> {
  const data = await railwayQuery<{
    environment: {
      volumeInstances: {
        edges: { node: RailwayVolumeInstance & { volume: { id: string; name: string } } }[];
      };
    };
  }>(
    conn,
    "environmentVolumeInstances",
    `query environmentVolumeInstances($id: String!) {
      environment(id: $id) { volumeInstances { edges { node { ${INSTANCE_FIELDS} volume { id name } } } } }
    }`,
    { id: environmentId },
  );
  return data.environment.volumeInstances.edges.map((e) => e.node);
}

export async function renameVolume(conn: RailwayConnection, volumeId: string, name: string): Promise<void> {
  await railwayMutation(
    conn,
    "volumeUpdate",
    `mutation volumeUpdate($volumeId: String!, $input: VolumeUpdateInput!) { volumeUpdate(volumeId: $volumeId, input: $input) { id } }`,
    { volumeId, input: { name } },
  );
}

export async function updateVolumeMount(
  conn: RailwayConnection,
  volumeId: string,
  environmentId: string,
  mountPath: string,
): Promise<void> {
  await railwayMutation(
    conn,
    "volumeInstanceUpdate",
    `mutation volumeInstanceUpdate($volumeId: String!, $environmentId: String, $input: VolumeInstanceUpdateInput!) {
      volumeInstanceUpdate(volumeId: $volumeId, environmentId: $environmentId, input: $input)
    }`,
    { volumeId, environmentId, input: { mountPath } },
  );
}

export async function deleteVolume(conn: RailwayConnection, volumeId: string): Promise<void> {
  await railwayMutation(
    conn,
    "volumeDelete",
    `mutation volumeDelete($volumeId: String!) { volumeDelete(volumeId: $volumeId) }`,
    {
      volumeId,
    },
  );
}
