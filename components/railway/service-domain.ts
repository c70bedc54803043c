// railway:ServiceDomain — the public `*.up.railway.app` domain of a service (like the community
// provider's railway_service_domain). Created before the variables so APP_URL is right on the first deploy.
import * as pulumi from "@pulumi/pulumi";
import {
  createServiceDomain,
  deleteServiceDomain,
  listServiceDomains,
  updateServiceDomain,
} from "./api/domains";
import { deleteIfPresent, orUndefined } from "./api/http";
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

export interface ServiceDomainInputs extends RailwayAuthInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
  /** The port the app listens on. */
  targetPort?: number;
  /** Optional subdomain; empty keeps the one Railway generates. */
  subdomain?: string;
}

export interface ServiceDomainOutputs extends ServiceDomainInputs {
  /** Full host name, e.g. pocket-id-production-1a2b.up.railway.app. */
  domain: string;
  suffix: string;
}

export class ServiceDomainProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<ServiceDomainInputs, ServiceDomainOutputs>
{
  async check(_olds: ServiceDomainInputs, news: ServiceDomainInputs) {
    const failures = requireStrings({ ...news }, ["projectId", "environmentId", "serviceId", "token"]);
    const port = news.targetPort;
    if (port !== undefined && !isUnknown(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      failures.push({ property: "targetPort", reason: `targetPort must be a port number, got ${port}` });
    }
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: ServiceDomainOutputs, news: ServiceDomainInputs) {
    const replaces = (["projectId", "environmentId", "serviceId"] as const).filter(
      (k) => isUnknown(news[k]) || olds[k] !== news[k],
    );
    const changes =
      replaces.length > 0 ||
      (olds.targetPort ?? null) !== (news.targetPort ?? null) ||
      (olds.subdomain ?? "") !== (news.subdomain ?? "");
    return { changes, replaces };
  }

  async create(inputs: ServiceDomainInputs) {
    const conn = this.connect(inputs);
    const created = await createServiceDomain(conn, {
      environmentId: inputs.environmentId,
      serviceId: inputs.serviceId,
      targetPort: inputs.targetPort,
    });
    let domain = created.domain;
    if (inputs.subdomain && created.suffix) {
      domain = `${inputs.subdomain}.${created.suffix}`;
      await updateServiceDomain(conn, {
        serviceDomainId: created.id,
        serviceId: inputs.serviceId,
        environmentId: inputs.environmentId,
        domain,
        targetPort: inputs.targetPort,
      });
    }
    return { id: created.id, outs: { ...inputs, domain, suffix: created.suffix ?? "" } };
  }

  async read(id: string, state?: ServiceDomainOutputs) {
    const props = requireState(state);
    const domains = await orUndefined(listServiceDomains(this.reconnect(props), props));
    const found = domains?.find((d) => d.id === id);
    if (!found) return gone<ServiceDomainOutputs>();
    return {
      id,
      props: {
        ...props,
        domain: found.domain,
        suffix: found.suffix ?? props.suffix,
        targetPort: found.targetPort ?? props.targetPort,
      },
    };
  }

  async update(id: string, olds: ServiceDomainOutputs, news: ServiceDomainInputs) {
    const portChanged = (olds.targetPort ?? null) !== (news.targetPort ?? null);
    const subdomainChanged = (olds.subdomain ?? "") !== (news.subdomain ?? "");
    let domain = olds.domain;
    if (subdomainChanged && news.subdomain && olds.suffix) domain = `${news.subdomain}.${olds.suffix}`;
    if (portChanged || domain !== olds.domain) {
      await updateServiceDomain(this.connect(news), {
        serviceDomainId: id,
        serviceId: news.serviceId,
        environmentId: news.environmentId,
        domain,
        targetPort: news.targetPort,
      });
    }
    return { outs: { ...news, domain, suffix: olds.suffix } };
  }

  async delete(id: string, props: ServiceDomainOutputs) {
    await deleteIfPresent(() => deleteServiceDomain(this.reconnect(props), id));
  }
}

export interface ServiceDomainArgs extends RailwayAuthArgs {
  /** The project of the service. */
  projectId: pulumi.Input<string>;
  /** The environment of the service instance. */
  environmentId: pulumi.Input<string>;
  /** The service. */
  serviceId: pulumi.Input<string>;
  /** Port the app listens on (Pocket ID: 1411). */
  targetPort?: pulumi.Input<number>;
  /** Subdomain of Railway's suffix; unset keeps the generated one. */
  subdomain?: pulumi.Input<string>;
}

/** The public Railway domain of a service instance. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: ServiceDomainProvider | undefined;

export class ServiceDomain extends pulumi.dynamic.Resource {
  declare readonly domain: pulumi.Output<string>;
  declare readonly suffix: pulumi.Output<string>;

  constructor(name: string, args: ServiceDomainArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new ServiceDomainProvider()),
      name,
      { domain: undefined, suffix: undefined, ...args },
      secretOptions(opts),
      MODULE,
      "ServiceDomain",
    );
  }
}
