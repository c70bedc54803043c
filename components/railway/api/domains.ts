// Railway service domains (`<name>.up.railway.app`), created with the port Pocket ID listens on.
import { RailwayConnection, railwayMutation, railwayQuery } from "./http";

export interface RailwayServiceDomain {
  id: string;
  domain: string;
  suffix: string | null;
  targetPort: number | null;
  environmentId: string;
  serviceId: string;
}

const DOMAIN_FIELDS = "id domain suffix targetPort environmentId serviceId";

export async function createServiceDomain(
  conn: RailwayConnection,
  input: { environmentId: string; serviceId: string; targetPort?: number },
): Promise<RailwayServiceDomain> {
  const data = await railwayMutation<{ serviceDomainCreate: RailwayServiceDomain }>(
    conn,
    "serviceDomainCreate",
    `mutation serviceDomainCreate($input: ServiceDomainCreateInput!) { serviceDomainCreate(input: $input) { ${DOMAIN_FIELDS} } }`,
    { input },
  );
  return data.serviceDomainCreate;
}

export async function listServiceDomains(
  conn: RailwayConnection,
  scope: { projectId: string; environmentId: string; serviceId: string },
): Promise<RailwayServiceDomain[]> {
  const data = await railwayQuery<{ domains: { serviceDomains: RailwayServiceDomain[] } }>(
    conn,
    "domains",
    `query domains($projectId: String!, $environmentId: String!, $serviceId: String!) {
      domains(projectId: $projectId, environmentId: $environmentId, serviceId: $serviceId) { serviceDomains { ${DOMAIN_FIELDS} } }
    }`,
    { ...scope },
  );
  return data.domains.serviceDomains;
}

export async function updateServiceDomain(
  conn: RailwayConnection,
  input: {
    serviceDomainId: string;
    serviceId: string;
    environmentId: string;
    domain: string;
    targetPort?: number;
  },
): Promise<void> {
  await railwayMutation(
    conn,
    "serviceDomainUpdate",
    `mutation serviceDomainUpdate($input: ServiceDomainUpdateInput!) { serviceDomainUpdate(input: $input) }`,
    { input },
  );
}

export async function deleteServiceDomain(conn: RailwayConnection, id: string): Promise<void> {
  await railwayMutation(
    conn,
    "serviceDomainDelete",
    `mutation serviceDomainDelete($id: String!) { serviceDomainDelete(id: $id) }`,
    {
      id,
    },
  );
}
