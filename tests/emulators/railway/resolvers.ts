// Root resolvers of the Railway emulator (graphql-js `buildSchema` + rootValue): authorization by
// token kind, the objects' views, and the deployment lifecycle QUEUED → BUILDING → DEPLOYING →
// SUCCESS (or FAILED / CRASHED) on a timer. Behaviour follows Railway's public API v2; see railway.ts.
import { GraphQLError } from "graphql";
import {
  pocketIdStartupError,
  type AppFactory,
  type DomainServer,
  type DomainTarget,
  type RunningApp,
} from "./apps";
import {
  log,
  newId,
  RailwayWorld,
  TERMINAL,
  type DeploymentRecord,
  type DeploymentStatus,
  type EnvironmentRecord,
  type ProjectRecord,
  type ServiceDomainRecord,
  type ServiceInstanceRecord,
  type ServiceRecord,
  type VolumeInstanceRecord,
  type VolumeRecord,
} from "./state";

export type Principal =
  | { kind: "account"; token: string; userId: string; email: string; workspaceIds: string[] }
  | { kind: "workspace"; token: string; workspaceId: string }
  | { kind: "project"; token: string; tokenId: string; projectId: string; environmentId: string }
  | { kind: "none" }
  | { kind: "invalid" };

export interface ResolverContext {
  principal: Principal;
}

/** Knobs the emulator object exposes to tests. */
export interface EngineOptions {
  stepMs: () => number;
  app: AppFactory;
  domainMode: "local" | "railway";
  startDomainServer: (route: () => DomainTarget) => Promise<DomainServer>;
  /** Volume instances become visible this long after volumeCreate (Railway can be late). */
  volumeInstanceDelayMs: () => number;
}

type Args = Record<string, unknown>;

const notAuthorized = () => new GraphQLError("Not Authorized");
const notFound = (kind: string) => new GraphQLError(`${kind} not found`);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const connection = <T>(nodes: T[]) => ({
  edges: nodes.map((node, i) => ({ cursor: String(i), node })),
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
});

export class RailwayEngine {
  readonly apps = new Map<string, RunningApp>();
  readonly domainServers = new Map<string, DomainServer>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Outcomes for the next deployments (failNextDeployment); default SUCCESS. */
  readonly plannedOutcomes: { status: "FAILED" | "CRASHED"; logs: string[] }[] = [];

  constructor(
    readonly world: RailwayWorld,
    private readonly options: EngineOptions,
  ) {}

  // ---------- authorization ----------

  private requireAuth(ctx: ResolverContext): Exclude<Principal, { kind: "none" } | { kind: "invalid" }> {
    const p = ctx.principal;
    if (p.kind === "none" || p.kind === "invalid") throw notAuthorized();
    return p;
  }

  private canSeeWorkspace(p: Principal, workspaceId: string | null): boolean {
    if (p.kind === "account") return workspaceId === null || p.workspaceIds.includes(workspaceId);
    if (p.kind === "workspace") return workspaceId === p.workspaceId;
    return false;
  }

  private project(ctx: ResolverContext, id: string): ProjectRecord {
    const p = this.requireAuth(ctx);
    const project = this.world.projects.get(id);
    if (!project) throw notFound("Project");
    if (p.kind === "project" ? p.projectId !== id : !this.canSeeWorkspace(p, project.workspaceId))
      throw notAuthorized();
    return project;
  }

  private environment(ctx: ResolverContext, id: string): EnvironmentRecord {
    const env = this.world.environments.get(id);
    if (!env) {
      this.requireAuth(ctx);
      throw notFound("Environment");
    }
    this.project(ctx, env.projectId);
    const p = ctx.principal;
    if (p.kind === "project" && p.environmentId !== id) throw notAuthorized();
    return env;
  }

  private service(ctx: ResolverContext, id: string): ServiceRecord {
    const service = this.world.services.get(id);
    if (!service) {
      this.requireAuth(ctx);
      throw notFound("Service");
    }
    this.project(ctx, service.projectId);
    return service;
  }

  private instance(ctx: ResolverContext, serviceId: string, environmentId: string): ServiceInstanceRecord {
    this.service(ctx, serviceId);
    this.environment(ctx, environmentId);
    const instance = this.world.instanceOf(serviceId, environmentId);
    if (!instance) throw notFound("ServiceInstance");
    return instance;
  }

  private deployment(ctx: ResolverContext, id: string): DeploymentRecord {
    const d = this.world.deployments.get(id);
    if (!d) {
      this.requireAuth(ctx);
      throw notFound("Deployment");
    }
    this.environment(ctx, d.environmentId);
    return d;
  }

  private volume(ctx: ResolverContext, id: string): VolumeRecord {
    const v = this.world.volumes.get(id);
    if (!v) {
      this.requireAuth(ctx);
      throw notFound("Volume");
    }
    this.project(ctx, v.projectId);
    return v;
  }

