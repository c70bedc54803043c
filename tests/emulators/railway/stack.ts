// Test helpers: the Railway platform of the stack (deployOnRailway) run by the MockEngine with the
// real dynamic providers against a Railway emulator.
import * as pulumi from "@pulumi/pulumi";
import { GeneratedKeyProvider } from "../../../components/pocket-id/generated-key";
import {
  deployOnRailway,
  PlatformDeployment,
  RailwayPlatformArgs,
} from "../../../components/pocket-id/railway";
import { DeploymentProvider } from "../../../components/railway/deployment";
import { EnvironmentProvider } from "../../../components/railway/environment";
import { ProjectProvider } from "../../../components/railway/project";
import { ServiceProvider } from "../../../components/railway/service";
import { ServiceDomainProvider } from "../../../components/railway/service-domain";
import { VariableCollectionProvider } from "../../../components/railway/variable-collection";
import { VolumeProvider } from "../../../components/railway/volume";
import type { RailwayEmulator } from "../railway";
import { MockEngine, valueOf } from "./mock-engine";

export const TYPES = {
  project: "pulumi-nodejs:dynamic/railway:Project",
  environment: "pulumi-nodejs:dynamic/railway:Environment",
  service: "pulumi-nodejs:dynamic/railway:Service",
  volume: "pulumi-nodejs:dynamic/railway:Volume",
  variables: "pulumi-nodejs:dynamic/railway:VariableCollection",
  domain: "pulumi-nodejs:dynamic/railway:ServiceDomain",
  deployment: "pulumi-nodejs:dynamic/railway:Deployment",
  generatedKey: "pulumi-nodejs:dynamic/pocketid:GeneratedKey",
} as const;

export const RAILWAY_PROVIDERS: Record<string, () => pulumi.dynamic.ResourceProvider> = {
  [TYPES.project]: () => new ProjectProvider(),
  [TYPES.environment]: () => new EnvironmentProvider(),
  [TYPES.service]: () => new ServiceProvider(),
  [TYPES.volume]: () => new VolumeProvider(),
  [TYPES.variables]: () => new VariableCollectionProvider(),
  [TYPES.domain]: () => new ServiceDomainProvider(),
  [TYPES.deployment]: () => new DeploymentProvider(),
  [TYPES.generatedKey]: () => new GeneratedKeyProvider(),
};

export const IMAGE = "ghcr.io/pocket-id/pocket-id:v2.14.0";

/** Platform arguments pointing at the emulator, with fast polling. */
export function emulatorArgs(
  emu: RailwayEmulator,
  overrides: Partial<Omit<RailwayPlatformArgs, "token">> & { token?: string } = {},
): RailwayPlatformArgs {
  const { token, ...rest } = overrides;
  return {
    image: IMAGE,
    stackName: "test",
    token: pulumi.secret(token ?? emu.accountToken),
    workspaceId: emu.workspaceId,
    protectData: false,
    apiUrl: emu.url,
    pollIntervalMs: 10,
    maxPollIntervalMs: 40,
    deployTimeoutSeconds: 20,
    ...rest,
  };
}

export interface DeployedValues {
  url: string;
  apiKey: string;
  encryptionKey: string;
}

/** The program: a parent component and the Railway platform under it. */
export function railwayProgram(args: RailwayPlatformArgs): () => PlatformDeployment {
  return () => {
    const parent = new pulumi.ComponentResource(
      "pocket-id-appwrite:pocket-id:PocketIdService",
      "pocket-id",
      {},
    );
    return deployOnRailway("pocket-id", args, parent);
  };
}

/** Runs `pulumi up` of the Railway platform; resolves with the platform's outputs. */
export async function upRailway(engine: MockEngine, args: RailwayPlatformArgs) {
  const { result, operations } = await engine.up(railwayProgram(args));
  const [url, apiKey, encryptionKey] = await Promise.all([
    valueOf(result.url),
    valueOf(result.apiKey),
    valueOf(result.encryptionKey),
  ]);
  return { values: { url, apiKey, encryptionKey } as DeployedValues, operations };
}

export function newEngine(stack = "test"): MockEngine {
  return new MockEngine(RAILWAY_PROVIDERS, "pocket-id-appwrite", stack);
}
