// Server version: GET /api/version/current, and the range this stack supports.
import { call, PocketIdConnection } from "./http";

/** Make-before-break rotation needs the multi-secret API of 2.14.0; 3.x may break the API again. */
export const SUPPORTED_RANGE = { min: "2.14.0", belowMajor: 3 };

export async function getVersion(conn: PocketIdConnection): Promise<string> {
  const res = await call<{ currentVersion: string }>(conn, "GET", "/api/version/current");
  return res.currentVersion;
}

function parse(v: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Why this version cannot be used, or undefined when it is supported. */
export function unsupportedVersionReason(version: string): string | undefined {
  const v = parse(version);
  const min = parse(SUPPORTED_RANGE.min)!;
  if (!v) {
    return `Pocket ID reports version "${version}", which is not a release version; use an official image such as ghcr.io/pocket-id/pocket-id:v2.14.0`;
  }
  const older = v[0] < min[0] || (v[0] === min[0] && (v[1] < min[1] || (v[1] === min[1] && v[2] < min[2])));
  if (older) {
    return `Pocket ID ${version} is older than ${SUPPORTED_RANGE.min}: it lacks the multi-secret API (/api/oidc/clients/:id/secrets) that lets the client secret rotate without breaking login; upgrade to ${SUPPORTED_RANGE.min} or later 2.x`;
  }
  if (v[0] >= SUPPORTED_RANGE.belowMajor) {
    return `Pocket ID ${version} is a new major version; this stack supports >= ${SUPPORTED_RANGE.min} and < ${SUPPORTED_RANGE.belowMajor}.0.0, whose admin API it was tested against; pin a 2.x image`;
  }
  return undefined;
}
