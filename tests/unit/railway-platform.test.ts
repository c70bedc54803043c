// The Railway platform's resource graph under mocks: what is created, in which mode, with which
// inputs, which options (protect, deletedWith, ordering), and that no secret is a plaintext input.
import * as pulumi from "@pulumi/pulumi";
import { deployOnRailway, RailwayPlatformArgs } from "../../components/pocket-id/railway";
import {
  captureResources,
  CapturedResource,
  isSecretValue,
  plaintextOccurrences,
  unwrapSecrets,
} from "../emulators/railway/mock-capture";

jest.setTimeout(60_000);

const TOKEN = "railway-token-0123456789abcdef";
const ENCRYPTION_OVERRIDE = "configured-encryption-key-0123456789";
const T = (type: string) => `pulumi-nodejs:dynamic/${type}`;

function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case T("railway:Project"):
      return { defaultEnvironmentId: "env-default", resolvedWorkspaceId: inputs.workspaceId || "ws-1" };
    case T("railway:ServiceDomain"):
      return { domain: "pocket-id-production.up.railway.app", suffix: "up.railway.app" };
    case T("railway:VariableCollection"):
      return { revision: 1 };
    case T("pocketid:GeneratedKey"):
      return { value: inputs.value || `generated-${name}-0123456789abcdef0123456789` };
    default:
      return {};
  }
}

function args(overrides: Partial<RailwayPlatformArgs> = {}): RailwayPlatformArgs {
  return {
    image: "ghcr.io/pocket-id/pocket-id:v2.14.0",
    stackName: "prod",
    token: pulumi.secret(TOKEN),
    workspaceId: "ws-1",
    protectData: true,
    ...overrides,
  };
}

async function graph(a: RailwayPlatformArgs): Promise<Map<string, CapturedResource>> {
  const resources = await captureResources(() => {
    const parent = new pulumi.ComponentResource(
      "pocket-id-appwrite:pocket-id:PocketIdService",
      "pocket-id",
      {},
    );
    deployOnRailway("pocket-id", a, parent);
  }, fakeOutputs);
  return new Map(resources.filter((r) => r.type.startsWith("pulumi-nodejs:")).map((r) => [r.name, r]));
}

const plain = (r: CapturedResource) => unwrapSecrets(r.inputs) as Record<string, unknown>;

