// Railway service variables: one batched upsert for the whole collection, with skipDeploys so that
// setting variables never starts a deployment by itself (the Deployment resource deploys once).
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface VariableScope {
  projectId: string;
  environmentId: string;
  serviceId: string;
}

/** The service's variables, unrendered so `${{...}}` references read back as written. */
export async function getVariables(
  conn: RailwayConnection,
  scope: VariableScope,
): Promise<Record<string, string>> {
  const data = await railwayQuery<{ variables: Record<string, string> }>(
    conn,
    "variables",
    `query variables($projectId: String!, $environmentId: String!, $serviceId: String) {
      variables(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId, unrendered: true)
    }`,
    { ...scope },
  );
  return data.variables ?? {};
}

export async function upsertVariables(
  conn: RailwayConnection,
  scope: VariableScope,
  variables: Record<string, string>,
): Promise<void> {
  await railwayMutation(
    conn,
    "variableCollectionUpsert",
    `mutation variableCollectionUpsert($input: VariableCollectionUpsertInput!) { variableCollectionUpsert(input: $input) }`,
    { input: { ...scope, variables, replace: false, skipDeploys: true } },
  );
}

export async function deleteVariable(
  conn: RailwayConnection,
  scope: VariableScope,
  name: string,
): Promise<void> {
  await railwayMutation(
    conn,
    "variableDelete",
    `mutation variableDelete($input: VariableDeleteInput!) { variableDelete(input: $input) }`,
    { input: { ...scope, name } },
  );
}
