// railway:ServiceDomain against the emulator: the public domain with Pocket ID's port, drift, delete.
import { ServiceDomainInputs, ServiceDomainProvider } from "../../components/railway/service-domain";
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";
import { auth, seedService } from "../emulators/railway/fixtures";

let emu: RailwayEmulator;
const provider = new ServiceDomainProvider();
let scope: { projectId: string; environmentId: string; serviceId: string };

async function start(domains: "local" | "railway") {
  emu = await startRailwayEmulator({ app: "healthz", domains });
  scope = await seedService(emu);
  emu.resetRequests();
}
afterEach(() => emu.stop());

const inputs = (over: Partial<ServiceDomainInputs> = {}): ServiceDomainInputs => ({
  ...auth(emu),
  ...scope,
  targetPort: 1411,
  ...over,
});

test("check refuses a port out of range; no API call", async () => {
  await start("railway");
  expect(
    (await provider.check({} as ServiceDomainInputs, inputs({ targetPort: 70000 }))).failures,
  ).toHaveLength(1);
  expect(emu.requestCount()).toBe(0);
});

test("create: one request; a *.up.railway.app domain targeting 1411", async () => {
  await start("railway");
  const { id, outs } = await provider.create(inputs());
  expect(emu.requests.map((r) => r.operationName)).toEqual(["serviceDomainCreate"]);
  expect(outs.domain).toMatch(/^pocket-id-production-[0-9a-f]{4}\.up\.railway\.app$/);
  expect(emu.world.domains.get(id)!.targetPort).toBe(1411);
});

test("a subdomain is applied with serviceDomainUpdate (as the community provider does)", async () => {
  await start("railway");
  const { outs } = await provider.create(inputs({ subdomain: "id-acme" }));
  expect(outs.domain).toBe("id-acme.up.railway.app");
  expect(emu.requests.map((r) => r.operationName)).toEqual(["serviceDomainCreate", "serviceDomainUpdate"]);
});

test("local mode: the domain is 127.0.0.1:<port>, served over https (404 until something is deployed)", async () => {
  await start("local");
  const { outs } = await provider.create(inputs());
  expect(outs.domain).toMatch(/^127\.0\.0\.1:\d+$/);
  const res = await fetch(`https://${outs.domain}/healthz`);
  expect(res.status).toBe(404);
  expect(await res.text()).toBe("Application not found");
});

test("read: deleted → gone; a port changed in the dashboard is drift; delete removes it", async () => {
  await start("railway");
  const { id, outs } = await provider.create(inputs());
  emu.world.domains.get(id)!.targetPort = 8080;
  expect((await provider.read(id, outs)).props).toMatchObject({ targetPort: 8080 });
  await provider.delete(id, outs);
  expect(emu.world.domains.size).toBe(0);
  expect((await provider.read(id, outs)).id).toBe("");
  await expect(provider.delete(id, outs)).resolves.toBeUndefined();
});