describe("project mode (no railwayProjectId): the stack owns a project", () => {
  let g: Map<string, CapturedResource>;
  beforeAll(async () => {
    g = await graph(args({ encryptionKey: pulumi.secret(ENCRYPTION_OVERRIDE) }));
  });

  test("creates exactly these resources, with stable names", () => {
    expect(Object.fromEntries([...g.values()].map((r) => [r.name, r.type]))).toEqual({
      "pocket-id-project": T("railway:Project"),
      "pocket-id-service": T("railway:Service"),
      "pocket-id-volume": T("railway:Volume"),
      "pocket-id-domain": T("railway:ServiceDomain"),
      "pocket-id-encryption-key": T("pocketid:GeneratedKey"),
      "pocket-id-api-key": T("pocketid:GeneratedKey"),
      "pocket-id-variables": T("railway:VariableCollection"),
      "pocket-id-deployment": T("railway:Deployment"),
    });
  });

  test("the project is named after the stack, in the configured workspace", () => {
    expect(plain(g.get("pocket-id-project")!)).toMatchObject({ name: "pocket-id-prod", workspaceId: "ws-1" });
  });

  test("the service has no source; the volume is at /app/data in the project's environment", () => {
    const service = plain(g.get("pocket-id-service")!);
    expect(service).toMatchObject({ name: "pocket-id", environmentId: "env-default" });
    expect(service).not.toHaveProperty("image");
    expect(plain(g.get("pocket-id-volume")!)).toMatchObject({
      mountPath: "/app/data",
      environmentId: "env-default",
    });
    expect(plain(g.get("pocket-id-domain")!)).toMatchObject({ targetPort: 1411 });
  });

  test("every variable, APP_URL from the domain; the keys only as secrets", () => {
    const vars = g.get("pocket-id-variables")!;
    expect(plain(vars).variables).toEqual({
      APP_URL: "https://pocket-id-production.up.railway.app",
      TRUST_PROXY: "true",
      ANALYTICS_DISABLED: "true",
      VERSION_CHECK_DISABLED: "true",
      PORT: "1411",
    });
    expect(isSecretValue(vars.inputs.secretVariables)).toBe(true);
    expect(Object.keys(plain(vars).secretVariables as object).sort()).toEqual([
      "ENCRYPTION_KEY",
      "STATIC_API_KEY",
    ]);
    expect((plain(vars).secretVariables as Record<string, string>).ENCRYPTION_KEY).toBe(ENCRYPTION_OVERRIDE);
    expect(vars.additionalSecretOutputs).toEqual(expect.arrayContaining(["token", "secretVariables"]));
  });

  test("the deployment comes last: the pinned image, after volume, domain and variables", () => {
    const d = g.get("pocket-id-deployment")!;
    expect(plain(d)).toMatchObject({
      image: "ghcr.io/pocket-id/pocket-id:v2.14.0",
      healthcheckPath: "/healthz",
      variablesRevision: 1,
    });
    const deps = d.dependsOn.map((k) => k.split("::")[1]);
    expect(deps).toEqual(
      expect.arrayContaining(["pocket-id-volume", "pocket-id-domain", "pocket-id-variables"]),
    );
    expect(g.get("pocket-id-domain")!.dependsOn.map((k) => k.split("::")[1])).toContain("pocket-id-volume");
  });

  test("no secret is a plaintext input anywhere", () => {
    for (const r of g.values()) {
      expect({ [r.name]: plaintextOccurrences(r.inputs, TOKEN) }).toEqual({ [r.name]: [] });
      expect({ [r.name]: plaintextOccurrences(r.inputs, ENCRYPTION_OVERRIDE) }).toEqual({ [r.name]: [] });
    }
    for (const r of [...g.values()].filter((x) => x.type.includes("railway:"))) {
      expect(isSecretValue(r.inputs.token)).toBe(true);
      expect(r.additionalSecretOutputs).toContain("token");
    }
    for (const key of ["pocket-id-encryption-key", "pocket-id-api-key"]) {
      expect(isSecretValue(g.get(key)!.inputs.value)).toBe(true);
      expect(g.get(key)!.additionalSecretOutputs).toContain("value");
    }
  });

  test("protectData protects the project, the volume and the keys — and nothing else", () => {
    const protectedNames = [...g.values()]
      .filter((r) => r.protect)
      .map((r) => r.name)
      .sort();
    expect(protectedNames).toEqual([
      "pocket-id-api-key",
      "pocket-id-encryption-key",
      "pocket-id-project",
      "pocket-id-volume",
    ]);
  });

  test("destroy deletes the project only: everything inside is deletedWith it", () => {
    for (const name of [
      "pocket-id-service",
      "pocket-id-volume",
      "pocket-id-domain",
      "pocket-id-variables",
      "pocket-id-deployment",
    ]) {
      expect({ [name]: g.get(name)!.deletedWith }).toEqual({
        [name]: `${T("railway:Project")}::pocket-id-project`,
      });
    }
  });
});

describe("environment mode (railwayProjectId set)", () => {
  let g: Map<string, CapturedResource>;
  beforeAll(async () => {
    g = await graph(args({ projectId: "shared-project", stackName: "pr-7", protectData: false }));
  });

  test("an environment named after the stack in the given project, no project resource", () => {
    expect(g.has("pocket-id-project")).toBe(false);
    expect(plain(g.get("pocket-id-environment")!)).toMatchObject({
      projectId: "shared-project",
      name: "pr-7",
    });
    expect(plain(g.get("pocket-id-service")!)).toMatchObject({
      projectId: "shared-project",
      name: "pocket-id-pr-7",
    });
  });

  test("the service and volume are deleted explicitly; the rest goes with the service", () => {
    expect(g.get("pocket-id-service")!.deletedWith).toBe("");
    expect(g.get("pocket-id-volume")!.deletedWith).toBe("");
    for (const name of ["pocket-id-domain", "pocket-id-variables", "pocket-id-deployment"]) {
      expect(g.get(name)!.deletedWith).toBe(`${T("railway:Service")}::pocket-id-service`);
    }
  });

  test("protectData false protects nothing", () => {
    expect([...g.values()].filter((r) => r.protect)).toEqual([]);
  });
});
