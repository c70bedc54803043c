// GeneratedKey: a random secret (ENCRYPTION_KEY, STATIC_API_KEY) generated once and kept, as a
// secret, in state; a configured override is used instead. There is no @pulumi/random here.
//
// The value is settled in check(), where the old inputs are visible, so a change of an immutable
// key is refused at preview: the program always passes `value` as a secret (the override, or ""
// for "generate"), and the engine keeps a value check() returns under a secret input's name secret.
import * as pulumi from "@pulumi/pulumi";
import { randomBytes, randomUUID } from "crypto";
import { UNKNOWN } from "../dynamic";

export type KeyEncoding = "base64" | "base64url" | "hex";

export interface GeneratedKeyInputs {
  /** The override, or "" to generate; after check(): the value in effect. */
  value: string;
  /** Random bytes of a generated value. */
  bytes: number;
  encoding: KeyEncoding;
  /** Shortest acceptable value (an override shorter than this is refused). */
  minLength: number;
  /** The config key that overrides the value, named in messages. */
  configKey: string;
  /** Refuse a change of the value once it exists. */
  immutable: boolean;
  /** Why a change is refused; appended to the refusal. */
  changeRefusal: string;
  /** Let an immutable value change anyway (after a deliberate rotation). */
  allowChange: boolean;
}

export type GeneratedKeyOutputs = GeneratedKeyInputs;

/** `bytes` random bytes in `encoding`; 32 bytes are 44 base64 / 43 base64url / 64 hex characters. */
export function generateKey(bytes: number, encoding: KeyEncoding): string {
  return randomBytes(bytes).toString(encoding);
}

/** Settles the value: keep the old one, take the override, or generate; refuses changes of immutable keys. */
export function settleKey(
  olds: Partial<GeneratedKeyInputs>,
  news: GeneratedKeyInputs,
): { inputs: GeneratedKeyInputs; failures: { property: string; reason: string }[] } {
  if (news.value === UNKNOWN) return { inputs: news, failures: [] };
  const previous = olds.value && olds.value !== UNKNOWN ? olds.value : undefined;
  const wanted = news.value ?? "";
  if (wanted !== "" && wanted.length < news.minLength) {
    return {
      inputs: news,
      failures: [
        {
          property: "value",
          reason: `${news.configKey} is ${wanted.length} characters long; use at least ${news.minLength}, or unset it to have one generated`,
        },
      ],
    };
  }
  if (previous !== undefined && wanted !== "" && wanted !== previous && news.immutable && !news.allowChange) {
    return {
      inputs: news,
      failures: [
        {
          property: "value",
          reason:
            `${news.configKey} would replace the key this stack's Pocket ID already uses. ${news.changeRefusal} ` +
            `Set pocket-id-appwrite:${news.configKey} back to the current value (it is the ENCRYPTION_KEY of the running ` +
            `service; pulumi stack export --show-secrets shows it), or remove the setting to keep the current key.`,
        },
      ],
    };
  }
  return {
    inputs: { ...news, value: wanted || previous || generateKey(news.bytes, news.encoding) },
    failures: [],
  };
}

export class GeneratedKeyProvider implements pulumi.dynamic.ResourceProvider<
  GeneratedKeyInputs,
  GeneratedKeyOutputs
> {
  async check(olds: GeneratedKeyInputs, news: GeneratedKeyInputs) {
    return settleKey(olds ?? {}, news);
  }

  async diff(_id: string, olds: GeneratedKeyOutputs, news: GeneratedKeyInputs) {
    return { changes: olds.value !== news.value || olds.allowChange !== news.allowChange };
  }

  async create(inputs: GeneratedKeyInputs) {
    return { id: randomUUID(), outs: { ...inputs } };
  }

  async read(id: string, props?: GeneratedKeyOutputs) {
    return { id, props };
  }

  async update(_id: string, _olds: GeneratedKeyOutputs, news: GeneratedKeyInputs) {
    return { outs: { ...news } };
  }
}

export interface GeneratedKeyArgs {
  /** Configured value to use instead of a generated one (secret); unset or "" generates one. */
  override?: pulumi.Input<string | undefined>;
  /** Random bytes of a generated value; default 32. */
  bytes?: number;
  /** Text encoding of a generated value; default base64. */
  encoding?: KeyEncoding;
  /** Shortest acceptable override; default 16 (Pocket ID's minimum). */
  minLength?: number;
  /** Config key that overrides the value, named in messages. */
  configKey: string;
  /** Refuse a change once the value exists (ENCRYPTION_KEY). */
  immutable?: boolean;
  /** Explanation appended when a change is refused. */
  changeRefusal?: string;
  /** Allow a change of an immutable value (after a deliberate rotation). */
  allowChange?: boolean;
}

/** A generated (or configured) secret that stays the same across updates. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: GeneratedKeyProvider | undefined;

export class GeneratedKey extends pulumi.dynamic.Resource {
  /** The key in effect (secret). */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: GeneratedKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = {
      // Always a secret, even when empty, so the value check() settles on is stored as one.
      value: pulumi.secret(pulumi.output(args.override).apply((v) => v ?? "")),
      bytes: args.bytes ?? 32,
      encoding: args.encoding ?? "base64",
      minLength: args.minLength ?? 16,
      configKey: args.configKey,
      immutable: args.immutable ?? false,
      changeRefusal: args.changeRefusal ?? "",
      allowChange: args.allowChange ?? false,
    };
    super(
      (shared ??= new GeneratedKeyProvider()),
      name,
      inputs,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["value"] }),
      "pocketid",
      "GeneratedKey",
    );
  }
}

const ENCRYPTION_KEY_REFUSAL =
  "Pocket ID encrypts its data with ENCRYPTION_KEY and cannot read it with another key; a new key needs its " +
  "`pocket-id encryption-key-rotate --new-key <key>` command run against the data first.";

/** Pocket ID's ENCRYPTION_KEY: 32 random bytes, base64 (44 characters); config `encryptionKey` overrides; never changes. */
export function encryptionKey(
  name: string,
  override: pulumi.Input<string> | undefined,
  opts?: pulumi.CustomResourceOptions,
): GeneratedKey {
  return new GeneratedKey(
    name,
    {
      override,
      bytes: 32,
      encoding: "base64",
      minLength: 16,
      configKey: "encryptionKey",
      immutable: true,
      changeRefusal: ENCRYPTION_KEY_REFUSAL,
    },
    opts,
  );
}

/** Pocket ID's STATIC_API_KEY: 32 random bytes, base64url (43 characters); config `pocketIdApiKey` overrides. */
export function staticApiKey(
  name: string,
  override: pulumi.Input<string> | undefined,
  opts?: pulumi.CustomResourceOptions,
): GeneratedKey {
  return new GeneratedKey(
    name,
    { override, bytes: 32, encoding: "base64url", minLength: 16, configKey: "pocketIdApiKey" },
    opts,
  );
}
