// OidcApp: one application registered in Pocket ID — its OIDC client and its rotating secret, and
// the pruner that retires old secrets once the application holds the new one.
import * as pulumi from "@pulumi/pulumi";
import { OidcClientSecret } from "./client-secret";
import { OidcClient } from "./oidc-client";
import { OidcClientSecretPruner } from "./secret-pruner";

export interface OidcAppArgs {
  /** Base URL of Pocket ID (take it from PocketIdService so the client waits for readiness). */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Deterministic client id. */
  clientId: pulumi.Input<string>;
  /** Display name. */
  name: pulumi.Input<string>;
  /** Redirect URIs, exactly as the application sends them. */
  callbackUrls: pulumi.Input<pulumi.Input<string>[]>;
  /** Ids of the groups allowed to sign in (UserGroups.idsFor); empty = everyone. */
  allowedGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Change it to rotate the secret. */
  secretRotation: pulumi.Input<string>;
  /** Take over an existing client with the same id. */
  adoptExisting?: pulumi.Input<boolean>;
}

export class OidcApp extends pulumi.ComponentResource {
  public readonly clientId: pulumi.Output<string>;
  /** The current client secret (secret). */
  public readonly clientSecret: pulumi.Output<string>;
  /** sha256 of the current secret, for consumers to report acceptance against. */
  public readonly secretHash: pulumi.Output<string>;
  private readonly client: OidcClient;
  private readonly secret: OidcClientSecret;
  private readonly args: OidcAppArgs;
  private readonly resourceName: string;

  constructor(name: string, args: OidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pocket-id-appwrite:pocket-id:OidcApp", name, {}, opts);
    this.args = args;
    this.resourceName = name;
    this.client = new OidcClient(
      `${name}-client`,
      {
        pocketIdUrl: args.pocketIdUrl,
        apiKey: args.apiKey,
        clientId: args.clientId,
        name: args.name,
        callbackUrls: args.callbackUrls,
        allowedGroupIds: args.allowedGroupIds ?? [],
        adoptExisting: args.adoptExisting ?? false,
      },
      { parent: this },
    );
    this.secret = new OidcClientSecret(
      `${name}-secret`,
      {
        pocketIdUrl: args.pocketIdUrl,
        apiKey: args.apiKey,
        clientId: this.client.clientId,
        rotation: args.secretRotation,
      },
      { parent: this },
    );
    this.clientId = this.client.clientId;
    // additionalSecretOutputs marks it in state; this keeps it secret in the program too.
    this.clientSecret = pulumi.secret(this.secret.clientSecret);
    this.secretHash = this.secret.secretHash;
    this.registerOutputs({
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      secretHash: this.secretHash,
    });
  }

  /**
   * Deletes retired secrets once the consumer reports the hash of the secret it accepted. Call it
   * with the consumer's output (e.g. Appwrite's acceptedSecretHash) so the deletion depends on it.
   */
  retireOldSecretsWhenAccepted(acceptedSecretHash: pulumi.Input<string>): OidcClientSecretPruner {
    return new OidcClientSecretPruner(
      `${this.resourceName}-pruner`,
      {
        pocketIdUrl: this.args.pocketIdUrl,
        apiKey: this.args.apiKey,
        clientId: this.clientId,
        currentSecretId: this.secret.secretId,
        currentSecretHash: this.secret.secretHash,
        acceptedSecretHash,
        retiredSecretIds: this.secret.retiredSecretIds,
      },
      { parent: this },
    );
  }
}
