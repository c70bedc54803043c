// Runs index.ts under Pulumi mocks with a given stack config and returns what it registered.
import * as pulumi from "@pulumi/pulumi";

export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, any>;
}

export interface MockedStack {
  resources: RegisteredResource[];
  outputs: Record<string, unknown>;
  /** Which exported outputs are secrets. */
  secretOutputs: string[];
  /** The raw exports, for further checks. */
  exports: Record<string, any>;
}

/** Plausible outputs of the dynamic resources, so that downstream inputs are known. */
function fakeOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  switch (type) {
    case "pulumi-nodejs:dynamic/pocketid:Bootstrap":
      return {
        version: "2.14.0",
        issuer: inputs.pocketIdUrl,
        discoveryUrl: `${inputs.pocketIdUrl}/.well-known/openid-configuration`,
        adminUserId: "u-1",
        adminLoginUrl: `${inputs.pocketIdUrl}/lc/LOGINTOKEN123`,
        setupOpen: false,
      };
    case "pulumi-nodejs:dynamic/pocketid:OidcClient":
      return { adopted: false };
    case "pulumi-nodejs:dynamic/pocketid:UserGroup":
      return { groupId: `gid-${inputs.name}`, createdByStack: true };
    case "pulumi-nodejs:dynamic/pocketid:OidcClientSecret":
      return {
        secretId: `${name}-sid`,
        clientSecret: `SECRET-${name}`,
        secretHash: `hash-${name}`,
        retiredSecretIds: [],
      };
    case "pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner":
      return { prunedSecretIds: [] };
    case "pulumi-nodejs:dynamic/appwrite:OidcProvider":
      return { enabled: true, acceptedSecretHash: "hash-appwrite-secret", serverVersion: "1.9.6" };
    case "pulumi-nodejs:dynamic/appwrite:SiteDeployment":
      return {
        domain: `demo.${inputs.sitesDomain}`,
        siteUrl: `https://demo.${inputs.sitesDomain}`,
        deploymentId: "dep-1",
      };
    case "pulumi-nodejs:dynamic/appwrite:Project":
      return {
        apiKey: "standard_FAKE",
        keyId: "pocket-id-appwrite",
        keyScopes: ["oauth2.read", "oauth2.write", ...(inputs.scopes ?? [])],
        serverVersion: "1.9.6",
        createdAt: "2026-01-01T00:00:00.000Z",
      };
    case "pulumi-nodejs:dynamic/pocketid:GeneratedKey":
      return { value: inputs.value || `generated-${name}-0123456789abcdef0123456789` };
    case "pulumi-nodejs:dynamic/railway:Project":
      return { defaultEnvironmentId: "env-default", resolvedWorkspaceId: inputs.workspaceId || "ws-1" };
    case "pulumi-nodejs:dynamic/railway:ServiceDomain":
      return { domain: "pocket-id-production.up.railway.app", suffix: "up.railway.app" };
    case "pulumi-nodejs:dynamic/railway:VariableCollection":
      return { revision: 1 };
    case "docker:index/remoteImage:RemoteImage":
      return { imageId: "sha256:0123abcd" };
    case "pulumi-nodejs:dynamic/verify:ChainVerification":
      return { checks: { discovery: "ok", authorize: "ok", clientSecret: "ok", appwriteRedirect: "ok" } };
    default:
      return {};
  }
}

/** Registers the whole stack (index.ts) under mocks. Call once per test file (module state is global). */
export async function runStack(
  config: Record<string, string>,
  secretKeys: string[],
  stack = "dev",
): Promise<MockedStack> {
  const seen: { type: string; name: string; inputs: Record<string, any> }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        seen.push({ type: args.type, name: args.name, inputs: args.inputs });
        const { __provider: _provider, ...inputs } = args.inputs;
        return { id: `${args.name}-id`, state: { ...inputs, ...fakeOutputs(args.type, args.name, inputs) } };
      },
      call: (args) => args.inputs,
    },
    "pocket-id-appwrite",
    stack,
  );
  const prefixed = Object.fromEntries(Object.entries(config).map(([k, v]) => [`pocket-id-appwrite:${k}`, v]));
  pulumi.runtime.setAllConfig(
    prefixed,
    secretKeys.map((k) => `pocket-id-appwrite:${k}`),
  );

  const exports = (await import("../../index")) as Record<string, any>;
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(exports)) {
    if (!pulumi.Output.isInstance(value)) {
      outputs[key] = value;
      continue;
    }
    outputs[key] = await new Promise((resolve) => value.apply(resolve));
    if (await pulumi.isSecret(value)) secretOutputs.push(key);
  }
  // Let registrations that nothing awaited finish.
  await new Promise((r) => setTimeout(r, 200));
  const { getMonitor } = require("@pulumi/pulumi/runtime/settings");
  const monitor = getMonitor() as { resources: Map<string, { urn: string }> };
  const resources = [...monitor.resources.keys()].map((urn) => {
    const parts = urn.split("::");
    const type = parts[2].split("$").pop()!;
    const name = parts[3];
    const registered = seen.find((s) => s.type === type && s.name === name);
    return { urn, type, name, inputs: registered?.inputs ?? {} };
  });
  return { resources, outputs, secretOutputs, exports };
}

/** The URN of each resource without the stack and project: the part a refactor must keep stable. */
export function urnShapes(stack: MockedStack): string[] {
  return stack.resources.map((r) => r.urn.split("::").slice(2).join("::")).sort();
}
