// railway:Environment — an environment the stack owns inside a project it does not own (like the
// community provider's railway_environment). Destroy deletes the environment only, never the project.
import * as pulumi from "@pulumi/pulumi";
import { explainRefusal } from "./api/auth";
import { createEnvironment, deleteEnvironment, getEnvironment, renameEnvironment } from "./api/environments";
import { deleteIfPresent, orUndefined, RailwayApiError } from "./api/http";
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

export interface EnvironmentInputs extends RailwayAuthInputs {
  projectId: string;
  name: string;
}

export type EnvironmentOutputs = EnvironmentInputs;

export class EnvironmentProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<EnvironmentInputs, EnvironmentOutputs>
{
  async check(_olds: EnvironmentInputs, news: EnvironmentInputs) {
    return { inputs: news, failures: requireStrings({ ...news }, ["projectId", "name", "token"]) };
  }

  async diff(_id: string, olds: EnvironmentOutputs, news: EnvironmentInputs) {
    const replaces = isUnknown(news.projectId) || olds.projectId !== news.projectId ? ["projectId"] : [];
    return { changes: replaces.length > 0 || olds.name !== news.name, replaces };
  }

  async create(inputs: EnvironmentInputs) {
    const conn = this.connect(inputs);
    try {
      const env = await createEnvironment(conn, { projectId: inputs.projectId, name: inputs.name });
      return { id: env.id, outs: { ...inputs } };
    } catch (err) {
      if (err instanceof RailwayApiError && err.isUnauthorized) {
        throw await explainRefusal(
          conn,
          err,
          `create the environment "${inputs.name}" in project ${inputs.projectId}`,
        );
      }
      throw err;
    }
  }

  async read(id: string, state?: EnvironmentOutputs) {
    const props = requireState(state);
    const env = await orUndefined(getEnvironment(this.reconnect(props), id));
    if (!env || env.deletedAt || env.projectId !== props.projectId) return gone<EnvironmentOutputs>();
    return { id, props: { ...props, name: env.name } };
  }

  async update(id: string, olds: EnvironmentOutputs, news: EnvironmentInputs) {
    if (olds.name !== news.name) await renameEnvironment(this.connect(news), id, news.name);
    return { outs: { ...news } };
  }

  async delete(id: string, props: EnvironmentOutputs) {
    // Only the environment this stack created (its id), with the instances in it; the project stays.
    await deleteIfPresent(() => deleteEnvironment(this.reconnect(props), id));
  }
}

export interface EnvironmentArgs extends RailwayAuthArgs {
  /** The existing project to create the environment in. */
  projectId: pulumi.Input<string>;
  /** Environment name (the stack name). */
  name: pulumi.Input<string>;
}

/** An environment the stack owns inside an existing Railway project. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: EnvironmentProvider | undefined;

export class Environment extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new EnvironmentProvider()),
      name,
      { ...args },
      secretOptions(opts),
      MODULE,
      "Environment",
    );
  }
}
