// Unit-test helper: runs a program under pulumi.runtime.setMocks (no provider runs) and records each
// registered resource with its inputs (secrets still wrapped, so secret-ness can be asserted) and
// the options the mocks API does not pass on: protect, deletedWith, dependsOn, additionalSecretOutputs.
import * as pulumi from "@pulumi/pulumi";
import { containsSecret, isSecretValue, unwrapSecrets, waitForRegistrations } from "./mock-engine";

export { containsSecret, isSecretValue, unwrapSecrets };

export interface CapturedResource {
  type: string;
  name: string;
  /** Inputs as registered (secret values wrapped). */
  inputs: Record<string, unknown>;
  protect: boolean;
  /** `type::name` of the deletedWith resource, or "". */
  deletedWith: string;
  /** `type::name` of explicit dependencies (dependsOn). */
  dependsOn: string[];
  additionalSecretOutputs: string[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getProtect(): boolean;
  getDeletedwith(): string;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
}

const fromUrn = (urn: string) => {
  const parts = urn.split("::");
  return `${parts.at(-2)!.split("$").at(-1)}::${parts.at(-1)}`;
};

/** Outputs a mocked resource reports, so downstream inputs resolve: its inputs plus these per-type extras. */
export type FakeOutputs = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
) => Record<string, unknown>;

export async function captureResources(
  program: () => unknown,
  fakeOutputs: FakeOutputs = () => ({}),
  options: { stack?: string; preview?: boolean } = {},
): Promise<CapturedResource[]> {
  const captured = new Map<string, CapturedResource>();
  const requests = new Map<string, Omit<CapturedResource, "inputs">>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const key = `${args.type}::${args.name}`;
        const meta = requests.get(key)!;
        captured.set(key, { ...meta, inputs: args.inputs });
        const plain = unwrapSecrets(args.inputs) as Record<string, unknown>;
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...fakeOutputs(args.type, args.name, plain) },
        };
      },
      call: () => ({}),
    },
    "pocket-id-appwrite",
    options.stack ?? "test",
    options.preview ?? false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: unknown): unknown;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    requests.set(`${req.getType()}::${req.getName()}`, {
      type: req.getType(),
      name: req.getName(),
      protect: req.getProtect(),
      deletedWith: req.getDeletedwith() ? fromUrn(req.getDeletedwith()) : "",
      dependsOn: req.getDependenciesList().map(fromUrn),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return original(req, cb);
  };
  program();
  await waitForRegistrations();
  return [...captured.values()];
}

/** Every input path (a.b.c) whose plain value contains `needle` but is not inside a secret. */
export function plaintextOccurrences(value: unknown, needle: string, path = ""): string[] {
  if (isSecretValue(value)) return [];
  if (typeof value === "string") return value.includes(needle) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plaintextOccurrences(v, needle, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      plaintextOccurrences(v, needle, path ? `${path}.${k}` : k),
    );
  }
  return [];
}
