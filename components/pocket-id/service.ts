// PocketIdService: Pocket ID deployed on the chosen platform (or adopted), ready, version-checked
// and bootstrapped. Its outputs are what the OIDC clients need: the URL and the admin API key.
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "../config";
import { PocketIdBootstrap } from "./bootstrap";
import { deployOnDocker } from "./docker";
import { deployOnRailway } from "./railway";

export interface PocketIdServiceArgs {
  /** The validated stack configuration. */
  config: StackConfig;
}

export class PocketIdService extends pulumi.ComponentResource {
  /** Public URL (APP_URL), which is also the issuer. */
  public readonly url: pulumi.Output<string>;
  /** Admin API key (secret). */
  public readonly apiKey: pulumi.Output<string>;
  public readonly issuer: pulumi.Output<string>;
  public readonly discoveryUrl: pulumi.Output<string>;
  public readonly version: pulumi.Output<string>;
  /** One-time passkey enrolment link for the first admin (secret); "" when no admin is managed. */
  public readonly adminLoginUrl: pulumi.Output<string>;

  constructor(name: string, args: PocketIdServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pocket-id-appwrite:pocket-id:PocketIdService", name, {}, opts);
    const cfg = args.config;

    let url: pulumi.Output<string>;
    let apiKey: pulumi.Output<string>;
    let dependsOn: pulumi.Resource[] = [];
    if (cfg.platform === "external") {
      url = pulumi.output(cfg.pocketIdUrl!);
      apiKey = cfg.pocketIdApiKey!;
    } else {
      const deployment =
        cfg.platform === "docker"
          ? deployOnDocker(
              name,
              {
                image: cfg.pocketIdImage,
                hostPort: cfg.dockerHostPort,
                publicUrl: cfg.pocketIdUrl,
                apiKey: cfg.pocketIdApiKey,
                encryptionKey: cfg.encryptionKey,
                protectData: cfg.protectData,
              },
              this,
            )
          : deployOnRailway(
              name,
              {
                image: cfg.pocketIdImage,
                stackName: cfg.stackName,
                token: cfg.railwayToken!,
                workspaceId: cfg.railwayWorkspaceId,
                projectId: cfg.railwayProjectId,
                apiKey: cfg.pocketIdApiKey,
                encryptionKey: cfg.encryptionKey,
                protectData: cfg.protectData,
              },
              this,
            );
      url = deployment.url;
      apiKey = deployment.apiKey;
      dependsOn = deployment.dependsOn;
    }

    const bootstrap = new PocketIdBootstrap(
      `${name}-bootstrap`,
      {
        pocketIdUrl: url,
        apiKey,
        platform: cfg.platform,
        adminEmail: cfg.adminEmail ?? "",
        adminUsername: cfg.adminUsername ?? "",
        adminLoginTtl: cfg.adminLoginTtl,
        adminLoginRotation: cfg.adminLoginRotation,
        readinessTimeoutSeconds: cfg.readinessTimeoutSeconds,
        allowUrlChange: cfg.allowUrlChange,
      },
      { parent: this, dependsOn },
    );

    // Downstream resources take the URL from the bootstrap so they run only once the server is ready.
    this.url = bootstrap.pocketIdUrl;
    this.apiKey = pulumi.secret(apiKey);
    this.issuer = bootstrap.issuer;
    this.discoveryUrl = bootstrap.discoveryUrl;
    this.version = bootstrap.version;
    this.adminLoginUrl = pulumi.secret(bootstrap.adminLoginUrl);
    this.registerOutputs({
      url: this.url,
      apiKey: this.apiKey,
      issuer: this.issuer,
      discoveryUrl: this.discoveryUrl,
      version: this.version,
      adminLoginUrl: this.adminLoginUrl,
    });
  }
}
