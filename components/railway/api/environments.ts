// Railway environments inside an existing project: create (empty, no initial deploys), read, rename, delete.
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface RailwayEnvironment {
  id: string;
  name: string;
  projectId: string;
  deletedAt: string | null;
}

const ENVIRONMENT_FIELDS = "id name projectId deletedAt";

export async function createEnvironment(
  conn: RailwayConnection,
  input: { projectId: string; name: string },
): Promise<RailwayEnvironment> {
  const data = await railwayMutation<{ environmentCreate: RailwayEnvironment }>(
    conn,
    "environmentCreate",
    `mutation environmentCreate($input: EnvironmentCreateInput!) { environmentCreate(input: $input) { ${ENVIRONMENT_FIELDS} } }`,
    { input: { ...input, skipInitialDeploys: true } },
  );
  return data.environmentCreate;
}

export async function getEnvironment(conn: RailwayConnection, id: string): Promise<RailwayEnvironment> {
  const data = await railwayQuery<{ environment: RailwayEnvironment }>(
    conn,
    "environment",
    `query environment($id: String!) { environment(id: $id) { ${ENVIRONMENT_FIELDS} } }`,
    { id },
  );
  return data.environment;
}

export async function renameEnvironment(
  conn: RailwayConnection,
  id: string,
  name: string,
): Promise<RailwayEnvironment> {
  const data = await railwayMutation<{ environmentRename: RailwayEnvironment }>(
    conn,
    "environmentRename",
    `mutation environmentRename($id: String!, $input: EnvironmentRenameInput!) { environmentRename(id: $id, input: $input) { ${ENVIRONMENT_FIELDS} } }`,
    { id, input: { name } },
  );
  return data.environmentRename;
}

export async function deleteEnvironment(conn: RailwayConnection, id: string): Promise<void> {
  await railwayMutation(
    conn,
    "environmentDelete",
    `mutation environmentDelete($id: String!) { environmentDelete(id: $id) }`,
    {
      id,
    },
  );
}
