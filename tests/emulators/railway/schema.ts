// The subset of Railway's public GraphQL API v2 schema the emulator serves. Names, arguments and
// nullability follow the introspected schema committed in terraform-community-providers/
// terraform-provider-railway (schema.graphql at b1cd755, 2026-04-21); fields this project never
// asks for are left out.
export const RAILWAY_SDL = /* GraphQL */ `
  scalar DateTime
  scalar EnvironmentVariables
  scalar JSON

  enum DeploymentStatus {
    BUILDING
    CRASHED
    DEPLOYING
    FAILED
    INITIALIZING
    NEEDS_APPROVAL
    QUEUED
    REMOVED
    REMOVING
    SKIPPED
    SLEEPING
    SUCCESS
    WAITING
  }
  enum VolumeState {
    DELETED
    DELETING
    ERROR
    MIGRATING
    MIGRATION_PENDING
    READY
    RESTORING
    UPDATING
  }
  enum RestartPolicyType {
    ALWAYS
    NEVER
    ON_FAILURE
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type Workspace {
    id: ID!
    name: String!
  }
  type User {
    id: ID!
    email: String!
    name: String
    workspaces: [Workspace!]!
  }
  type ProjectToken {
    id: ID!
    name: String!
    projectId: String!
    environmentId: String!
    project: Project!
    environment: Environment!
  }

  type Project {
    id: ID!
    name: String!
    description: String
    isPublic: Boolean!
    prDeploys: Boolean!
    isTempProject: Boolean!
    workspaceId: String
    workspace: Workspace
    createdAt: DateTime!
    updatedAt: DateTime!
    deletedAt: DateTime
    environments(first: Int): ProjectEnvironmentsConnection!
    services(first: Int): ProjectServicesConnection!
    volumes(first: Int): ProjectVolumesConnection!
  }
  type ProjectEnvironmentsConnection {
    edges: [ProjectEnvironmentsConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type ProjectEnvironmentsConnectionEdge {
    cursor: String!
    node: Environment!
  }
  type ProjectServicesConnection {
    edges: [ProjectServicesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type ProjectServicesConnectionEdge {
    cursor: String!
    node: Service!
  }
  type ProjectVolumesConnection {
    edges: [ProjectVolumesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type ProjectVolumesConnectionEdge {
    cursor: String!
    node: Volume!
  }
  type QueryProjectsConnection {
    edges: [QueryProjectsConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type QueryProjectsConnectionEdge {
    cursor: String!
    node: Project!
  }

  type Environment {
    id: ID!
    name: String!
    projectId: String!
    isEphemeral: Boolean!
    createdAt: DateTime!
    updatedAt: DateTime!
    deletedAt: DateTime
    serviceInstances(first: Int): EnvironmentServiceInstancesConnection!
    volumeInstances(first: Int): EnvironmentVolumeInstancesConnection!
  }
  type EnvironmentServiceInstancesConnection {
    edges: [EnvironmentServiceInstancesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type EnvironmentServiceInstancesConnectionEdge {
    cursor: String!
    node: ServiceInstance!
  }
  type EnvironmentVolumeInstancesConnection {
    edges: [EnvironmentVolumeInstancesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type EnvironmentVolumeInstancesConnectionEdge {
    cursor: String!
    node: VolumeInstance!
  }
  type QueryEnvironmentsConnection {
    edges: [QueryEnvironmentsConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type QueryEnvironmentsConnectionEdge {
    cursor: String!
    node: Environment!
  }

  type Service {
    id: ID!
    name: String!
    projectId: String!
    project: Project!
    icon: String
    createdAt: DateTime!
    updatedAt: DateTime!
    deletedAt: DateTime
    serviceInstances(first: Int): ServiceServiceInstancesConnection!
  }
  type ServiceServiceInstancesConnection {
    edges: [ServiceServiceInstancesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type ServiceServiceInstancesConnectionEdge {
    cursor: String!
    node: ServiceInstance!
  }

  type ServiceSource {
    image: String
    repo: String
  }
  type ServiceInstance {
    id: ID!
    serviceId: String!
    environmentId: String!
    serviceName: String!
    source: ServiceSource
    healthcheckPath: String
    healthcheckTimeout: Int
    numReplicas: Int
    restartPolicyType: RestartPolicyType!
    restartPolicyMaxRetries: Int!
    startCommand: String
    region: String
    latestDeployment: Deployment
    domains: AllDomains!
    createdAt: DateTime!
    updatedAt: DateTime!
    deletedAt: DateTime
  }

  type Volume {
    id: ID!
    name: String!
    projectId: String!
    project: Project!
    createdAt: DateTime!
    volumeInstances(first: Int): VolumeVolumeInstancesConnection!
  }
  type VolumeVolumeInstancesConnection {
    edges: [VolumeVolumeInstancesConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type VolumeVolumeInstancesConnectionEdge {
    cursor: String!
    node: VolumeInstance!
  }
  type VolumeInstance {
    id: ID!
    volumeId: String!
    volume: Volume!
    environmentId: String!
    serviceId: String
    mountPath: String!
    sizeMB: Int!
    currentSizeMB: Float!
    state: VolumeState
    region: String
    createdAt: DateTime!
  }

  type ServiceDomain {
    id: ID!
    domain: String!
    suffix: String
    targetPort: Int
    environmentId: String!
    serviceId: String!
    projectId: String
    createdAt: DateTime
    updatedAt: DateTime
    deletedAt: DateTime
  }
  type CustomDomain {
    id: ID!
    domain: String!
    environmentId: String!
    serviceId: String!
    targetPort: Int
  }
  type AllDomains {
    serviceDomains: [ServiceDomain!]!
    customDomains: [CustomDomain!]!
  }

  type Deployment {
    id: ID!
    status: DeploymentStatus!
    projectId: String!
    environmentId: String!
    serviceId: String
    createdAt: DateTime!
    updatedAt: DateTime!
    statusUpdatedAt: DateTime
    url: String
    staticUrl: String
    canRedeploy: Boolean!
    meta: JSON
  }
  type QueryDeploymentsConnection {
    edges: [QueryDeploymentsConnectionEdge!]!
    pageInfo: PageInfo!
  }
  type QueryDeploymentsConnectionEdge {
    cursor: String!
    node: Deployment!
  }
  type Log {
    message: String!
    severity: String
    timestamp: String!
  }

  input DeploymentStatusInput {
    in: [DeploymentStatus!]
    notIn: [DeploymentStatus!]
  }
  input DeploymentListInput {
    environmentId: String
    includeDeleted: Boolean
    projectId: String
    serviceId: String
    status: DeploymentStatusInput
  }

  input ProjectCreateRepo {
    branch: String!
    fullRepoName: String!
  }
  input ProjectCreateInput {
    defaultEnvironmentName: String
    description: String
    isMonorepo: Boolean
    isPublic: Boolean
    name: String
    prDeploys: Boolean
    repo: ProjectCreateRepo
    runtime: String
    workspaceId: String
  }
  input ProjectUpdateInput {
    baseEnvironmentId: String
    description: String
    isPublic: Boolean
    name: String
    prDeploys: Boolean
  }
  input EnvironmentCreateInput {
    applyChangesInBackground: Boolean
    ephemeral: Boolean
    name: String!
    projectId: String!
    skipInitialDeploys: Boolean
    sourceEnvironmentId: String
    stageInitialChanges: Boolean
  }
  input EnvironmentRenameInput {
    name: String!
  }
  input ServiceSourceInput {
    image: String
    repo: String
  }
  input RegistryCredentialsInput {
    password: String!
    username: String!
  }
  input ServiceCreateInput {
    branch: String
    environmentId: String
    icon: String
    name: String
    projectId: String!
    registryCredentials: RegistryCredentialsInput
    source: ServiceSourceInput
    templateId: String
    templateServiceId: String
    variables: EnvironmentVariables
  }
  input ServiceUpdateInput {
    icon: String
    name: String
  }
  input ServiceConnectInput {
    branch: String
    image: String
    repo: String
  }
  input ServiceInstanceUpdateInput {
    buildCommand: String
    cronSchedule: String
    dockerfilePath: String
    drainingSeconds: Int
    healthcheckPath: String
    healthcheckTimeout: Int
    ipv6EgressEnabled: Boolean
    multiRegionConfig: JSON
    nixpacksPlan: JSON
    numReplicas: Int
    overlapSeconds: Int
    preDeployCommand: [String!]
    railwayConfigFile: String
    region: String
    registryCredentials: RegistryCredentialsInput
    restartPolicyMaxRetries: Int
    restartPolicyType: RestartPolicyType
    rootDirectory: String
    sleepApplication: Boolean
    source: ServiceSourceInput
    startCommand: String
    watchPatterns: [String!]
  }
  input VolumeCreateInput {
    environmentId: String
    mountPath: String!
    projectId: String!
    region: String
    serviceId: String
  }
  input VolumeUpdateInput {
    name: String
  }
  input VolumeInstanceUpdateInput {
    mountPath: String
    serviceId: String
    state: VolumeState
  }
  input VariableUpsertInput {
    environmentId: String!
    name: String!
    projectId: String!
    serviceId: String
    skipDeploys: Boolean = false
    value: String!
  }
  input VariableCollectionUpsertInput {
    environmentId: String!
    projectId: String!
    replace: Boolean = false
    serviceId: String
    skipDeploys: Boolean = false
    variables: EnvironmentVariables!
  }
  input VariableDeleteInput {
    environmentId: String!
    name: String!
    projectId: String!
    serviceId: String
  }
  input ServiceDomainCreateInput {
    environmentId: String!
    serviceId: String!
    targetPort: Int
  }
  input ServiceDomainUpdateInput {
    domain: String!
    environmentId: String!
    serviceDomainId: String!
    serviceId: String!
    targetPort: Int
  }

  type Query {
    me: User!
    projectToken: ProjectToken!
    workspace(workspaceId: String!): Workspace!
    project(id: String!): Project!
    projects(first: Int, workspaceId: String): QueryProjectsConnection!
    environment(id: String!, projectId: String): Environment!
    environments(first: Int, projectId: String!): QueryEnvironmentsConnection!
    service(id: String!): Service!
    serviceInstance(environmentId: String!, serviceId: String!): ServiceInstance!
    variables(
      environmentId: String!
      projectId: String!
      serviceId: String
      unrendered: Boolean
    ): EnvironmentVariables!
    variablesForServiceDeployment(
      environmentId: String!
      projectId: String!
      serviceId: String!
    ): EnvironmentVariables!
    domains(environmentId: String!, projectId: String!, serviceId: String!): AllDomains!
    volumeInstance(id: String!): VolumeInstance!
    deployment(id: String!): Deployment!
    deployments(first: Int, input: DeploymentListInput!): QueryDeploymentsConnection!
    deploymentLogs(
      deploymentId: String!
      endDate: DateTime
      filter: String
      limit: Int
      startDate: DateTime
    ): [Log!]!
    buildLogs(
      deploymentId: String!
      endDate: DateTime
      filter: String
      limit: Int
      startDate: DateTime
    ): [Log!]!
  }

  type Mutation {
    projectCreate(input: ProjectCreateInput!): Project!
    projectUpdate(id: String!, input: ProjectUpdateInput!): Project!
    projectDelete(id: String!): Boolean!
    environmentCreate(input: EnvironmentCreateInput!): Environment!
    environmentRename(id: String!, input: EnvironmentRenameInput!): Environment!
    environmentDelete(id: String!): Boolean!
    serviceCreate(input: ServiceCreateInput!): Service!
    serviceUpdate(id: String!, input: ServiceUpdateInput!): Service!
    serviceDelete(environmentId: String, id: String!): Boolean!
    serviceConnect(id: String!, input: ServiceConnectInput!): Service!
    serviceDisconnect(id: String!): Service!
    serviceInstanceUpdate(
      environmentId: String
      input: ServiceInstanceUpdateInput!
      serviceId: String!
    ): Boolean!
    serviceInstanceDeployV2(commitSha: String, environmentId: String!, serviceId: String!): String!
    serviceInstanceDeploy(
      commitSha: String
      environmentId: String!
      latestCommit: Boolean
      serviceId: String!
    ): Boolean!
    serviceInstanceRedeploy(environmentId: String!, serviceId: String!): Boolean!
    volumeCreate(input: VolumeCreateInput!): Volume!
    volumeUpdate(input: VolumeUpdateInput!, volumeId: String!): Volume!
    volumeInstanceUpdate(
      environmentId: String
      input: VolumeInstanceUpdateInput!
      volumeId: String!
    ): Boolean!
    volumeDelete(volumeId: String!): Boolean!
    variableUpsert(input: VariableUpsertInput!): Boolean!
    variableCollectionUpsert(input: VariableCollectionUpsertInput!): Boolean!
    variableDelete(input: VariableDeleteInput!): Boolean!
    serviceDomainCreate(input: ServiceDomainCreateInput!): ServiceDomain!
    serviceDomainUpdate(input: ServiceDomainUpdateInput!): Boolean!
    serviceDomainDelete(id: String!): Boolean!
    deploymentRedeploy(id: String!, usePreviousImageTag: Boolean): Deployment!
    deploymentRemove(id: String!): Boolean!
    deploymentCancel(id: String!): Boolean!
  }
`;
