// Provider-test fixtures: auth inputs for the emulator and objects created behind the stack's back
// (through the client, as a user in the dashboard would).
import { RailwayConnection } from "../../../components/railway/api/http";
import { createProject } from "../../../components/railway/api/projects";
import { createService } from "../../../components/railway/api/services";
import { UNKNOWN } from "../../../components/railway/common";
import type { RailwayEmulator } from "../railway";

export { UNKNOWN };

export function auth(emu: RailwayEmulator, token = emu.accountToken) {
  return { token, apiUrl: emu.url };
}

export function connection(emu: RailwayEmulator, token = emu.accountToken): RailwayConnection {
  return { token, apiUrl: emu.url, backoffMs: 20 };
}

/** A project with its default environment, as if made in the dashboard. */
export async function seedProject(emu: RailwayEmulator, name = "existing") {
  const project = await createProject(connection(emu), { name, workspaceId: emu.workspaceId });
  return { projectId: project.id, environmentId: project.environments[0].id };
}

/** A project, its environment and a service without a source. */
export async function seedService(emu: RailwayEmulator) {
  const { projectId, environmentId } = await seedProject(emu);
  const service = await createService(connection(emu), { projectId, environmentId, name: "pocket-id" });
  return { projectId, environmentId, serviceId: service.id };
}

/** Configure request the dynamic provider host would pass. */
export function configureRequest(values: Record<string, string>) {
  return { config: { get: (key: string) => values[key], require: (key: string) => values[key] } };
}
