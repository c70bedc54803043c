// What every Railway dynamic resource shares: the token (a secret input, kept as a secret output so
// delete and refresh can authenticate; never captured by the provider's closure), the API URL, the
// preview sentinel and the check helpers.
import * as pulumi from "@pulumi/pulumi";
import { isUnknown, stateOrThrow } from "../dynamic";
import { RailwayConnection, resolveRailwayToken } from "./api/http";

export { isUnknown, UNKNOWN } from "../dynamic";

/** Inputs every Railway resource takes. */
export interface RailwayAuthInputs {
  /** Account or workspace token (secret). */
  token: string;
  /** GraphQL endpoint; empty for Railway's. Tests point it at the emulator. */
  apiUrl?: string;
}

/** The same, as resource arguments. */
export interface RailwayAuthArgs {
  /** Account or workspace token; pass a secret. */
  token: pulumi.Input<string>;
  /** GraphQL endpoint; unset for Railway's own. */
  apiUrl?: pulumi.Input<string>;
}

/** Dynamic resource type tokens are `pulumi-nodejs:dynamic/railway:<Type>`. */
export const MODULE = "railway";

/**
 * Base of the Railway providers: where the token of each call comes from. Create and update use
 * the token the program passes; read and delete prefer the stack's current token (config
 * `railwayToken`, `RAILWAY_API_TOKEN`, `RAILWAY_TOKEN`), read in configure() when the provider
 * process starts, because the one stored at creation may have been rotated since. A rotated token
 * is therefore not a change: nothing on Railway differs, and an update step would make the
 * resource's computed outputs unknown in preview.
 */
export class RailwayProvider {
  protected currentToken: string | undefined;

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.currentToken = resolveRailwayToken(req.config.get(TOKEN_CONFIG_KEY), process.env);
  }

  /** The connection for create and update. */
  protected connect(inputs: RailwayAuthInputs): RailwayConnection {
    return { token: inputs.token, apiUrl: inputs.apiUrl || undefined };
  }

  /** The connection for read and delete. */
  protected reconnect(props: RailwayAuthInputs): RailwayConnection {
    return { token: this.currentToken || props.token, apiUrl: props.apiUrl || undefined };
  }
}

/** The stack config key of the token. */
export const TOKEN_CONFIG_KEY = "pocket-id-appwrite:railwayToken";

/** Check failures for missing required string inputs (unknown values pass: they are filled in at apply). */
export function requireStrings(
  inputs: Record<string, unknown>,
  keys: string[],
): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  for (const key of keys) {
    const v = inputs[key];
    if (isUnknown(v)) continue;
    if (typeof v !== "string" || v.trim() === "")
      failures.push({ property: key, reason: `${key} is required` });
  }
  return failures;
}

/** Names of inputs whose new value differs from the old one (unknown counts as different). */
export function changedKeys<T extends object>(
  olds: Partial<T>,
  news: T,
  keys: (keyof T & string)[],
): string[] {
  return keys.filter((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
}

/** Resource options every Railway resource gets: the token stays a secret in its outputs. */
export function secretOptions(opts: pulumi.CustomResourceOptions | undefined, extra: string[] = []) {
  return pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token", ...extra] });
}

/** read() needs the stored outputs (token, ids); `pulumi import` does not pass them to dynamic providers. */
export function requireState<T>(state: T | undefined): T {
  return stateOrThrow(state, "A Railway resource");
}

/** What read() returns for an object that no longer exists: Pulumi then drops it from state. */
export function gone<T>(): { id: string; props: T } {
  return { id: "", props: {} as T };
}

/** Progress for a long wait, shown in `pulumi up` output. */
export function reportProgress(message: string): void {
  void pulumi.log.info(message);
}
