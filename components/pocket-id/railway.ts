// Pocket ID on Railway, ordered so the FIRST deployment is already right: project (or an
// environment in an existing project) → service without a source → volume at /app/data → service
// domain → every variable (APP_URL = https://<domain>) in one upsert → image set and deployed once,
// awaited until SUCCESS. The bootstrap waits for that deployment.
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "../railway/deployment";
import { Environment } from "../railway/environment";
import { Project } from "../railway/project";
import { Service } from "../railway/service";
import { ServiceDomain } from "../railway/service-domain";
import { VariableCollection } from "../railway/variable-collection";
import { Volume } from "../railway/volume";
import { encryptionKey, staticApiKey } from "./generated-key";

/** What a platform hands to PocketIdService: where Pocket ID is, its keys, and what to wait for. */
export interface PlatformDeployment {
  /** Public URL (APP_URL), which is also the issuer. */
  url: pulumi.Output<string>;
  /** STATIC_API_KEY (secret). */
  apiKey: pulumi.Output<string>;
  /** ENCRYPTION_KEY (secret). */
  encryptionKey: pulumi.Output<string>;
  /** Resources the bootstrap must wait for. */
  dependsOn: pulumi.Resource[];
}

export interface RailwayPlatformArgs {
  /** Pinned image (config `pocketIdImage`). */
  image: string;
  /** Stack name: names the project (`pocket-id-<stack>`) or the environment. */
  stackName: string;
  /** Account or workspace token (config `railwayToken`, secret). */
  token: pulumi.Output<string>;
  /** Workspace for a new project (config `railwayWorkspaceId`); unset: the token's only workspace. */
  workspaceId?: string;
  /** Existing project (config `railwayProjectId`): the stack creates an environment in it instead of a project. */
  projectId?: string;
  /** STATIC_API_KEY override (config `pocketIdApiKey`, secret); unset: generated. */
  apiKey?: pulumi.Output<string>;
  /** ENCRYPTION_KEY override (config `encryptionKey`, secret); unset: generated. */
  encryptionKey?: pulumi.Output<string>;
  /** Protect the project or environment, the volume and the generated keys (config `protectData`). */
  protectData: boolean;
  /** GraphQL endpoint; unset: env POCKET_ID_APPWRITE_RAILWAY_API_URL, else Railway's. Tests point it at the emulator. */
  apiUrl?: string;
  /** Seconds to wait for the deployment to succeed; default 600. */
  deployTimeoutSeconds?: number;
  /** First and longest deployment poll interval in ms; defaults 3000 and 20000. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

export const POCKET_ID_PORT = 1411;
export const POCKET_ID_DATA_DIR = "/app/data";

/** Service variables: plain ones and the two secrets. APP_URL is the Railway domain, known before the first deploy. */
export function railwayVariables(
  domain: pulumi.Input<string>,
  keys: { encryptionKey: pulumi.Input<string>; apiKey: pulumi.Input<string> },
): {
  variables: Record<string, pulumi.Input<string>>;
  secretVariables: Record<string, pulumi.Input<string>>;
} {
  return {
    variables: {
      APP_URL: pulumi.interpolate`https://${domain}`,
      TRUST_PROXY: "true",
      ANALYTICS_DISABLED: "true",
      VERSION_CHECK_DISABLED: "true",
      PORT: String(POCKET_ID_PORT),
    },
    secretVariables: { ENCRYPTION_KEY: keys.encryptionKey, STATIC_API_KEY: keys.apiKey },
  };
}

/** Deploys Pocket ID on Railway. Without `projectId` the stack owns a project; with it, an environment. */
export function deployOnRailway(
  name: string,
  args: RailwayPlatformArgs,
  parent: pulumi.Resource,
): PlatformDeployment {
  const auth = {
    token: pulumi.secret(args.token),
    apiUrl: args.apiUrl ?? process.env.POCKET_ID_APPWRITE_RAILWAY_API_URL ?? "",
  };
  const protect = args.protectData;
  const ownsProject = !args.projectId;

  let projectId: pulumi.Input<string>;
  let environmentId: pulumi.Output<string>;
  let project: Project | undefined;
  if (ownsProject) {
    project = new Project(
      `${name}-project`,
      {
        ...auth,
        name: `pocket-id-${args.stackName}`,
        description: `Pocket ID of the Pulumi stack ${args.stackName} (pocket-id-appwrite)`,
        workspaceId: args.workspaceId ?? "",
      },
      { parent, protect },
    );
    projectId = project.id;
    environmentId = project.defaultEnvironmentId;
  } else {
    const environment = new Environment(
      `${name}-environment`,
      { ...auth, projectId: args.projectId!, name: args.stackName },
      { parent, protect },
    );
    projectId = args.projectId!;
    environmentId = environment.id;
  }

  // Services are project-wide, so in a shared project the name carries the stack to stay unique.
  const service = new Service(
    `${name}-service`,
    { ...auth, projectId, environmentId, name: ownsProject ? "pocket-id" : `pocket-id-${args.stackName}` },
    { parent, deletedWith: project },
  );
  const scope = { ...auth, projectId, environmentId, serviceId: service.id };
  // What lives in the service goes with its owner: the stack's project (one projectDelete on destroy),
  // or in a shared project the service itself.
  const inService = { parent, deletedWith: project ?? service };

  const volume = new Volume(
    `${name}-volume`,
    { ...scope, mountPath: POCKET_ID_DATA_DIR },
    { parent, protect, deletedWith: project },
  );
  const domain = new ServiceDomain(
    `${name}-domain`,
    { ...scope, targetPort: POCKET_ID_PORT },
    { ...inService, dependsOn: [volume] },
  );

  const keyOptions = { parent, protect };
  const encryption = encryptionKey(`${name}-encryption-key`, args.encryptionKey, keyOptions);
  const api = staticApiKey(`${name}-api-key`, args.apiKey, keyOptions);

  const { variables, secretVariables } = railwayVariables(domain.domain, {
    encryptionKey: encryption.value,
    apiKey: api.value,
  });
  const collection = new VariableCollection(
    `${name}-variables`,
    { ...scope, variables, secretVariables },
    inService,
  );

  const deployment = new Deployment(
    `${name}-deployment`,
    {
      ...auth,
      environmentId,
      serviceId: service.id,
      image: args.image,
      healthcheckPath: "/healthz",
      variablesRevision: collection.revision,
      label: `Pocket ID (${args.stackName})`,
      timeoutSeconds: args.deployTimeoutSeconds ?? 600,
      pollIntervalMs: args.pollIntervalMs,
      maxPollIntervalMs: args.maxPollIntervalMs,
    },
    { ...inService, dependsOn: [volume, domain, collection] },
  );

  return {
    url: pulumi.interpolate`https://${domain.domain}`,
    apiKey: pulumi.secret(api.value),
    encryptionKey: pulumi.secret(encryption.value),
    dependsOn: [deployment],
  };
}
