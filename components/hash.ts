// Write-only secrets (Appwrite's OIDC secret) are tracked in state by their hash, never in plaintext.
import { createHash } from "crypto";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
