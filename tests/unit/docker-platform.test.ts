// The Docker platform (the `dev` stack) under mocks — there is no Docker engine here and the
// @pulumi/docker plugin cannot be fetched, so this is the check: image, volume, container inputs.
import * as pulumi from "@pulumi/pulumi";
import { deployOnDocker, DockerPlatformArgs } from "../../components/pocket-id/docker";
import { valueOf } from "../emulators/railway/mock-engine";
import {
  captureResources,
  CapturedResource,
  isSecretValue,
  plaintextOccurrences,
  unwrapSecrets,
} from "../emulators/railway/mock-capture";

jest.setTimeout(60_000);

const API_KEY = "configured-static-api-key-0123456789";

function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type === "docker:index/remoteImage:RemoteImage") return { imageId: "sha256:0123abcd" };
  if (type === "pulumi-nodejs:dynamic/pocketid:GeneratedKey") {
    return { value: inputs.value || `generated-${name}-0123456789abcdef0123456789` };
  }
  return {};
}

async function graph(args: DockerPlatformArgs) {
  let urlValue = "";
  const resources = await captureResources(
    () => {
      const parent = new pulumi.ComponentResource(
        "pocket-id-appwrite:pocket-id:PocketIdService",
        "pocket-id",
        {},
      );
      const deployment = deployOnDocker("pocket-id", args, parent);
      void valueOf(deployment.url).then((u) => (urlValue = u));
    },
    fakeOutputs,
    { stack: "dev" },
  );
  return { byName: new Map(resources.map((r) => [r.name, r])), url: () => urlValue };
}

const plain = (r: CapturedResource) => unwrapSecrets(r.inputs) as Record<string, unknown>;

describe("docker platform", () => {
  let g: Awaited<ReturnType<typeof graph>>;
  beforeAll(async () => {
    g = await graph({
      image: "ghcr.io/pocket-id/pocket-id:v2.14.0",
      hostPort: 1411,
      apiKey: pulumi.secret(API_KEY),
      protectData: true,
    });
  });

  test("a pinned RemoteImage, a named volume and a container", () => {
    expect(plain(g.byName.get("pocket-id-image")!)).toMatchObject({
      name: "ghcr.io/pocket-id/pocket-id:v2.14.0",
    });
    expect(g.byName.get("pocket-id-image")!.type).toBe("docker:index/remoteImage:RemoteImage");
    expect(plain(g.byName.get("pocket-id-data")!)).toMatchObject({ name: "pocket-id-dev-data" });
    expect(g.byName.get("pocket-id-container")!.type).toBe("docker:index/container:Container");
  });

  test("the container: image id, port, /app/data volume, restart policy, health check", () => {
    const c = plain(g.byName.get("pocket-id-container")!);
    expect(c).toMatchObject({
      image: "sha256:0123abcd",
      ports: [{ internal: 1411, external: 1411 }],
      volumes: [{ volumeName: "pocket-id-dev-data", containerPath: "/app/data" }],
      restart: "unless-stopped",
    });
    expect((c.healthcheck as { tests: string[] }).tests).toEqual(["CMD", "/app/pocket-id", "healthcheck"]);
  });

  test("the environment: APP_URL on localhost, the keys, telemetry off; the whole list is a secret", () => {
    const container = g.byName.get("pocket-id-container")!;
    expect(isSecretValue(container.inputs.envs)).toBe(true);
    const envs = plain(container).envs as string[];
    expect(envs).toEqual(
      expect.arrayContaining([
        "APP_URL=http://localhost:1411",
        `STATIC_API_KEY=${API_KEY}`,
        "ANALYTICS_DISABLED=true",
        "VERSION_CHECK_DISABLED=true",
        "PORT=1411",
      ]),
    );
    expect(envs.find((e) => e.startsWith("ENCRYPTION_KEY="))!.length).toBeGreaterThanOrEqual(
      "ENCRYPTION_KEY=".length + 32,
    );
    expect(envs.some((e) => e.startsWith("TRUST_PROXY"))).toBe(false);
    for (const r of g.byName.values()) expect(plaintextOccurrences(r.inputs, API_KEY)).toEqual([]);
  });

  test("protectData protects the volume and the generated keys, not the image or container", () => {
    const protectedNames = [...g.byName.values()]
      .filter((r) => r.protect)
      .map((r) => r.name)
      .sort();
    expect(protectedNames).toEqual(["pocket-id-api-key", "pocket-id-data", "pocket-id-encryption-key"]);
  });

  test("the URL handed to the bootstrap is the local one", () => {
    expect(g.url()).toBe("http://localhost:1411");
  });
});

test("a tunnel URL (pocketIdUrl) becomes APP_URL; another host port is published", async () => {
  const g = await graph({
    image: "ghcr.io/pocket-id/pocket-id:v2.14.0",
    hostPort: 8080,
    publicUrl: "https://id.example.dev",
    protectData: false,
  });
  const c = plain(g.byName.get("pocket-id-container")!);
  expect(c.ports).toEqual([{ internal: 1411, external: 8080 }]);
  expect(c.envs).toEqual(expect.arrayContaining(["APP_URL=https://id.example.dev"]));
  expect([...g.byName.values()].filter((r) => r.protect)).toEqual([]);
  expect(g.url()).toBe("https://id.example.dev");
});
