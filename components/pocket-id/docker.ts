// Pocket ID in local Docker (the `dev` stack): the pinned image, a named volume at /app/data and a
// container on localhost:<dockerHostPort>, with the keys generated once and kept as secrets.
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { encryptionKey, staticApiKey } from "./generated-key";
import type { PlatformDeployment } from "./railway";

export type { PlatformDeployment } from "./railway";

/** Port Pocket ID listens on inside the container. */
export const POCKET_ID_PORT = 1411;
/** Pocket ID keeps its SQLite database and uploads here (WORKDIR /app, data/ relative to it). */
export const POCKET_ID_DATA_DIR = "/app/data";

export interface DockerPlatformArgs {
  /** Pinned image, e.g. ghcr.io/pocket-id/pocket-id:v2.14.0. */
  image: string;
  /** Port on the host (config `dockerHostPort`). */
  hostPort: number;
  /** Public URL when Pocket ID is reached through a tunnel (config `pocketIdUrl`); default http://localhost:<hostPort>. */
  publicUrl?: string;
  /** STATIC_API_KEY override (config `pocketIdApiKey`, secret); unset: generated. */
  apiKey?: pulumi.Output<string>;
  /** ENCRYPTION_KEY override (config `encryptionKey`, secret); unset: generated. */
  encryptionKey?: pulumi.Output<string>;
  /** Protect the data volume and the generated keys (config `protectData`). */
  protectData: boolean;
  /** Used in the Docker object names; default the Pulumi stack name. */
  stackName?: string;
}

/** The container's environment as KEY=value strings (the secret ones make the list a secret). */
export function dockerEnvironment(appUrl: string, keys: { encryptionKey: string; apiKey: string }): string[] {
  return [
    `APP_URL=${appUrl}`,
    `ENCRYPTION_KEY=${keys.encryptionKey}`,
    `STATIC_API_KEY=${keys.apiKey}`,
    `ANALYTICS_DISABLED=true`,
    `VERSION_CHECK_DISABLED=true`,
    `PORT=${POCKET_ID_PORT}`,
  ];
}

/** Deploys Pocket ID with @pulumi/docker; bootstrap waits for the container. */
export function deployOnDocker(
  name: string,
  args: DockerPlatformArgs,
  parent: pulumi.Resource,
): PlatformDeployment {
  const stack = args.stackName ?? pulumi.getStack();
  const appUrl = args.publicUrl ?? `http://localhost:${args.hostPort}`;
  const keep = { parent, protect: args.protectData };

  const encryption = encryptionKey(`${name}-encryption-key`, args.encryptionKey, keep);
  const api = staticApiKey(`${name}-api-key`, args.apiKey, keep);

  const image = new docker.RemoteImage(`${name}-image`, { name: args.image, keepLocally: true }, { parent });
  const volume = new docker.Volume(`${name}-data`, { name: `pocket-id-${stack}-data` }, keep);

  const container = new docker.Container(
    `${name}-container`,
    {
      name: `pocket-id-${stack}`,
      image: image.imageId,
      envs: pulumi.secret(
        pulumi
          .all([encryption.value, api.value])
          .apply(([encryptionKeyValue, apiKeyValue]) =>
            dockerEnvironment(appUrl, { encryptionKey: encryptionKeyValue, apiKey: apiKeyValue }),
          ),
      ),
      ports: [{ internal: POCKET_ID_PORT, external: args.hostPort }],
      volumes: [{ volumeName: volume.name, containerPath: POCKET_ID_DATA_DIR }],
      restart: "unless-stopped",
      healthcheck: {
        tests: ["CMD", "/app/pocket-id", "healthcheck"],
        interval: "30s",
        timeout: "5s",
        startPeriod: "10s",
        retries: 3,
      },
      mustRun: true,
    },
    { parent },
  );

  return {
    url: pulumi.output(appUrl),
    apiKey: pulumi.secret(api.value),
    encryptionKey: pulumi.secret(encryption.value),
    dependsOn: [container],
  };
}
