// The Railway emulator's world: workspaces, projects, environments, services and their instances,
// volumes, variables (with `${{...}}` references), service domains and deployments. Behaviour
// follows Railway's public API v2 (schema of 2026-04-21, docs of 2026-08-21); see railway.ts.
import { randomUUID } from "node:crypto";

export type DeploymentStatus =
  | "QUEUED"
  | "INITIALIZING"
  | "BUILDING"
  | "DEPLOYING"
  | "SUCCESS"
  | "FAILED"
  | "CRASHED"
  | "REMOVED"
  | "REMOVING"
  | "SKIPPED"
  | "SLEEPING"
  | "WAITING"
  | "NEEDS_APPROVAL";

export const TERMINAL: DeploymentStatus[] = ["SUCCESS", "FAILED", "CRASHED", "REMOVED", "SKIPPED"];

export interface WorkspaceRecord {
  id: string;
  name: string;
}

export interface ProjectRecord {
  id: string;
  name: string;
  description: string | null;
  workspaceId: string | null;
  isPublic: boolean;
  prDeploys: boolean;
  isTempProject: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnvironmentRecord {
  id: string;
  name: string;
  projectId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ServiceRecord {
  id: string;
  name: string;
  projectId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ServiceInstanceRecord {
  id: string;
  serviceId: string;
  environmentId: string;
  source: { image: string | null; repo: string | null } | null;
  healthcheckPath: string | null;
  healthcheckTimeout: number | null;
  numReplicas: number | null;
  restartPolicyType: "ALWAYS" | "NEVER" | "ON_FAILURE";
  restartPolicyMaxRetries: number;
  startCommand: string | null;
  region: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VolumeRecord {
  id: string;
  name: string;
  projectId: string;
  createdAt: Date;
  /** What the app stored on the volume (the emulated disk). */
  data?: unknown;
}

export interface VolumeInstanceRecord {
  id: string;
  volumeId: string;
  environmentId: string;
  serviceId: string | null;
  mountPath: string;
  sizeMB: number;
  state: "READY";
  createdAt: Date;
  /** Not listed before this time (Railway can report the volume before its instance). */
  visibleAt: number;
}

export interface ServiceDomainRecord {
  id: string;
  domain: string;
  suffix: string | null;
  targetPort: number | null;
  environmentId: string;
  serviceId: string;
  projectId: string;
  createdAt: Date;
}

export interface LogRecord {
  timestamp: string;
  message: string;
  severity: string;
}

export interface DeploymentRecord {
  id: string;
  projectId: string;
  environmentId: string;
  serviceId: string;
  status: DeploymentStatus;
  createdAt: Date;
  updatedAt: Date;
  image: string | null;
  /** Rendered variables the deployment started with. */
  variables: Record<string, string>;
  /** Whether a volume was mounted at /app/data when it started. */
  mounts: string[];
  buildLogs: LogRecord[];
  deployLogs: LogRecord[];
  /** How the emulator will end it. */
  outcome: { status: "SUCCESS" | "FAILED" | "CRASHED"; logs: string[] };
  /** What started it: a DeployV2 call, a variable change, serviceConnect, a redeploy. */
  trigger: string;
}

/** A deterministic-looking id in Railway's UUID format. */
export const newId = (): string => randomUUID();

export function log(message: string, severity = "info"): LogRecord {
  return { timestamp: new Date().toISOString(), message, severity };
}

/** The world: plain maps so tests can inspect and seed them. */
export class RailwayWorld {
  workspaces = new Map<string, WorkspaceRecord>();
  projects = new Map<string, ProjectRecord>();
  environments = new Map<string, EnvironmentRecord>();
  services = new Map<string, ServiceRecord>();
  instances = new Map<string, ServiceInstanceRecord>();
  volumes = new Map<string, VolumeRecord>();
  volumeInstances = new Map<string, VolumeInstanceRecord>();
  /** Key `${projectId}:${environmentId}:${serviceId | "shared"}`. */
  variables = new Map<string, Record<string, string>>();
  domains = new Map<string, ServiceDomainRecord>();
  deployments = new Map<string, DeploymentRecord>();

  static variableKey(projectId: string, environmentId: string, serviceId?: string | null): string {
    return `${projectId}:${environmentId}:${serviceId ?? "shared"}`;
  }

  instanceOf(serviceId: string, environmentId: string): ServiceInstanceRecord | undefined {
    return [...this.instances.values()].find(
      (i) => i.serviceId === serviceId && i.environmentId === environmentId,
    );
  }

  environmentsOf(projectId: string): EnvironmentRecord[] {
    return [...this.environments.values()].filter((e) => e.projectId === projectId);
  }

  servicesOf(projectId: string): ServiceRecord[] {
    return [...this.services.values()].filter((s) => s.projectId === projectId);
  }

  deploymentsOf(serviceId: string, environmentId: string): DeploymentRecord[] {
    return [...this.deployments.values()]
      .filter((d) => d.serviceId === serviceId && d.environmentId === environmentId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  latestDeployment(serviceId: string, environmentId: string): DeploymentRecord | undefined {
    return this.deploymentsOf(serviceId, environmentId).at(-1);
  }

  volumeInstancesOf(environmentId: string, now = Date.now()): VolumeInstanceRecord[] {
    return [...this.volumeInstances.values()].filter(
      (v) => v.environmentId === environmentId && v.visibleAt <= now,
    );
  }

  addInstance(serviceId: string, environmentId: string): ServiceInstanceRecord {
    const now = new Date();
    const instance: ServiceInstanceRecord = {
      id: newId(),
      serviceId,
      environmentId,
      source: null,
      healthcheckPath: null,
      healthcheckTimeout: null,
      numReplicas: 1,
      restartPolicyType: "ON_FAILURE",
      restartPolicyMaxRetries: 10,
      startCommand: null,
      region: "us-west2",
      createdAt: now,
      updatedAt: now,
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  /**
   * Variables as a deployment sees them: references `${{ VAR }}`, `${{ shared.VAR }}` and
   * `${{ Service.VAR }}` expanded, Railway-provided variables added. A reference to something
   * missing expands to "" (as Railway does for a public domain that does not exist yet).
   */
  renderVariables(projectId: string, environmentId: string, serviceId: string): Record<string, string> {
    const own = this.variables.get(RailwayWorld.variableKey(projectId, environmentId, serviceId)) ?? {};
    const shared = this.variables.get(RailwayWorld.variableKey(projectId, environmentId, null)) ?? {};
    const provided = (sid: string): Record<string, string> => {
      const service = this.services.get(sid);
      const env = this.environments.get(environmentId);
      const domain = [...this.domains.values()].find(
        (d) => d.serviceId === sid && d.environmentId === environmentId,
      );
      return {
        RAILWAY_PROJECT_ID: projectId,
        RAILWAY_ENVIRONMENT_ID: environmentId,
        RAILWAY_ENVIRONMENT_NAME: env?.name ?? "",
        RAILWAY_SERVICE_ID: sid,
        RAILWAY_SERVICE_NAME: service?.name ?? "",
        RAILWAY_PRIVATE_DOMAIN: `${service?.name ?? sid}.railway.internal`,
        ...(domain ? { RAILWAY_PUBLIC_DOMAIN: domain.domain } : {}),
      };
    };
    const lookup = (ref: string, depth: number): string => {
      const [scope, name] = ref.includes(".") ? ref.split(".", 2) : [undefined, ref];
      if (scope === "shared") return expand(shared[name] ?? "", depth + 1);
      if (scope !== undefined) {
        const other = this.servicesOf(projectId).find((s) => s.name === scope);
        if (!other) return "";
        const vars = this.variables.get(RailwayWorld.variableKey(projectId, environmentId, other.id)) ?? {};
        return expand(vars[name] ?? provided(other.id)[name] ?? "", depth + 1);
      }
      return expand(own[name] ?? shared[name] ?? provided(serviceId)[name] ?? "", depth + 1);
    };
    const expand = (value: string, depth: number): string =>
      depth > 5
        ? value
        : value.replace(/\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, ref: string) => lookup(ref, depth));
    const rendered: Record<string, string> = { ...provided(serviceId) };
    for (const [name, value] of Object.entries({ ...shared, ...own })) rendered[name] = expand(value, 0);
    return rendered;
  }

  /** Removes a service instance's deployments, domains, variables and mounted volume instances. */
  removeInstanceContents(
    serviceId: string,
    environmentId: string,
    projectId: string,
  ): {
    deployments: DeploymentRecord[];
    domains: ServiceDomainRecord[];
  } {
    const deployments = this.deploymentsOf(serviceId, environmentId);
    for (const d of deployments) this.deployments.delete(d.id);
    const domains = [...this.domains.values()].filter(
      (d) => d.serviceId === serviceId && d.environmentId === environmentId,
    );
    for (const d of domains) this.domains.delete(d.id);
    this.variables.delete(RailwayWorld.variableKey(projectId, environmentId, serviceId));
    for (const vi of [...this.volumeInstances.values()]) {
      if (vi.serviceId === serviceId && vi.environmentId === environmentId)
        this.volumeInstances.delete(vi.id);
    }
    return { deployments, domains };
  }

  /** Volumes left without any instance are gone too. */
  dropOrphanVolumes(): void {
    for (const v of [...this.volumes.values()]) {
      if (![...this.volumeInstances.values()].some((vi) => vi.volumeId === v.id)) this.volumes.delete(v.id);
    }
  }

  /** True when nothing but workspaces is left (what a destroy must achieve). */
  isEmpty(): boolean {
    return (
      this.projects.size +
        this.environments.size +
        this.services.size +
        this.instances.size +
        this.volumes.size +
        this.volumeInstances.size +
        this.domains.size +
        this.deployments.size ===
      0
    );
  }
}
