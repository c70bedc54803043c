// Railway token kinds. Account tokens see every workspace of their user (`me` works); workspace
// tokens see one workspace (`me` fails); project tokens belong to one environment of one project,
// authenticate with the `Project-Access-Token` header and cannot create projects or environments.
// Tokens look alike, so a refusal is explained by asking Railway what the token is.
import { RailwayApiError, RailwayConnection, railwayQuery } from "./http";

/** The token cannot do what the stack needs. The message says which token to create instead. */
export class RailwayTokenError extends Error {
  constructor(
    message: string,
    public readonly kind: "project-token" | "refused" | "workspace-unknown" | "several-workspaces",
  ) {
    super(message);
    this.name = "RailwayTokenError";
  }
}

const FIX =
  'Create an account token (Railway → Account Settings → Tokens, workspace "No workspace") or a workspace ' +
  "token for the workspace to deploy into, and set it: pulumi config set --secret railwayToken <token>";

export interface Workspace {
  id: string;
  name: string;
}

/** Workspaces an account token sees (`me` only works with account tokens). */
export async function listAccountWorkspaces(conn: RailwayConnection): Promise<Workspace[]> {
  const data = await railwayQuery<{ me: { workspaces: Workspace[] } }>(
    conn,
    "me",
    "query me { me { workspaces { id name } } }",
  );
  return data.me.workspaces ?? [];
}

/** The project and environment of a project token, or undefined when the token is not one. */
export async function probeProjectToken(
  conn: RailwayConnection,
): Promise<{ projectId: string; environmentId: string } | undefined> {
  try {
    const data = await railwayQuery<{ projectToken: { projectId: string; environmentId: string } }>(
      conn,
      "projectToken",
      "query projectToken { projectToken { projectId environmentId } }",
      {},
      { asProjectToken: true },
    );
    return data.projectToken;
  } catch (err) {
    if (err instanceof RailwayApiError && (err.isUnauthorized || err.isNotFound)) return undefined;
    throw err;
  }
}

/**
 * Turns Railway's refusal of `action` (e.g. "create a project") into an error the user can act on:
 * a project token is named as such; anything else keeps Railway's message, code and request id.
 */
export async function explainRefusal(
  conn: RailwayConnection,
  refusal: RailwayApiError,
  action: string,
): Promise<RailwayTokenError> {
  const project = await probeProjectToken(conn);
  if (project) {
    return new RailwayTokenError(
      `railwayToken is a Railway project token (project ${project.projectId}, environment ${project.environmentId}). ` +
        `A project token is scoped to one environment of one project and cannot create projects or environments, ` +
        `so it cannot ${action}. ${FIX}`,
      "project-token",
    );
  }
  return new RailwayTokenError(
    `Railway refused railwayToken when trying to ${action}: ${refusal.message}. The token may be expired or revoked, ` +
      `or be a workspace token of another workspace (set railwayWorkspaceId to its workspace). ${FIX}`,
    "refused",
  );
}

/**
 * The workspace to create the project in: the configured one, else the only workspace an account
 * token sees. A project created without a workspace would be a temporary project that Railway expires.
 */
export async function resolveWorkspaceId(
  conn: RailwayConnection,
  configured: string | undefined,
): Promise<string> {
  if (configured) return configured;
  let workspaces: Workspace[];
  try {
    workspaces = await listAccountWorkspaces(conn);
  } catch (err) {
    if (!(err instanceof RailwayApiError) || !err.isUnauthorized) throw err;
    const explained = await explainRefusal(conn, err, "create a project");
    if (explained.kind === "project-token") throw explained;
    throw new RailwayTokenError(
      "railwayWorkspaceId is not set, and this token cannot list workspaces (a workspace token cannot run `me`). " +
        "Set the workspace to create the project in: pulumi config set railwayWorkspaceId <workspace id> " +
        "(Railway → Workspace Settings → General shows it).",
      "workspace-unknown",
    );
  }
  if (workspaces.length === 1) return workspaces[0].id;
  if (workspaces.length === 0) {
    throw new RailwayTokenError(
      `This Railway token sees no workspace to create a project in. ${FIX}`,
      "refused",
    );
  }
  const list = workspaces.map((w) => `${w.name} (${w.id})`).join(", ");
  throw new RailwayTokenError(
    `This Railway token sees ${workspaces.length} workspaces: ${list}. Choose one: pulumi config set railwayWorkspaceId <id>`,
    "several-workspaces",
  );
}
