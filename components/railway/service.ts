// railway:Service — a service created WITHOUT a source (unlike the community provider's
// railway_service with source_image), so nothing deploys until the volume, domain and variables
// exist. The image is set and deployed by railway:Deployment.
import * as pulumi from "@pulumi/pulumi";
import { deleteIfPresent, orUndefined } from "./api/http";
import { createService, deleteService, getService, renameService } from "./api/services";
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

export interface ServiceInputs extends RailwayAuthInputs {
  projectId: string;
  /** The environment the service is created for. */
  environmentId: string;
  name: string;
}

export type ServiceOutputs = ServiceInputs;

export class ServiceProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<ServiceInputs, ServiceOutputs>
{
  async check(_olds: ServiceInputs, news: ServiceInputs) {
    return {
      inputs: news,
      failures: requireStrings({ ...news }, ["projectId", "environmentId", "name", "token"]),
    };
  }

  async diff(_id: string, olds: ServiceOutputs, news: ServiceInputs) {
    const replaces = (["projectId", "environmentId"] as const).filter(
      (k) => isUnknown(news[k]) || olds[k] !== news[k],
    );
    return { changes: replaces.length > 0 || olds.name !== news.name, replaces };
  }

  async create(inputs: ServiceInputs) {
    const service = await createService(this.connect(inputs), {
      projectId: inputs.projectId,
      environmentId: inputs.environmentId,
      name: inputs.name,
    });
    return { id: service.id, outs: { ...inputs } };
  }

  async read(id: string, state?: ServiceOutputs) {
    const props = requireState(state);
    const service = await orUndefined(getService(this.reconnect(props), id));
    if (!service || service.deletedAt || service.projectId !== props.projectId) return gone<ServiceOutputs>();
    return { id, props: { ...props, name: service.name } };
  }

  async update(id: string, olds: ServiceOutputs, news: ServiceInputs) {
    if (olds.name !== news.name) await renameService(this.connect(news), id, news.name);
    return { outs: { ...news } };
  }

  async delete(id: string, props: ServiceOutputs) {
    await deleteIfPresent(() => deleteService(this.reconnect(props), id));
  }
}

export interface ServiceArgs extends RailwayAuthArgs {
  /** The project the service belongs to. */
  projectId: pulumi.Input<string>;
  /** The environment the service is deployed in. */
  environmentId: pulumi.Input<string>;
  /** Service name, unique in the project. */
  name: pulumi.Input<string>;
}

/** A Railway service with no source yet. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: ServiceProvider | undefined;

export class Service extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    super((shared ??= new ServiceProvider()), name, { ...args }, secretOptions(opts), MODULE, "Service");
  }
}