  // ---------- views ----------

  projectView = (p: ProjectRecord) => ({
    ...p,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    deletedAt: null,
    workspace: () => (p.workspaceId ? (this.world.workspaces.get(p.workspaceId) ?? null) : null),
    environments: () =>
      connection(
        this.world
          .environmentsOf(p.id)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map(this.environmentView),
      ),
    services: () => connection(this.world.servicesOf(p.id).map(this.serviceView)),
    volumes: () =>
      connection([...this.world.volumes.values()].filter((v) => v.projectId === p.id).map(this.volumeView)),
  });

  environmentView = (e: EnvironmentRecord) => ({
    ...e,
    isEphemeral: false,
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    deletedAt: null,
    serviceInstances: () =>
      connection(
        [...this.world.instances.values()].filter((i) => i.environmentId === e.id).map(this.instanceView),
      ),
    volumeInstances: () => connection(this.world.volumeInstancesOf(e.id).map(this.volumeInstanceView)),
  });

  serviceView = (s: ServiceRecord) => ({
    ...s,
    icon: null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    deletedAt: null,
    project: () => this.projectView(this.world.projects.get(s.projectId)!),
    serviceInstances: () =>
      connection(
        [...this.world.instances.values()].filter((i) => i.serviceId === s.id).map(this.instanceView),
      ),
  });

  instanceView = (i: ServiceInstanceRecord) => ({
    ...i,
    serviceName: this.world.services.get(i.serviceId)?.name ?? "",
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
    deletedAt: null,
    latestDeployment: () => {
      const d = this.world.latestDeployment(i.serviceId, i.environmentId);
      return d ? this.deploymentView(d) : null;
    },
    domains: () => ({
      serviceDomains: [...this.world.domains.values()]
        .filter((d) => d.serviceId === i.serviceId && d.environmentId === i.environmentId)
        .map(this.domainView),
      customDomains: [],
    }),
  });

  volumeView = (v: VolumeRecord) => ({
    id: v.id,
    name: v.name,
    projectId: v.projectId,
    createdAt: iso(v.createdAt),
    project: () => this.projectView(this.world.projects.get(v.projectId)!),
    volumeInstances: () =>
      connection(
        [...this.world.volumeInstances.values()]
          .filter((vi) => vi.volumeId === v.id && vi.visibleAt <= Date.now())
          .map(this.volumeInstanceView),
      ),
  });

  volumeInstanceView = (vi: VolumeInstanceRecord) => ({
    ...vi,
    currentSizeMB: 0,
    region: "us-west2",
    createdAt: iso(vi.createdAt),
    volume: () => this.volumeView(this.world.volumes.get(vi.volumeId)!),
  });

  domainView = (d: ServiceDomainRecord) => ({
    ...d,
    createdAt: iso(d.createdAt),
    updatedAt: null,
    deletedAt: null,
  });

  deploymentView = (d: DeploymentRecord) => {
    const domain = [...this.world.domains.values()].find(
      (x) => x.serviceId === d.serviceId && x.environmentId === d.environmentId,
    );
    return {
      id: d.id,
      status: d.status,
      projectId: d.projectId,
      environmentId: d.environmentId,
      serviceId: d.serviceId,
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
      statusUpdatedAt: iso(d.updatedAt),
      url: domain ? `https://${domain.domain}` : null,
      staticUrl: domain?.domain ?? null,
      canRedeploy: true,
      meta: { image: d.image },
    };
  };

  // ---------- deployments ----------

