// A small stand-in for the Pulumi engine, for tests without a CLI: runs a program under
// pulumi.runtime.setMocks and drives the REAL dynamic providers (check → diff → create / update /
// replace, deletes of removed resources, destroy honouring deletedWith and protect, refresh via
// read). Inputs reach the providers unwrapped, as the dynamic provider host hands them over. The
// order is the engine's: a resource registers only after its inputs and dependsOn are resolved.
import * as pulumi from "@pulumi/pulumi";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Provider = pulumi.dynamic.ResourceProvider;
type Props = Record<string, unknown>;

export interface EngineResource {
  key: string;
  type: string;
  name: string;
  id: string;
  /** Checked inputs, plain (what the provider stores as inputs). */
  inputs: Props;
  outputs: Props;
  /** The inputs as registered, secrets still wrapped: tells which were secret. */
  registeredInputs: Props;
  protect: boolean;
  /** Key of the resource whose deletion makes this one's delete unnecessary. */
  deletedWith: string;
  additionalSecretOutputs: string[];
}

export type Operation = {
  key: string;
  op: "create" | "update" | "replace" | "same" | "delete" | "skip-delete";
};

/** True when a deserialized property value is a secret. */
export function isSecretValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Props)[SECRET_KEY] === SECRET_SIG;
}

const PULUMI_UNKNOWN = (require("@pulumi/pulumi/output") as { unknown: unknown }).unknown;

/**
 * The value with every secret wrapper removed and unknowns as the preview sentinel: what a provider
 * that does not accept secrets sees.
 */
