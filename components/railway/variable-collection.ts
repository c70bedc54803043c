// railway:VariableCollection — every variable of one service instance, set with ONE
// variableCollectionUpsert (like the community provider's railway_variable_collection) and with
// skipDeploys, so a change never starts a deployment per variable; railway:Deployment deploys once
// when `revision` moves. Secret values live in `secretVariables`, which stays a secret.
import * as pulumi from "@pulumi/pulumi";
import { orUndefined } from "./api/http";
import { deleteVariable, getVariables, upsertVariables, VariableScope } from "./api/variables";
import {
  gone,
  isUnknown,
  MODULE,
  RailwayAuthArgs,
  RailwayAuthInputs,
  RailwayProvider,
  requireState,
  requireStrings,
  secretOptions,
} from "./common";

export interface VariableCollectionInputs extends RailwayAuthInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
  /** Plain values (visible in diffs). */
  variables: Record<string, string>;
  /** Secret values (kept secret in state). */
  secretVariables: Record<string, string>;
}

export interface VariableCollectionOutputs extends VariableCollectionInputs {
  /** Increases whenever a value changed on Railway; a deployment depends on it. */
  revision: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** All managed variables as one map. */
export function mergedVariables(
  v: Pick<VariableCollectionInputs, "variables" | "secretVariables">,
): Record<string, string> {
  return { ...(v.variables ?? {}), ...(v.secretVariables ?? {}) };
}

/** What an update must send: names to upsert (new or changed) and names to delete. */
export function planVariableChanges(
  olds: Record<string, string>,
  news: Record<string, string>,
): { upsert: Record<string, string>; remove: string[] } {
  const upsert: Record<string, string> = {};
  for (const [name, value] of Object.entries(news)) if (olds[name] !== value) upsert[name] = value;
  const remove = Object.keys(olds).filter((name) => !(name in news));
  return { upsert, remove };
}

export function variableFailures(news: VariableCollectionInputs): { property: string; reason: string }[] {
  const failures = requireStrings({ ...news }, ["projectId", "environmentId", "serviceId", "token"]);
  const seen = new Set<string>();
  for (const key of ["variables", "secretVariables"] as const) {
    const map = news[key];
    if (isUnknown(map) || map === undefined) continue;
    for (const [name, value] of Object.entries(map)) {
      if (!NAME.test(name))
        failures.push({ property: key, reason: `"${name}" is not a valid variable name` });
      if (seen.has(name))
        failures.push({ property: key, reason: `${name} is set both as plain and as secret` });
      seen.add(name);
      if (!isUnknown(value) && typeof value !== "string") {
        failures.push({ property: key, reason: `${name} must be a string` });
      }
    }
  }
  return failures;
}

function scopeOf(i: VariableCollectionInputs): VariableScope {
  return { projectId: i.projectId, environmentId: i.environmentId, serviceId: i.serviceId };
}

export class VariableCollectionProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<VariableCollectionInputs, VariableCollectionOutputs>
{
  async check(_olds: VariableCollectionInputs, news: VariableCollectionInputs) {
    const inputs = { ...news, variables: news.variables ?? {}, secretVariables: news.secretVariables ?? {} };
    return { inputs, failures: variableFailures(inputs) };
  }

  async diff(_id: string, olds: VariableCollectionOutputs, news: VariableCollectionInputs) {
    const replaces = (["projectId", "environmentId", "serviceId"] as const).filter(
      (k) => isUnknown(news[k]) || olds[k] !== news[k],
    );
    const changed =
      JSON.stringify(olds.variables ?? {}) !== JSON.stringify(news.variables ?? {}) ||
      JSON.stringify(olds.secretVariables ?? {}) !== JSON.stringify(news.secretVariables ?? {});
    return { changes: replaces.length > 0 || changed, replaces };
  }

  async create(inputs: VariableCollectionInputs) {
    await upsertVariables(this.connect(inputs), scopeOf(inputs), mergedVariables(inputs));
    return {
      id: `${inputs.serviceId}:${inputs.environmentId}`,
      outs: { ...inputs, revision: 1 },
    };
  }

  async read(id: string, state?: VariableCollectionOutputs) {
    const props = requireState(state);
    const live = await orUndefined(getVariables(this.reconnect(props), scopeOf(props)));
    if (!live) return gone<VariableCollectionOutputs>();
    // Only the names this collection manages; variables set by hand or by Railway are left alone.
    const pick = (managed: Record<string, string>) =>
      Object.fromEntries(
        Object.keys(managed ?? {}).flatMap((name) => (name in live ? [[name, live[name]]] : [])),
      );
    return {
      id,
      props: { ...props, variables: pick(props.variables), secretVariables: pick(props.secretVariables) },
    };
  }

  async update(_id: string, olds: VariableCollectionOutputs, news: VariableCollectionInputs) {
    const conn = this.connect(news);
    const { upsert, remove } = planVariableChanges(mergedVariables(olds), mergedVariables(news));
    if (Object.keys(upsert).length > 0) await upsertVariables(conn, scopeOf(news), upsert);
    for (const name of remove) await deleteVariable(conn, scopeOf(news), name);
    const changed = Object.keys(upsert).length > 0 || remove.length > 0;
    return { outs: { ...news, revision: (olds.revision ?? 1) + (changed ? 1 : 0) } };
  }

  async delete(_id: string, props: VariableCollectionOutputs) {
    const conn = this.reconnect(props);
    for (const name of Object.keys(mergedVariables(props))) {
      await orUndefined(deleteVariable(conn, scopeOf(props), name));
    }
  }
}

export interface VariableCollectionArgs extends RailwayAuthArgs {
  /** The project of the service. */
  projectId: pulumi.Input<string>;
  /** The environment whose service instance gets the variables. */
  environmentId: pulumi.Input<string>;
  /** The service. */
  serviceId: pulumi.Input<string>;
  /** Plain variables. */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Secret variables; kept secret in state and never shown in diffs. */
  secretVariables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** All variables of one Railway service instance, upserted together. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: VariableCollectionProvider | undefined;

export class VariableCollection extends pulumi.dynamic.Resource {
  declare readonly revision: pulumi.Output<number>;
  declare readonly variables: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: VariableCollectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new VariableCollectionProvider()),
      name,
      {
        revision: undefined,
        ...args,
        secretVariables: pulumi.secret(pulumi.output(args.secretVariables ?? {})),
      },
      secretOptions(opts, ["secretVariables"]),
      MODULE,
      "VariableCollection",
    );
  }
}
