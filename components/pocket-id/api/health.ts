// Health: GET /healthz answers 204 once the database is migrated (it is not rate-limited).
import { send } from "../../http";

/** True when /healthz answers 204 (the HTTP server only starts after migrations). */
export async function isHealthy(baseUrl: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await send({
      method: "GET",
      url: `${baseUrl.replace(/\/+$/, "")}/healthz`,
      timeoutMs,
      retries: 0,
    });
    return res.status === 204;
  } catch {
    return false;
  }
}
