// The Railway emulator itself (behaviour per Railway's public API v2, schema of 2026-04-21): token
// kinds, the edge limit, the hourly limit headers, variable references, volumes without an
// environment, and deployments progressing on a timer.
import { startRailwayEmulator, type RailwayEmulator } from "../emulators/railway";

let emu: RailwayEmulator;
afterEach(() => emu.stop());

async function gql(
  query: string,
  headers: Record<string, string>,
  url = `${emu.url}?source=test`,
  variables = {},
) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.startsWith("{") ? JSON.parse(text) : text };
}
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

test("token kinds: account runs `me`; workspace does not; project tokens use their own header", async () => {
  emu = await startRailwayEmulator({ app: "healthz" });
  expect((await gql("{ me { email } }", bearer(emu.accountToken))).body.data.me.email).toBe(
    "owner@example.com",
  );
  expect((await gql("{ me { email } }", bearer(emu.workspaceToken))).body.errors[0].message).toBe(
    "Not Authorized",
  );
  const created = await gql(
    `mutation { projectCreate(input: {name: "p", workspaceId: "${emu.workspaceId}"}) { id environments { edges { node { id } } } } }`,
    bearer(emu.accountToken),
  );
  const projectId = created.body.data.projectCreate.id;
  const envId = created.body.data.projectCreate.environments.edges[0].node.id;
  const token = emu.createProjectToken(projectId, envId);
  expect(
    (await gql("{ projectToken { projectId environmentId } }", { "Project-Access-Token": token })).body.data
      .projectToken,
  ).toEqual({ projectId, environmentId: envId });
  // Sent as a bearer token, a project token is refused like any unknown token.
  expect((await gql(`{ project(id: "${projectId}") { id } }`, bearer(token))).body.errors[0].message).toBe(
    "Not Authorized",
  );
  expect(
    (
      await gql(`mutation { environmentCreate(input: {projectId: "${projectId}", name: "x"}) { id } }`, {
        "Project-Access-Token": token,
      })
    ).body.errors[0].message,
  ).toBe("Not Authorized");
});

test("a URL without a query string hits the edge limit; the hourly limit is reported in headers", async () => {
  emu = await startRailwayEmulator({ app: "healthz", rateLimit: { limit: 2, windowMs: 60_000 } });
  const edge = await gql("{ me { email } }", bearer(emu.accountToken), emu.url);
  expect(edge.status).toBe(429);
  expect(edge.body).toBe("error code: 1015");
  const first = await gql("{ me { email } }", bearer(emu.accountToken));
  expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
  await gql("{ me { email } }", bearer(emu.accountToken));
  const limited = await gql("{ me { email } }", bearer(emu.accountToken));
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("references render for deployments; a volume without environmentId gets no instance; deployments progress", async () => {
  emu = await startRailwayEmulator({ app: "healthz", domains: "railway", stepMs: 20 });
  const h = bearer(emu.accountToken);
  const p = (
    await gql(
      `mutation { projectCreate(input: {name: "p", workspaceId: "${emu.workspaceId}"}) { id environments { edges { node { id } } } } }`,
      h,
    )
  ).body.data.projectCreate;
  const env = p.environments.edges[0].node.id;
  const svc = (await gql(`mutation { serviceCreate(input: {projectId: "${p.id}", name: "web"}) { id } }`, h))
    .body.data.serviceCreate.id;
  const domain = (
    await gql(
      `mutation { serviceDomainCreate(input: {environmentId: "${env}", serviceId: "${svc}"}) { domain } }`,
      h,
    )
  ).body.data.serviceDomainCreate.domain;
  await gql(
    `mutation($v: EnvironmentVariables!) { variableCollectionUpsert(input: {projectId: "${p.id}", environmentId: "${env}", serviceId: "${svc}", variables: $v, skipDeploys: true}) }`,
    h,
    undefined,
    {
      v: { APP_URL: "https://${{RAILWAY_PUBLIC_DOMAIN}}", SELF: "${{web.RAILWAY_SERVICE_NAME}}" },
    },
  );
  const rendered = (
    await gql(`{ variables(projectId: "${p.id}", environmentId: "${env}", serviceId: "${svc}") }`, h)
  ).body.data.variables;
  expect(rendered).toEqual({ APP_URL: `https://${domain}`, SELF: "web" });

  const vol = (
    await gql(
      `mutation { volumeCreate(input: {projectId: "${p.id}", serviceId: "${svc}", mountPath: "/data"}) { id volumeInstances { edges { node { id } } } } }`,
      h,
    )
  ).body.data.volumeCreate;
  expect(vol.volumeInstances.edges).toEqual([]);

  await gql(
    `mutation { serviceInstanceUpdate(serviceId: "${svc}", environmentId: "${env}", input: {source: {image: "nginx:1"}}) }`,
    h,
  );
  const id = (
    await gql(`mutation { serviceInstanceDeployV2(serviceId: "${svc}", environmentId: "${env}") }`, h)
  ).body.data.serviceInstanceDeployV2;
  const seen = new Set<string>();
  for (let i = 0; i < 100 && !seen.has("SUCCESS"); i++) {
    seen.add((await gql(`{ deployment(id: "${id}") { status } }`, h)).body.data.deployment.status);
    await new Promise((r) => setTimeout(r, 5));
  }
  expect([...seen]).toEqual(["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"]);
  const logs = (await gql(`{ buildLogs(deploymentId: "${id}") { message } }`, h)).body.data.buildLogs.map(
    (l: { message: string }) => l.message,
  );
  expect(logs).toEqual(["Pulling image nginx:1", "Image nginx:1 pulled"]);
});
