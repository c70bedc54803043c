/**
 * Where the contract suite runs: the in-process Pocket ID emulator by default, or a real Pocket ID when
 * POCKET_ID_CONTRACT_URL and POCKET_ID_CONTRACT_KEY (its STATIC_API_KEY) are set.
 */
import { randomBytes } from "node:crypto";
import { startPocketIdEmulator, type PocketIdEmulator } from "../emulators/pocket-id";

export interface ContractTarget {
  /** Base URL (APP_URL) without a trailing slash. */
  url: string;
  /** An admin API key (STATIC_API_KEY). */
  apiKey: string;
  /** Set when the suite runs against the emulator. */
  emulator?: PocketIdEmulator;
  stop(): Promise<void>;
}

const realUrl = process.env.POCKET_ID_CONTRACT_URL;
const realKey = process.env.POCKET_ID_CONTRACT_KEY;

/** True when the suite points at a real server; out-of-band checks are skipped then. */
export const againstRealServer = Boolean(realUrl && realKey);

export async function startContractTarget(): Promise<ContractTarget> {
  if (realUrl && realKey) {
    return { url: realUrl.replace(/\/+$/, ""), apiKey: realKey, stop: async () => undefined };
  }
  const emulator = await startPocketIdEmulator();
  return { url: emulator.url, apiKey: emulator.apiKey, emulator, stop: () => emulator.stop() };
}

/** `it` for checks that need the emulator (fault injection or out-of-band state); skipped, with the reason, otherwise. */
export function itWithEmulator(why: string) {
  return (name: string, fn: () => Promise<void>, timeout?: number): void => {
    if (againstRealServer) it.skip(`${name} [needs the emulator: ${why}]`, fn);
    else it(name, fn, timeout);
  };
}

/** An id that is unique per run, so the suite can share a real instance with other data. */
export const uniqueId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
