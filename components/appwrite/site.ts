// DemoSite (config `demoSite`): the Astro demo app in app/ built on the machine that runs pulumi, with the
// stack's Appwrite endpoint and project id baked in, then published to Appwrite Sites at a stable URL.
// The build is a @pulumi/command local.Command re-run when the app's sources or the baked-in values change
// (by content hash, through `triggers`); the upload, rule and Web platform are the SiteDeployment resource.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { normalizeEndpoint } from "./redirect-uri";
import { SiteDeployment } from "./site-deployment";
import { appBuildHash, hashAppSources } from "./site-sources";

/** Installs the app's locked dependencies and builds it into dist/ (static output). */
export const BUILD_COMMAND = "npm ci --no-audit --no-fund && npm run build";

/** The repository's demo app. */
export const DEFAULT_APP_DIR = path.resolve(__dirname, "../../app");

export interface DemoSiteArgs {
  /** Appwrite API root ending in /v1; baked into the app (PUBLIC_APPWRITE_ENDPOINT) and used to deploy it. */
  endpoint: pulumi.Input<string>;
  /** The Appwrite project the app signs in to and the site belongs to (PUBLIC_APPWRITE_PROJECT_ID). */
  projectId: pulumi.Input<string>;
  /** Project API key (secret) with sites.read/write, rules.read/write, platforms.read/write; never reaches the build. */
  apiKey: pulumi.Input<string>;
  /** The Appwrite instance's Sites domain (_APP_DOMAIN_SITES), e.g. appwrite.network on Appwrite Cloud. */
  sitesDomain: pulumi.Input<string>;
  /** Appwrite site ID; default `demo-<stack>`. */
  siteId?: pulumi.Input<string>;
  /** The label under sitesDomain of the site's URL; default `<siteId>-<projectId>`, since every project of the instance shares the Sites domain. */
  subdomain?: pulumi.Input<string>;
  /** The Astro app to build; default the repository's app/. */
  appDir?: string;
  /** Deploy into an existing site with the same ID instead of failing; default false. */
  adoptExisting?: pulumi.Input<boolean>;
}

/** An Appwrite ID made from free text: a-z, 0-9, period, hyphen, underscore; at most 36; no leading special char. */
export function toAppwriteId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 36)
    .replace(/[._-]+$/, "");
}

/** One DNS label made from free text: a-z, 0-9 and inner hyphens; at most 63. */
export function toDnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

export class DemoSite extends pulumi.ComponentResource {
  /** `https://<subdomain>.<sitesDomain>` */
  public readonly siteUrl: pulumi.Output<string>;
  /** The site's hostname (a Web platform of the project). */
  public readonly domain: pulumi.Output<string>;
  public readonly siteId: pulumi.Output<string>;
  /** The active deployment this stack uploaded. */
  public readonly deploymentId: pulumi.Output<string>;
  /** Identity of the current build: sources, endpoint and project id. */
  public readonly buildHash: pulumi.Output<string>;

  constructor(name: string, args: DemoSiteArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pocket-id-appwrite:appwrite:DemoSite", name, {}, opts);

    const appDir = args.appDir ?? DEFAULT_APP_DIR;
    const sourceHash = hashAppSources(appDir);
    const endpoint = pulumi.output(args.endpoint).apply(normalizeEndpoint);
    const projectId = pulumi.output(args.projectId);
    this.buildHash = pulumi.all([endpoint, projectId]).apply(([e, p]) => appBuildHash(sourceHash, e, p));

    // Only public values reach the build: Astro inlines PUBLIC_* variables into the bundle.
    const build = new command.local.Command(
      `${name}-build`,
      {
        dir: appDir,
        create: BUILD_COMMAND,
        environment: {
          PUBLIC_APPWRITE_ENDPOINT: endpoint,
          PUBLIC_APPWRITE_PROJECT_ID: projectId,
          ASTRO_TELEMETRY_DISABLED: "1",
        },
        triggers: [this.buildHash],
      },
      { parent: this },
    );

    const siteId = pulumi.output(args.siteId ?? toAppwriteId(`demo-${pulumi.getStack()}`));
    const subdomain = args.subdomain
      ? pulumi.output(args.subdomain)
      : pulumi.all([siteId, projectId]).apply(([s, p]) => toDnsLabel(`${s}-${p}`));

    const site = new SiteDeployment(
      `${name}-deployment`,
      {
        endpoint,
        projectId,
        apiKey: pulumi.secret(args.apiKey),
        siteId,
        siteName: `Pocket ID demo (${pulumi.getStack()})`,
        sitesDomain: args.sitesDomain,
        subdomain,
        distDir: path.join(appDir, "dist"),
        contentHash: this.buildHash,
        adoptExisting: args.adoptExisting ?? false,
      },
      { parent: this, dependsOn: [build] },
    );

    this.siteUrl = site.siteUrl;
    this.domain = site.domain;
    this.siteId = site.siteId;
    this.deploymentId = site.deploymentId;
    this.registerOutputs({
      siteUrl: this.siteUrl,
      domain: this.domain,
      siteId: this.siteId,
      deploymentId: this.deploymentId,
    });
  }
}