  private later(ms: number, fn: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  private setStatus(d: DeploymentRecord, status: DeploymentStatus): void {
    d.status = status;
    d.updatedAt = new Date();
  }

  private dataVolume(serviceId: string, environmentId: string): VolumeRecord | undefined {
    const vi = [...this.world.volumeInstances.values()].find(
      (v) => v.serviceId === serviceId && v.environmentId === environmentId && v.mountPath === "/app/data",
    );
    return vi ? this.world.volumes.get(vi.volumeId) : undefined;
  }

  /** Stops a deployment's app, keeping what it wrote to /app/data on the volume. */
  async stopApp(d: DeploymentRecord): Promise<void> {
    const app = this.apps.get(d.id);
    if (!app) return;
    this.apps.delete(d.id);
    const volume = this.dataVolume(d.serviceId, d.environmentId);
    if (volume && app.snapshot) volume.data = app.snapshot();
    await app.stop();
  }

  /** Starts a deployment of the instance's current source and variables. */
  startDeployment(instance: ServiceInstanceRecord, trigger: string): DeploymentRecord {
    const service = this.world.services.get(instance.serviceId)!;
    const now = new Date();
    const planned = this.plannedOutcomes.shift();
    const d: DeploymentRecord = {
      id: newId(),
      projectId: service.projectId,
      environmentId: instance.environmentId,
      serviceId: instance.serviceId,
      status: "QUEUED",
      createdAt: now,
      updatedAt: now,
      image: instance.source?.image ?? null,
      variables: this.world.renderVariables(service.projectId, instance.environmentId, instance.serviceId),
      mounts: [...this.world.volumeInstances.values()]
        .filter((v) => v.serviceId === instance.serviceId && v.environmentId === instance.environmentId)
        .map((v) => v.mountPath),
      buildLogs: [],
      deployLogs: [],
      outcome: planned ? { status: planned.status, logs: planned.logs } : { status: "SUCCESS", logs: [] },
      trigger,
    };
    // A newer deployment supersedes the ones still in progress.
    for (const old of this.world.deploymentsOf(instance.serviceId, instance.environmentId)) {
      if (!TERMINAL.includes(old.status)) this.setStatus(old, "REMOVED");
    }
    this.world.deployments.set(d.id, d);
    this.later(this.options.stepMs(), () => this.build(d));
    return d;
  }

  private alive(d: DeploymentRecord): boolean {
    return this.world.deployments.get(d.id) === d && d.status !== "REMOVED";
  }

  private build(d: DeploymentRecord): void {
    if (!this.alive(d)) return;
    this.setStatus(d, "BUILDING");
    d.buildLogs.push(log(`Pulling image ${d.image}`));
    this.later(this.options.stepMs(), () => {
      if (!this.alive(d)) return;
      if (d.outcome.status === "FAILED") {
        for (const line of d.outcome.logs.length ? d.outcome.logs : [`Failed to pull image ${d.image}`]) {
          d.buildLogs.push(log(line, "error"));
        }
        this.setStatus(d, "FAILED");
        return;
      }
      d.buildLogs.push(log(`Image ${d.image} pulled`));
      this.setStatus(d, "DEPLOYING");
      d.deployLogs.push(log("Starting Container"));
      this.later(this.options.stepMs(), () => this.run(d));
    });
  }

  private crash(d: DeploymentRecord, lines: string[]): void {
    for (const line of lines) d.deployLogs.push(log(line, "error"));
    this.setStatus(d, "CRASHED");
  }

  private async run(d: DeploymentRecord): Promise<void> {
    if (!this.alive(d)) return;
    if (d.outcome.status === "CRASHED")
      return this.crash(d, d.outcome.logs.length ? d.outcome.logs : ["exit status 1"]);
    const startupError = /pocket-id/.test(d.image ?? "") ? pocketIdStartupError(d.variables) : undefined;
    if (startupError)
      return this.crash(d, [
        `{"level":"ERROR","msg":"Failed to load configuration","error":"${startupError}"}`,
      ]);
    const instance = this.world.instanceOf(d.serviceId, d.environmentId);
    const previous = this.world
      .deploymentsOf(d.serviceId, d.environmentId)
      .filter((old) => old !== d && old.status === "SUCCESS");
    // A volume cannot be mounted twice: with one, Railway stops the old deployment before starting the new.
    const volume = this.dataVolume(d.serviceId, d.environmentId);
    if (volume) for (const old of previous) await this.stopApp(old);
    let app: RunningApp;
    try {
      app = await this.options.app({
        deploymentId: d.id,
        image: d.image ?? "",
        variables: d.variables,
        volumeData: volume?.data,
      });
    } catch (err) {
      return this.crash(d, [`app failed to start: ${(err as Error).message}`]);
    }
    if (!this.alive(d)) return void (await app.stop());
    if (instance?.healthcheckPath) {
      d.deployLogs.push(log(`Starting Healthcheck on path ${instance.healthcheckPath}`));
      const ok = await fetch(new URL(instance.healthcheckPath, app.url))
        .then((r) => r.status >= 200 && r.status < 300)
        .catch(() => false);
      if (!ok) {
        await app.stop();
        d.deployLogs.push(log("Healthcheck failed!", "error"));
        this.setStatus(d, "FAILED");
        return;
      }
    }
    for (const old of previous) {
      await this.stopApp(old);
      this.setStatus(old, "REMOVED");
    }
    this.apps.set(d.id, app);
    d.deployLogs.push(log(`Listening on ${d.variables.PORT ?? "8080"}`));
    this.setStatus(d, "SUCCESS");
  }

  /** Where a service domain sends traffic: the serving deployment's app, or Railway's error pages. */
  routeDomain(domainId: string): DomainTarget {
    const domain = this.world.domains.get(domainId);
    if (!domain) return { kind: "error", status: 404, body: "Application not found" };
    const deployments = this.world.deploymentsOf(domain.serviceId, domain.environmentId);
    const serving = deployments.filter((x) => x.status === "SUCCESS" && this.apps.has(x.id)).at(-1);
    if (serving) return { kind: "app", url: this.apps.get(serving.id)!.url };
    if (deployments.at(-1)?.status === "CRASHED")
      return { kind: "error", status: 502, body: "Application failed to respond" };
    return { kind: "error", status: 404, body: "Application not found" };
  }

  private async dropDeployments(list: DeploymentRecord[]): Promise<void> {
    for (const d of list) {
      this.setStatus(d, "REMOVED");
      await this.stopApp(d);
    }
  }

  private async dropDomains(list: ServiceDomainRecord[]): Promise<void> {
    for (const d of list) {
      const server = this.domainServers.get(d.id);
      this.domainServers.delete(d.id);
      await server?.stop();
    }
  }

  private async removeInstance(instance: ServiceInstanceRecord): Promise<void> {
    const projectId = this.world.services.get(instance.serviceId)?.projectId ?? "";
    for (const d of this.world.deploymentsOf(instance.serviceId, instance.environmentId))
      await this.stopApp(d);
    const removed = this.world.removeInstanceContents(instance.serviceId, instance.environmentId, projectId);
    await this.dropDeployments(removed.deployments);
    await this.dropDomains(removed.domains);
    this.world.instances.delete(instance.id);
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const d of [...this.world.deployments.values()]) await this.stopApp(d);
    for (const server of this.domainServers.values()) await server.stop();
    this.domainServers.clear();
  }

