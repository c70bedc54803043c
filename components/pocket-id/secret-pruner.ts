// OidcClientSecretPruner: deletes retired client secrets, and only after the consumer (Appwrite, or
// the stack outputs) reported the hash of the current secret. Because it depends on that report,
// a failed consumer update can never leave the consumer holding a deleted secret.
import * as pulumi from "@pulumi/pulumi";
import { PocketIdConnection } from "./api/http";
import { deleteSecret } from "./api/secrets";

export interface SecretPrunerInputs {
  pocketIdUrl: string;
  apiKey: string;
  clientId: string;
  currentSecretId: string;
  currentSecretHash: string;
  /** Hash of the secret the consumer holds now. */
  acceptedSecretHash: string;
  retiredSecretIds: string[];
}

export interface SecretPrunerOutputs extends SecretPrunerInputs {
  prunedSecretIds: string[];
}

function connection(i: SecretPrunerInputs): PocketIdConnection {
  return { url: i.pocketIdUrl, apiKey: i.apiKey };
}

/** Deletes the retired secrets once the consumer holds the current one; refuses otherwise. */
export async function pruneRetiredSecrets(inputs: SecretPrunerInputs): Promise<string[]> {
  if (inputs.acceptedSecretHash !== inputs.currentSecretHash) {
    throw new Error(
      `The consumer of OIDC client "${inputs.clientId}" does not hold its current secret yet, so the previous ` +
        `secrets (${inputs.retiredSecretIds.join(", ") || "none"}) are kept and login keeps working; run pulumi up again once the consumer update succeeds.`,
    );
  }
  const conn = connection(inputs);
  const pruned: string[] = [];
  for (const secretId of inputs.retiredSecretIds) {
    if (secretId === inputs.currentSecretId) continue;
    await deleteSecret(conn, inputs.clientId, secretId);
    pruned.push(secretId);
  }
  return pruned;
}

export class SecretPrunerProvider implements pulumi.dynamic.ResourceProvider<
  SecretPrunerInputs,
  SecretPrunerOutputs
> {
  async diff(
    _id: string,
    olds: SecretPrunerOutputs,
    news: SecretPrunerInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const keys = [
      "pocketIdUrl",
      "apiKey",
      "clientId",
      "currentSecretId",
      "currentSecretHash",
      "acceptedSecretHash",
      "retiredSecretIds",
    ] as const;
    return { changes: keys.some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])) };
  }

  async create(inputs: SecretPrunerInputs): Promise<pulumi.dynamic.CreateResult<SecretPrunerOutputs>> {
    return {
      id: `${inputs.clientId}-pruner`,
      outs: { ...inputs, prunedSecretIds: await pruneRetiredSecrets(inputs) },
    };
  }

  async update(
    _id: string,
    _olds: SecretPrunerOutputs,
    news: SecretPrunerInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SecretPrunerOutputs>> {
    return { outs: { ...news, prunedSecretIds: await pruneRetiredSecrets(news) } };
  }

  async delete(): Promise<void> {
    // Nothing of its own: the secrets belong to OidcClientSecret.
  }
}

export interface OidcClientSecretPrunerArgs {
  /** Base URL of the Pocket ID admin API. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** The client whose secrets are pruned. */
  clientId: pulumi.Input<string>;
  /** The secret that stays. */
  currentSecretId: pulumi.Input<string>;
  /** sha256 of the secret that stays. */
  currentSecretHash: pulumi.Input<string>;
  /** sha256 of the secret the consumer accepted (Appwrite's acceptedSecretHash). */
  acceptedSecretHash: pulumi.Input<string>;
  /** Secrets to delete once the consumer holds the current one. */
  retiredSecretIds: pulumi.Input<pulumi.Input<string>[]>;
}

export class OidcClientSecretPruner extends pulumi.dynamic.Resource {
  declare readonly prunedSecretIds: pulumi.Output<string[]>;

  constructor(name: string, args: OidcClientSecretPrunerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new SecretPrunerProvider(),
      name,
      { ...args, prunedSecretIds: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey"] }),
      "pocketid",
      "OidcClientSecretPruner",
    );
  }
}
