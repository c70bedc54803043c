// OidcClientSecret: the client's secret, rotated make-before-break. A rotation adds a new secret and
// retires the previous one without deleting it; OidcClientSecretPruner deletes retired secrets only
// once the consumer has accepted the new one (design §6).
import * as pulumi from "@pulumi/pulumi";
import { stateOrThrow } from "../dynamic";
import { sha256Hex } from "../hash";
import { PocketIdApiError, PocketIdConnection } from "./api/http";
import { createSecret, deleteSecret, listSecrets } from "./api/secrets";

export interface ClientSecretInputs {
  pocketIdUrl: string;
  apiKey: string;
  clientId: string;
  /** Any change creates a new secret (clientSecretRotation). */
  rotation: string;
}

export interface ClientSecretOutputs extends ClientSecretInputs {
  secretId: string;
  clientSecret: string;
  /** sha256 of clientSecret: what a consumer reports back once it holds the secret. */
  secretHash: string;
  /** Earlier secrets of this resource that still exist and wait for the pruner. */
  retiredSecretIds: string[];
}

function connection(i: ClientSecretInputs): PocketIdConnection {
  return { url: i.pocketIdUrl, apiKey: i.apiKey };
}

/** The ids to keep as retired after a rotation: everything this resource made that still exists. */
export function retiredAfterRotation(olds: ClientSecretOutputs, existingIds: string[]): string[] {
  const existing = new Set(existingIds);
  return [...new Set([...(olds.retiredSecretIds ?? []), olds.secretId])].filter((id) => existing.has(id));
}

export class ClientSecretProvider implements pulumi.dynamic.ResourceProvider<
  ClientSecretInputs,
  ClientSecretOutputs
> {
  async diff(
    _id: string,
    olds: ClientSecretOutputs,
    news: ClientSecretInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.clientId !== news.clientId ? ["clientId"] : [];
    const changes =
      replaces.length > 0 ||
      olds.rotation !== news.rotation ||
      olds.pocketIdUrl !== news.pocketIdUrl ||
      olds.apiKey !== news.apiKey;
    return { changes, replaces };
  }

  async create(inputs: ClientSecretInputs): Promise<pulumi.dynamic.CreateResult<ClientSecretOutputs>> {
    const created = await createSecret(connection(inputs), inputs.clientId);
    return {
      id: created.id,
      outs: {
        ...inputs,
        secretId: created.id,
        clientSecret: created.secret,
        secretHash: sha256Hex(created.secret),
        retiredSecretIds: [],
      },
    };
  }

  async update(
    _id: string,
    olds: ClientSecretOutputs,
    news: ClientSecretInputs,
  ): Promise<pulumi.dynamic.UpdateResult<ClientSecretOutputs>> {
    if (olds.rotation === news.rotation) return { outs: { ...olds, ...news } };
    const conn = connection(news);
    const existing = await listSecrets(conn, news.clientId);
    // Make before break: the previous secret stays valid until the pruner sees the consumer switched.
    const created = await createSecret(conn, news.clientId);
    return {
      outs: {
        ...news,
        secretId: created.id,
        clientSecret: created.secret,
        secretHash: sha256Hex(created.secret),
        retiredSecretIds: retiredAfterRotation(
          olds,
          existing.map((s) => s.id),
        ),
      },
    };
  }

  async read(
    id: string,
    state?: ClientSecretOutputs,
  ): Promise<pulumi.dynamic.ReadResult<ClientSecretOutputs>> {
    const props = stateOrThrow(state, "ClientSecret");
    let existing: string[];
    try {
      existing = (await listSecrets(connection(props), props.clientId)).map((s) => s.id);
    } catch (err) {
      if (err instanceof PocketIdApiError && err.isNotFound) return { id: "", props: undefined };
      throw err;
    }
    // The plaintext cannot be read back: a secret deleted behind the stack's back is gone for good.
    if (!existing.includes(props.secretId)) return { id: "", props: undefined };
    return {
      id,
      props: {
        ...props,
        retiredSecretIds: (props.retiredSecretIds ?? []).filter((r) => existing.includes(r)),
      },
    };
  }

  async delete(_id: string, props: ClientSecretOutputs): Promise<void> {
    const conn = connection(props);
    for (const secretId of [...(props.retiredSecretIds ?? []), props.secretId]) {
      await deleteSecret(conn, props.clientId, secretId);
    }
  }
}

export interface OidcClientSecretArgs {
  /** Base URL of the Pocket ID admin API. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** The client the secret belongs to. */
  clientId: pulumi.Input<string>;
  /** Change it to rotate the secret (clientSecretRotation). */
  rotation: pulumi.Input<string>;
}

export class OidcClientSecret extends pulumi.dynamic.Resource {
  declare readonly secretId: pulumi.Output<string>;
  declare readonly clientSecret: pulumi.Output<string>;
  declare readonly secretHash: pulumi.Output<string>;
  declare readonly retiredSecretIds: pulumi.Output<string[]>;

  constructor(name: string, args: OidcClientSecretArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new ClientSecretProvider(),
      name,
      {
        ...args,
        secretId: undefined,
        clientSecret: undefined,
        secretHash: undefined,
        retiredSecretIds: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey", "clientSecret"] }),
      "pocketid",
      "OidcClientSecret",
    );
  }
}