  // ---------- root resolvers ----------

  rootValue() {
    const w = this.world;
    return {
      me: (_a: Args, ctx: ResolverContext) => {
        const p = ctx.principal;
        if (p.kind !== "account") throw notAuthorized();
        return {
          id: p.userId,
          email: p.email,
          name: p.email.split("@")[0],
          workspaces: p.workspaceIds.map((id) => w.workspaces.get(id)).filter(Boolean),
        };
      },
      projectToken: (_a: Args, ctx: ResolverContext) => {
        const p = ctx.principal;
        if (p.kind !== "project") throw new GraphQLError("Project Token not found");
        return {
          id: p.tokenId,
          name: "token",
          projectId: p.projectId,
          environmentId: p.environmentId,
          project: () => this.projectView(w.projects.get(p.projectId)!),
          environment: () => this.environmentView(w.environments.get(p.environmentId)!),
        };
      },
      workspace: ({ workspaceId }: { workspaceId: string }, ctx: ResolverContext) => {
        const p = this.requireAuth(ctx);
        const ws = w.workspaces.get(workspaceId);
        if (!ws) throw notFound("Workspace");
        if (!this.canSeeWorkspace(p, workspaceId)) throw notAuthorized();
        return ws;
      },
      project: ({ id }: { id: string }, ctx: ResolverContext) => this.projectView(this.project(ctx, id)),
      projects: ({ workspaceId }: { workspaceId?: string }, ctx: ResolverContext) => {
        const p = this.requireAuth(ctx);
        const visible = [...w.projects.values()].filter((x) =>
          p.kind === "project" ? x.id === p.projectId : this.canSeeWorkspace(p, x.workspaceId),
        );
        return connection(
          visible.filter((x) => !workspaceId || x.workspaceId === workspaceId).map(this.projectView),
        );
      },
      environment: ({ id }: { id: string }, ctx: ResolverContext) =>
        this.environmentView(this.environment(ctx, id)),
      environments: ({ projectId }: { projectId: string }, ctx: ResolverContext) => {
        this.project(ctx, projectId);
        return connection(w.environmentsOf(projectId).map(this.environmentView));
      },
      service: ({ id }: { id: string }, ctx: ResolverContext) => this.serviceView(this.service(ctx, id)),
      serviceInstance: (a: { serviceId: string; environmentId: string }, ctx: ResolverContext) =>
        this.instanceView(this.instance(ctx, a.serviceId, a.environmentId)),
      variables: (
        a: { projectId: string; environmentId: string; serviceId?: string; unrendered?: boolean },
        ctx: ResolverContext,
      ) => {
        this.project(ctx, a.projectId);
        this.environment(ctx, a.environmentId);
        if (a.serviceId) this.instance(ctx, a.serviceId, a.environmentId);
        if (!a.unrendered && a.serviceId) {
          const rendered = w.renderVariables(a.projectId, a.environmentId, a.serviceId);
          const own =
            w.variables.get(RailwayWorld.variableKey(a.projectId, a.environmentId, a.serviceId)) ?? {};
          return Object.fromEntries(Object.keys(own).map((k) => [k, rendered[k]]));
        }
        return {
          ...(w.variables.get(RailwayWorld.variableKey(a.projectId, a.environmentId, a.serviceId)) ?? {}),
        };
      },
      variablesForServiceDeployment: (
        a: { projectId: string; environmentId: string; serviceId: string },
        ctx: ResolverContext,
      ) => {
        this.instance(ctx, a.serviceId, a.environmentId);
        return w.renderVariables(a.projectId, a.environmentId, a.serviceId);
      },
      domains: (a: { projectId: string; environmentId: string; serviceId: string }, ctx: ResolverContext) =>
        this.instanceView(this.instance(ctx, a.serviceId, a.environmentId)).domains(),
      volumeInstance: ({ id }: { id: string }, ctx: ResolverContext) => {
        const vi = w.volumeInstances.get(id);
        if (!vi || vi.visibleAt > Date.now()) throw notFound("VolumeInstance");
        this.environment(ctx, vi.environmentId);
        return this.volumeInstanceView(vi);
      },
      deployment: ({ id }: { id: string }, ctx: ResolverContext) =>
        this.deploymentView(this.deployment(ctx, id)),
      deployments: (
        a: {
          first?: number;
          input: {
            projectId?: string;
            environmentId?: string;
            serviceId?: string;
            status?: { in?: DeploymentStatus[]; notIn?: DeploymentStatus[] };
          };
        },
        ctx: ResolverContext,
      ) => {
        const { input } = a;
        if (input.projectId) this.project(ctx, input.projectId);
        if (input.environmentId) this.environment(ctx, input.environmentId);
        if (input.serviceId) this.service(ctx, input.serviceId);
        if (!input.projectId && !input.environmentId && !input.serviceId) this.requireAuth(ctx);
        const list = [...w.deployments.values()]
          .filter((d) => !input.projectId || d.projectId === input.projectId)
          .filter((d) => !input.environmentId || d.environmentId === input.environmentId)
          .filter((d) => !input.serviceId || d.serviceId === input.serviceId)
          .filter((d) => !input.status?.in || input.status.in.includes(d.status))
          .filter((d) => !input.status?.notIn || !input.status.notIn.includes(d.status))
          .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime())
          .slice(0, a.first ?? 100);
        return connection(list.map(this.deploymentView));
      },
      deploymentLogs: (a: { deploymentId: string; limit?: number }, ctx: ResolverContext) =>
        this.deployment(ctx, a.deploymentId).deployLogs.slice(-(a.limit ?? 100)),
      buildLogs: (a: { deploymentId: string; limit?: number }, ctx: ResolverContext) =>
        this.deployment(ctx, a.deploymentId).buildLogs.slice(-(a.limit ?? 100)),

      // ----- mutations -----
      projectCreate: (
        {
          input,
        }: {
          input: {
            name?: string;
            description?: string;
            workspaceId?: string;
            isPublic?: boolean;
            prDeploys?: boolean;
            defaultEnvironmentName?: string;
          };
        },
        ctx: ResolverContext,
      ) => {
        const p = this.requireAuth(ctx);
        if (p.kind === "project") throw notAuthorized();
        let workspaceId: string | null = input.workspaceId ?? null;
        if (workspaceId === null && p.kind === "workspace") workspaceId = p.workspaceId;
        if (workspaceId !== null && !w.workspaces.has(workspaceId)) throw notFound("Workspace");
        if (workspaceId !== null && !this.canSeeWorkspace(p, workspaceId)) throw notAuthorized();
        const now = new Date();
        const project: ProjectRecord = {
          id: newId(),
          name: input.name ?? `project-${w.projects.size + 1}`,
          description: input.description ?? null,
          workspaceId,
          isPublic: input.isPublic ?? false,
          prDeploys: input.prDeploys ?? false,
          // Without a workspace Railway makes a temporary project that expires unless claimed.
          isTempProject: workspaceId === null,
          createdAt: now,
          updatedAt: now,
        };
        w.projects.set(project.id, project);
        const env: EnvironmentRecord = {
          id: newId(),
          name: input.defaultEnvironmentName ?? "production",
          projectId: project.id,
          createdAt: now,
          updatedAt: now,
        };
        w.environments.set(env.id, env);
        return this.projectView(project);
      },
      projectUpdate: (
        { id, input }: { id: string; input: { name?: string; description?: string } },
        ctx: ResolverContext,
      ) => {
        const project = this.project(ctx, id);
        if (ctx.principal.kind === "project") throw notAuthorized();
        if (input.name !== undefined && input.name !== null) project.name = input.name;
        if (input.description !== undefined && input.description !== null)
          project.description = input.description;
        project.updatedAt = new Date();
        return this.projectView(project);
      },
      projectDelete: async ({ id }: { id: string }, ctx: ResolverContext) => {
        this.project(ctx, id);
        if (ctx.principal.kind === "project") throw notAuthorized();
        for (const env of w.environmentsOf(id)) await this.deleteEnvironment(env);
        for (const s of w.servicesOf(id)) w.services.delete(s.id);
        for (const v of [...w.volumes.values()]) if (v.projectId === id) w.volumes.delete(v.id);
        w.projects.delete(id);
        return true;
      },
      environmentCreate: (
        { input }: { input: { projectId: string; name: string; sourceEnvironmentId?: string } },
        ctx: ResolverContext,
      ) => {
        if (ctx.principal.kind === "project") throw notAuthorized();
        this.project(ctx, input.projectId);
        if (w.environmentsOf(input.projectId).some((e) => e.name === input.name)) {
          throw new GraphQLError(`Environment with name ${input.name} already exists`);
        }
        const now = new Date();
        const env: EnvironmentRecord = {
          id: newId(),
          name: input.name,
          projectId: input.projectId,
          createdAt: now,
          updatedAt: now,
        };
        w.environments.set(env.id, env);
        return this.environmentView(env);
      },
      environmentRename: ({ id, input }: { id: string; input: { name: string } }, ctx: ResolverContext) => {
        const env = this.environment(ctx, id);
        env.name = input.name;
        env.updatedAt = new Date();
        return this.environmentView(env);
      },
      environmentDelete: async ({ id }: { id: string }, ctx: ResolverContext) => {
        if (ctx.principal.kind === "project") throw notAuthorized();
        await this.deleteEnvironment(this.environment(ctx, id));
        return true;
      },
      serviceCreate: (
        {
          input,
        }: {
          input: {
            projectId: string;
            name?: string;
            environmentId?: string;
            source?: { image?: string; repo?: string };
            variables?: Record<string, string>;
          };
        },
        ctx: ResolverContext,
      ) => {
        this.project(ctx, input.projectId);
        if (input.environmentId) this.environment(ctx, input.environmentId);
        const name = input.name ?? `service-${w.services.size + 1}`;
        if (w.servicesOf(input.projectId).some((s) => s.name === name)) {
          throw new GraphQLError(`Service with name ${name} already exists in this project`);
        }
        const now = new Date();
        const service: ServiceRecord = {
          id: newId(),
          name,
          projectId: input.projectId,
          createdAt: now,
          updatedAt: now,
        };
        w.services.set(service.id, service);
        // Created in every environment that is not a fork (this emulator has no forks).
        for (const env of w.environmentsOf(input.projectId)) {
          const instance = w.addInstance(service.id, env.id);
          if (input.variables)
            w.variables.set(RailwayWorld.variableKey(input.projectId, env.id, service.id), {
              ...input.variables,
            });
          if (input.source?.image || input.source?.repo) {
            instance.source = { image: input.source.image ?? null, repo: input.source.repo ?? null };
            this.startDeployment(instance, "serviceCreate");
          }
        }
        return this.serviceView(service);
      },
      serviceUpdate: ({ id, input }: { id: string; input: { name?: string } }, ctx: ResolverContext) => {
        const service = this.service(ctx, id);
        if (input.name) service.name = input.name;
        service.updatedAt = new Date();
        return this.serviceView(service);
      },
      serviceDelete: async ({ id }: { id: string; environmentId?: string }, ctx: ResolverContext) => {
        const service = this.service(ctx, id);
        for (const instance of [...w.instances.values()].filter((i) => i.serviceId === id))
          await this.removeInstance(instance);
        w.services.delete(service.id);
        w.dropOrphanVolumes();
        return true;
      },
      serviceConnect: (
        { id, input }: { id: string; input: { image?: string; repo?: string } },
        ctx: ResolverContext,
      ) => {
        const service = this.service(ctx, id);
        // No environment argument: every instance of the service gets the source and deploys.
        for (const instance of [...w.instances.values()].filter((i) => i.serviceId === id)) {
          instance.source = { image: input.image ?? null, repo: input.repo ?? null };
          this.startDeployment(instance, "serviceConnect");
        }
        return this.serviceView(service);
      },
      serviceDisconnect: ({ id }: { id: string }, ctx: ResolverContext) => {
        const service = this.service(ctx, id);
        for (const instance of [...w.instances.values()].filter((i) => i.serviceId === id))
          instance.source = null;
        return this.serviceView(service);
      },
      serviceInstanceUpdate: (
        a: { serviceId: string; environmentId?: string | null; input: Record<string, unknown> },
        ctx: ResolverContext,
      ) => {
        this.service(ctx, a.serviceId);
        const targets = a.environmentId
          ? [this.instance(ctx, a.serviceId, a.environmentId)]
          : [...w.instances.values()].filter((i) => i.serviceId === a.serviceId);
        for (const instance of targets) {
          const input = a.input as Partial<ServiceInstanceRecord> & {
            source?: { image?: string; repo?: string };
          };
          if (input.source)
            instance.source = { image: input.source.image ?? null, repo: input.source.repo ?? null };
          for (const key of [
            "healthcheckPath",
            "healthcheckTimeout",
            "numReplicas",
            "restartPolicyType",
            "restartPolicyMaxRetries",
            "startCommand",
            "region",
          ] as const) {
            if (input[key] !== undefined && input[key] !== null)
              (instance as unknown as Record<string, unknown>)[key] = input[key];
          }
          instance.updatedAt = new Date();
        }
        // Settings are saved; nothing deploys until a deploy is requested.
        return true;
      },
      serviceInstanceDeployV2: (a: { serviceId: string; environmentId: string }, ctx: ResolverContext) => {
        const instance = this.instance(ctx, a.serviceId, a.environmentId);
        if (!instance.source?.image && !instance.source?.repo)
          throw new GraphQLError("Service instance has no source to deploy");
        return this.startDeployment(instance, "serviceInstanceDeployV2").id;
      },
      serviceInstanceDeploy: (a: { serviceId: string; environmentId: string }, ctx: ResolverContext) => {
        const instance = this.instance(ctx, a.serviceId, a.environmentId);
        if (!instance.source?.image && !instance.source?.repo)
          throw new GraphQLError("Service instance has no source to deploy");
        this.startDeployment(instance, "serviceInstanceDeploy");
        return true;
      },
      serviceInstanceRedeploy: (a: { serviceId: string; environmentId: string }, ctx: ResolverContext) => {
        const instance = this.instance(ctx, a.serviceId, a.environmentId);
        if (!w.latestDeployment(a.serviceId, a.environmentId))
          throw new GraphQLError("No deployment to redeploy");
        this.startDeployment(instance, "serviceInstanceRedeploy");
        return true;
      },
      volumeCreate: (
        {
          input,
        }: {
          input: { projectId: string; mountPath: string; serviceId?: string; environmentId?: string | null };
        },
        ctx: ResolverContext,
      ) => {
        this.project(ctx, input.projectId);
        if (input.serviceId) this.service(ctx, input.serviceId);
        if (!input.mountPath.startsWith("/")) throw new GraphQLError("Mount path must be absolute");
        const now = new Date();
        const volume: VolumeRecord = {
          id: newId(),
          name: `volume-${w.volumes.size + 1}`,
          projectId: input.projectId,
          createdAt: now,
        };
        w.volumes.set(volume.id, volume);
        // Without an environment id no instance is created (terraform-provider-railway #61/#62).
        if (input.environmentId) {
          this.environment(ctx, input.environmentId);
          if (
            input.serviceId &&
            [...w.volumeInstances.values()].some(
              (v) => v.serviceId === input.serviceId && v.environmentId === input.environmentId,
            )
          ) {
            throw new GraphQLError("Service already has a volume attached in this environment");
          }
          const vi: VolumeInstanceRecord = {
            id: newId(),
            volumeId: volume.id,
            environmentId: input.environmentId,
            serviceId: input.serviceId ?? null,
            mountPath: input.mountPath,
            sizeMB: 5000,
            state: "READY",
            createdAt: now,
            visibleAt: Date.now() + this.options.volumeInstanceDelayMs(),
          };
          w.volumeInstances.set(vi.id, vi);
        }
        return this.volumeView(volume);
      },
      volumeUpdate: (
        { volumeId, input }: { volumeId: string; input: { name?: string } },
        ctx: ResolverContext,
      ) => {
        const volume = this.volume(ctx, volumeId);
        if (input.name) volume.name = input.name;
        return this.volumeView(volume);
      },
      volumeInstanceUpdate: (
        a: {
          volumeId: string;
          environmentId?: string | null;
          input: { mountPath?: string; serviceId?: string };
        },
        ctx: ResolverContext,
      ) => {
        this.volume(ctx, a.volumeId);
        for (const vi of w.volumeInstances.values()) {
          if (vi.volumeId !== a.volumeId || (a.environmentId && vi.environmentId !== a.environmentId))
            continue;
          if (a.input.mountPath) vi.mountPath = a.input.mountPath;
          if (a.input.serviceId !== undefined) vi.serviceId = a.input.serviceId ?? null;
        }
        return true;
      },
      volumeDelete: ({ volumeId }: { volumeId: string }, ctx: ResolverContext) => {
        this.volume(ctx, volumeId);
        for (const vi of [...w.volumeInstances.values()])
          if (vi.volumeId === volumeId) w.volumeInstances.delete(vi.id);
        w.volumes.delete(volumeId);
        return true;
      },
      variableUpsert: (
        {
          input,
        }: {
          input: {
            projectId: string;
            environmentId: string;
            serviceId?: string;
            name: string;
            value: string;
            skipDeploys?: boolean;
          };
        },
        ctx: ResolverContext,
      ) => {
        this.upsertVariables(ctx, input, { [input.name]: input.value }, false, input.skipDeploys ?? false);
        return true;
      },
      variableCollectionUpsert: (
        {
          input,
        }: {
          input: {
            projectId: string;
            environmentId: string;
            serviceId?: string;
            variables: Record<string, string>;
            replace?: boolean;
            skipDeploys?: boolean;
          };
        },
        ctx: ResolverContext,
      ) => {
        this.upsertVariables(ctx, input, input.variables, input.replace ?? false, input.skipDeploys ?? false);
        return true;
      },
      variableDelete: (
        { input }: { input: { projectId: string; environmentId: string; serviceId?: string; name: string } },
        ctx: ResolverContext,
      ) => {
        this.project(ctx, input.projectId);
        this.environment(ctx, input.environmentId);
        if (input.serviceId) this.instance(ctx, input.serviceId, input.environmentId);
        const key = RailwayWorld.variableKey(input.projectId, input.environmentId, input.serviceId);
        const vars = w.variables.get(key);
        if (!vars || !(input.name in vars)) throw notFound("Variable");
        delete vars[input.name];
        return true;
      },
      serviceDomainCreate: async (
        { input }: { input: { environmentId: string; serviceId: string; targetPort?: number } },
        ctx: ResolverContext,
      ) => {
        this.instance(ctx, input.serviceId, input.environmentId);
        const service = w.services.get(input.serviceId)!;
        const env = w.environments.get(input.environmentId)!;
        const id = newId();
        let domain: string;
        let suffix: string | null;
        if (this.options.domainMode === "local") {
          const server = await this.options.startDomainServer(() => this.routeDomain(id));
          this.domainServers.set(id, server);
          domain = `127.0.0.1:${server.port}`;
          suffix = null;
        } else {
          domain = `${service.name}-${env.name}-${id.slice(0, 4)}.up.railway.app`;
          suffix = "up.railway.app";
        }
        const record: ServiceDomainRecord = {
          id,
          domain,
          suffix,
          targetPort: input.targetPort ?? null,
          environmentId: input.environmentId,
          serviceId: input.serviceId,
          projectId: service.projectId,
          createdAt: new Date(),
        };
        w.domains.set(id, record);
        return this.domainView(record);
      },
      serviceDomainUpdate: (
        { input }: { input: { serviceDomainId: string; domain: string; targetPort?: number } },
        ctx: ResolverContext,
      ) => {
        const record = w.domains.get(input.serviceDomainId);
        if (!record) throw notFound("Domain");
        this.instance(ctx, record.serviceId, record.environmentId);
        if (this.options.domainMode === "railway") record.domain = input.domain;
        if (input.targetPort !== undefined && input.targetPort !== null) record.targetPort = input.targetPort;
        return true;
      },
      serviceDomainDelete: async ({ id }: { id: string }, ctx: ResolverContext) => {
        const record = w.domains.get(id);
        if (!record) {
          this.requireAuth(ctx);
          throw notFound("Domain");
        }
        this.instance(ctx, record.serviceId, record.environmentId);
        w.domains.delete(id);
        await this.dropDomains([record]);
        return true;
      },
      deploymentRedeploy: ({ id }: { id: string }, ctx: ResolverContext) => {
        const d = this.deployment(ctx, id);
        const instance = w.instanceOf(d.serviceId, d.environmentId)!;
        return this.deploymentView(this.startDeployment(instance, "deploymentRedeploy"));
      },
      deploymentRemove: async ({ id }: { id: string }, ctx: ResolverContext) => {
        const d = this.deployment(ctx, id);
        await this.stopApp(d);
        this.setStatus(d, "REMOVED");
        return true;
      },
      deploymentCancel: ({ id }: { id: string }, ctx: ResolverContext) => {
        const d = this.deployment(ctx, id);
        if (!TERMINAL.includes(d.status)) this.setStatus(d, "REMOVED");
        return true;
      },
    };
  }

  private upsertVariables(
    ctx: ResolverContext,
    scope: { projectId: string; environmentId: string; serviceId?: string },
    values: Record<string, string>,
    replace: boolean,
    skipDeploys: boolean,
  ): void {
    this.project(ctx, scope.projectId);
    this.environment(ctx, scope.environmentId);
    const instance = scope.serviceId ? this.instance(ctx, scope.serviceId, scope.environmentId) : undefined;
    for (const [name, value] of Object.entries(values ?? {})) {
      if (typeof value !== "string") throw new GraphQLError(`Variable ${name} must be a string`);
    }
    const key = RailwayWorld.variableKey(scope.projectId, scope.environmentId, scope.serviceId);
    const current = replace ? {} : { ...(this.world.variables.get(key) ?? {}) };
    this.world.variables.set(key, { ...current, ...values });
    // Railway redeploys a service whose variables change, unless skipDeploys is set.
    if (
      !skipDeploys &&
      instance?.source &&
      this.world.latestDeployment(instance.serviceId, instance.environmentId)
    ) {
      this.startDeployment(instance, "variables");
    }
  }

  private async deleteEnvironment(env: EnvironmentRecord): Promise<void> {
    for (const instance of [...this.world.instances.values()].filter((i) => i.environmentId === env.id)) {
      await this.removeInstance(instance);
    }
    for (const vi of [...this.world.volumeInstances.values()])
      if (vi.environmentId === env.id) this.world.volumeInstances.delete(vi.id);
    for (const key of [...this.world.variables.keys()])
      if (key.includes(`:${env.id}:`)) this.world.variables.delete(key);
    this.world.environments.delete(env.id);
    this.world.dropOrphanVolumes();
  }
}