export function unwrapSecrets(value: unknown): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (isSecretValue(value)) return unwrapSecrets((value as Props).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** True when the value contains a secret anywhere. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

interface RequestMeta {
  protect: boolean;
  deletedWith: string;
  additionalSecretOutputs: string[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getDeletedwith(): string;
  getAdditionalsecretoutputsList(): string[];
}

const keyOf = (type: string, name: string) => `${type}::${name}`;

export class MockEngine {
  readonly state = new Map<string, EngineResource>();
  /** Keys in creation order. */
  private order: string[] = [];
  private readonly instances = new Map<string, Provider>();

  constructor(
    private readonly providers: Record<string, () => Provider>,
    private readonly project = "pocket-id-appwrite",
    private readonly stack = "test",
  ) {}

  private provider(type: string): Provider {
    let p = this.instances.get(type);
    if (!p) {
      const make = this.providers[type];
      if (!make) throw new Error(`MockEngine: no provider registered for ${type}`);
      p = make();
      this.instances.set(type, p);
    }
    return p;
  }

  /** Runs the program; applies creates/updates/replaces, then deletes resources it no longer declares. */
  async up<T>(
    program: () => T,
    options: { preview?: boolean } = {},
  ): Promise<{ result: T; operations: Operation[] }> {
    const operations: Operation[] = [];
    const registered = new Set<string>();
    const metas = new Map<string, RequestMeta>();
    const pending = new Set<Promise<unknown>>();
    let failure: Error | undefined;
    let lastActivity = Date.now();
    let signalFailure: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (signalFailure = resolve));
    const preview = options.preview ?? false;

    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          lastActivity = Date.now();
          if (!args.custom) return { id: undefined, state: args.inputs };
          const key = keyOf(args.type, args.name);
          registered.add(key);
          const meta = metas.get(key) ?? { protect: false, deletedWith: "", additionalSecretOutputs: [] };
          const work = this.apply(key, args.type, args.name, args.inputs, meta, preview, operations);
          pending.add(work);
          return work.then(
            (r) => {
              pending.delete(work);
              lastActivity = Date.now();
              return r;
            },
            (err: Error) => {
              pending.delete(work);
              lastActivity = Date.now();
              failure ??= err;
              signalFailure();
              // Like the engine, stop here: what depends on this resource never registers, and
              // nothing downstream rejects into the test.
              return new Promise<never>(() => undefined);
            },
          );
        },
        call: () => ({}),
      },
      this.project,
      this.stack,
      preview,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: RegisterRequest, cb: unknown): unknown;
    };
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      lastActivity = Date.now();
      // The mocks API does not pass resource options; read them from the request.
      const deletedWithUrn = req.getDeletedwith();
      metas.set(keyOf(req.getType(), req.getName()), {
        protect: req.getProtect(),
        deletedWith: deletedWithUrn ? this.keyFromUrn(deletedWithUrn) : "",
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      });
      return original(req, cb);
    };

    const result = program();
    await Promise.race([waitForRegistrations(), failed]);
    if (failure) {
      // Let independent branches finish what they started, as the engine would.
      while (pending.size > 0 || Date.now() - lastActivity < 300) await new Promise((r) => setTimeout(r, 25));
    }
    if (failure) throw failure;
    if (!preview) {
      for (const key of [...this.order].reverse()) {
        if (!registered.has(key))
          operations.push(
            await this.remove(key, new Set([...this.state.keys()].filter((k) => !registered.has(k)))),
          );
      }
    }
    return { result, operations };
  }

  private keyFromUrn(urn: string): string {
    // urn:pulumi:<stack>::<project>::<parent types$>type::name
    const parts = urn.split("::");
    const name = parts.at(-1)!;
    const type = parts.at(-2)!.split("$").at(-1)!;
    return keyOf(type, name);
  }

  private async apply(
    key: string,
    type: string,
    name: string,
    registeredInputs: Props,
    meta: RequestMeta,
    preview: boolean,
    operations: Operation[],
  ): Promise<{ id: string; state: Props }> {
    const provider = this.provider(type);
    const news = unwrapSecrets({ ...registeredInputs }) as Props;
    delete news.__provider;
    const old = this.state.get(key);
    const checked = provider.check
      ? await provider.check(old?.inputs ?? {}, news)
      : { inputs: news, failures: [] };
    if (checked.failures?.length) {
      throw new Error(`${name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    }
    const inputs = (checked.inputs ?? news) as Props;
    const record = (id: string, outputs: Props): { id: string; state: Props } => {
      if (!preview) {
        if (!this.state.has(key)) this.order.push(key);
        this.state.set(key, { key, type, name, id, inputs, outputs, registeredInputs, ...meta });
      }
      return { id, state: outputs };
    };
    if (!old) {
      operations.push({ key, op: "create" });
      if (preview) return { id: "", state: this.unknownOutputs(inputs) };
      const created = await provider.create(inputs);
      return record(created.id, (created.outs ?? {}) as Props);
    }
    const diff = provider.diff ? await provider.diff(old.id, old.outputs, inputs) : { changes: true };
    if (diff.replaces && diff.replaces.length > 0) {
      operations.push({ key, op: "replace" });
      if (preview) return { id: old.id, state: this.unknownOutputs(inputs) };
      if (old.protect) throw new Error(`${name} is protected and cannot be replaced`);
      if (diff.deleteBeforeReplace && provider.delete) await provider.delete(old.id, old.outputs);
      const created = await provider.create(inputs);
      if (!diff.deleteBeforeReplace && provider.delete) await provider.delete(old.id, old.outputs);
      return record(created.id, (created.outs ?? {}) as Props);
    }
    if (diff.changes === false) {
      operations.push({ key, op: "same" });
      return record(old.id, old.outputs);
    }
    operations.push({ key, op: "update" });
    // The engine hands back the inputs as the state of an update in preview (dynamic providers do not
    // support preview): computed outputs are unknown downstream.
    if (preview) return { id: old.id, state: { ...inputs } };
    const updated = provider.update ? await provider.update(old.id, old.outputs, inputs) : { outs: inputs };
    return record(old.id, (updated.outs ?? {}) as Props);
  }

  /** In preview only the inputs are known; the SDK treats the missing computed outputs as unknown. */
  private unknownOutputs(inputs: Props): Props {
    return { ...inputs };
  }

  private async remove(key: string, deleting: Set<string>): Promise<Operation> {
    const res = this.state.get(key)!;
    if (res.protect) {
      throw new Error(
        `${res.name} is protected: set protectData false (pulumi config set protectData false) and run up first`,
      );
    }
    this.state.delete(key);
    this.order = this.order.filter((k) => k !== key);
    if (res.deletedWith && deleting.has(res.deletedWith)) return { key, op: "skip-delete" };
    const provider = this.provider(res.type);
    if (provider.delete) await provider.delete(res.id, res.outputs);
    return { key, op: "delete" };
  }

  /** Deletes everything, dependents first, skipping deletes made unnecessary by deletedWith. */
  async destroy(): Promise<Operation[]> {
    const operations: Operation[] = [];
    const deleting = new Set(this.state.keys());
    for (const key of [...this.order].reverse()) operations.push(await this.remove(key, deleting));
    return operations;
  }

  /** Reads every resource back; resources that are gone leave the state. Returns the keys that changed or vanished. */
  async refresh(): Promise<{ changed: string[]; gone: string[] }> {
    const changed: string[] = [];
    const gone: string[] = [];
    for (const key of [...this.order]) {
      const res = this.state.get(key)!;
      const provider = this.provider(res.type);
      if (!provider.read) continue;
      const read = await provider.read(res.id, res.outputs);
      if (!read.id) {
        gone.push(key);
        this.state.delete(key);
        this.order = this.order.filter((k) => k !== key);
        continue;
      }
      if (JSON.stringify(read.props) !== JSON.stringify(res.outputs)) changed.push(key);
      res.outputs = (read.props ?? res.outputs) as Props;
    }
    return { changed, gone };
  }

  get(type: string, name: string): EngineResource | undefined {
    return this.state.get(keyOf(type, name));
  }
}

/** Resolves once every resource registration the program started (closure serialization included) is done. */
export async function waitForRegistrations(): Promise<void> {
  const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
}

/** Resolves an Output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
