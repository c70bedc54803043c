// railway:Project — a Railway project owned by the stack (like the community provider's
// railway_project): created in a workspace, renamed in place, deleted with everything in it.
import * as pulumi from "@pulumi/pulumi";
import { explainRefusal, resolveWorkspaceId } from "./api/auth";
import { RailwayApiError, orUndefined, deleteIfPresent } from "./api/http";
import { createProject, deleteProject, getProject, RailwayProject, updateProject } from "./api/projects";
import {
  changedKeys,
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

export interface ProjectInputs extends RailwayAuthInputs {
  name: string;
  description?: string;
  /** Empty: the only workspace the (account) token sees. */
  workspaceId?: string;
  /** Name of the environment Railway creates with the project; default "production". */
  defaultEnvironmentName?: string;
}

export interface ProjectOutputs extends ProjectInputs {
  /** The workspace the project was created in. */
  resolvedWorkspaceId: string;
  defaultEnvironmentId: string;
}

/** The default environment: the one with the requested name, else the oldest. */
export function pickDefaultEnvironment(project: RailwayProject, name: string): { id: string; name: string } {
  const byName = project.environments.find((e) => e.name === name);
  if (byName) return byName;
  const sorted = [...project.environments].sort((a, b) =>
    (a.createdAt ?? "").localeCompare(b.createdAt ?? ""),
  );
  if (!sorted[0]) throw new Error(`Railway project ${project.id} has no environment`);
  return sorted[0];
}

export class ProjectProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<ProjectInputs, ProjectOutputs>
{
  async check(_olds: ProjectInputs, news: ProjectInputs) {
    return { inputs: news, failures: requireStrings({ ...news }, ["name", "token"]) };
  }

  async diff(_id: string, olds: ProjectOutputs, news: ProjectInputs) {
    // A project cannot move workspaces here; another workspace means another project.
    const replaces =
      news.workspaceId && (isUnknown(news.workspaceId) || news.workspaceId !== olds.resolvedWorkspaceId)
        ? ["workspaceId"]
        : [];
    // defaultEnvironmentName only matters when the project is created.
    const changed = changedKeys(olds, news, ["name", "description"]);
    return { changes: replaces.length > 0 || changed.length > 0, replaces };
  }

  async create(inputs: ProjectInputs) {
    const conn = this.connect(inputs);
    const workspaceId = await resolveWorkspaceId(conn, inputs.workspaceId || undefined);
    const environmentName = inputs.defaultEnvironmentName || "production";
    let project: RailwayProject;
    try {
      project = await createProject(conn, {
        name: inputs.name,
        description: inputs.description || undefined,
        workspaceId,
        defaultEnvironmentName: environmentName,
      });
    } catch (err) {
      if (err instanceof RailwayApiError && err.isUnauthorized)
        throw await explainRefusal(conn, err, "create a project");
      throw err;
    }
    const outs: ProjectOutputs = {
      ...inputs,
      resolvedWorkspaceId: project.workspaceId ?? workspaceId,
      defaultEnvironmentId: pickDefaultEnvironment(project, environmentName).id,
    };
    return { id: project.id, outs };
  }

  async read(id: string, state?: ProjectOutputs) {
    const props = requireState(state);
    const project = await orUndefined(getProject(this.reconnect(props), id));
    if (!project || project.deletedAt) return gone<ProjectOutputs>();
    const environment = pickDefaultEnvironment(project, props.defaultEnvironmentName || "production");
    return {
      id,
      props: {
        ...props,
        name: project.name,
        description: project.description ?? props.description,
        resolvedWorkspaceId: project.workspaceId ?? props.resolvedWorkspaceId,
        defaultEnvironmentId: environment.id,
      },
    };
  }

  async update(id: string, olds: ProjectOutputs, news: ProjectInputs) {
    if (changedKeys(olds, news, ["name", "description"]).length > 0) {
      await updateProject(this.connect(news), id, { name: news.name, description: news.description ?? "" });
    }
    return {
      outs: {
        ...news,
        resolvedWorkspaceId: olds.resolvedWorkspaceId,
        defaultEnvironmentId: olds.defaultEnvironmentId,
      },
    };
  }

  async delete(id: string, props: ProjectOutputs) {
    await deleteIfPresent(() => deleteProject(this.reconnect(props), id));
  }
}

export interface ProjectArgs extends RailwayAuthArgs {
  /** Project name shown in Railway. */
  name: pulumi.Input<string>;
  /** Project description. */
  description?: pulumi.Input<string>;
  /** Workspace to create the project in; unset: the only workspace the token sees. */
  workspaceId?: pulumi.Input<string>;
  /** Name of the environment created with the project; default "production". */
  defaultEnvironmentName?: pulumi.Input<string>;
}

/** A Railway project the stack owns: destroying the stack deletes it with everything inside. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: ProjectProvider | undefined;

export class Project extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly resolvedWorkspaceId: pulumi.Output<string>;
  declare readonly defaultEnvironmentId: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new ProjectProvider()),
      name,
      { resolvedWorkspaceId: undefined, defaultEnvironmentId: undefined, ...args },
      secretOptions(opts),
      MODULE,
      "Project",
    );
  }
}
