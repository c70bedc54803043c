// Railway projects: create in a workspace, read with environments, rename, delete.
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface RailwayEnvironmentRef {
  id: string;
  name: string;
  createdAt?: string;
}

export interface RailwayProject {
  id: string;
  name: string;
  description: string | null;
  workspaceId: string | null;
  deletedAt: string | null;
  environments: RailwayEnvironmentRef[];
}

const PROJECT_FIELDS = `id name description workspaceId deletedAt environments { edges { node { id name createdAt } } }`;

interface RawProject extends Omit<RailwayProject, "environments"> {
  environments: { edges: { node: RailwayEnvironmentRef }[] };
}

function flatten(p: RawProject): RailwayProject {
  return { ...p, environments: (p.environments?.edges ?? []).map((e) => e.node) };
}

export interface ProjectCreateInput {
  name: string;
  description?: string;
  workspaceId: string;
  defaultEnvironmentName?: string;
  isPublic?: boolean;
}

export async function createProject(
  conn: RailwayConnection,
  input: ProjectCreateInput,
): Promise<RailwayProject> {
  const data = await railwayMutation<{ projectCreate: RawProject }>(
    conn,
    "projectCreate",
    `mutation projectCreate($input: ProjectCreateInput!) { projectCreate(input: $input) { ${PROJECT_FIELDS} } }`,
    { input: { isPublic: false, prDeploys: false, ...input } },
  );
  return flatten(data.projectCreate);
}

export async function getProject(conn: RailwayConnection, id: string): Promise<RailwayProject> {
  const data = await railwayQuery<{ project: RawProject }>(
    conn,
    "project",
    `query project($id: String!) { project(id: $id) { ${PROJECT_FIELDS} } }`,
    { id },
  );
  return flatten(data.project);
}

export async function updateProject(
  conn: RailwayConnection,
  id: string,
  input: { name?: string; description?: string },
): Promise<RailwayProject> {
  const data = await railwayMutation<{ projectUpdate: RawProject }>(
    conn,
    "projectUpdate",
    `mutation projectUpdate($id: String!, $input: ProjectUpdateInput!) { projectUpdate(id: $id, input: $input) { ${PROJECT_FIELDS} } }`,
    { id, input },
  );
  return flatten(data.projectUpdate);
}

export async function deleteProject(conn: RailwayConnection, id: string): Promise<void> {
  await railwayMutation(
    conn,
    "projectDelete",
    `mutation projectDelete($id: String!) { projectDelete(id: $id) }`,
    { id },
  );
}
