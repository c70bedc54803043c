// pocket-id-appwrite: config → Pocket ID → OIDC client → Appwrite → secret pruner + verify → outputs.
import * as pulumi from "@pulumi/pulumi";
import { AppwriteOidcProvider } from "./components/appwrite/oidc-provider";
import { appwriteTarget } from "./components/appwrite/project";
import { DemoSite } from "./components/appwrite/site";
import { loadConfig } from "./components/config";
import { OidcApp } from "./components/pocket-id/oidc-app";
import { PocketIdService } from "./components/pocket-id/service";
import { UserGroups } from "./components/pocket-id/user-group";
import { ChainVerification } from "./components/verify/verify";

const config = loadConfig();
for (const warning of config.warnings) pulumi.log.warn(warning);

const pocketId = new PocketIdService("pocket-id", { config });

// The configured Appwrite project, or (organization key, no appwriteProjectId) one the stack creates and deletes.
const target = appwriteTarget(config, config.stackName);

const groups = new UserGroups("groups", {
  pocketIdUrl: pocketId.url,
  apiKey: pocketId.apiKey,
  names: [...config.allowedGroups, ...config.extraClients.flatMap((c) => c.allowedGroups)],
});

const app = new OidcApp("appwrite", {
  pocketIdUrl: pocketId.url,
  apiKey: pocketId.apiKey,
  clientId: config.oidcClientId,
  name: config.oidcClientName,
  callbackUrls: target ? target.callbackUrls : config.callbackUrls,
  allowedGroupIds: groups.idsFor(config.allowedGroups),
  secretRotation: config.clientSecretRotation,
  adoptExisting: config.adoptExisting,
});

const appwrite =
  config.appwrite && target
    ? new AppwriteOidcProvider("appwrite-oidc", {
        endpoint: config.appwrite.endpoint,
        projectId: target.projectId,
        apiKey: target.apiKey,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        wellKnownUrl: config.appwrite.wellKnownUrl ?? pocketId.discoveryUrl,
        adoptExisting: config.adoptExisting,
      })
    : undefined;

// Without Appwrite the consumer is the stack output itself, which holds the new secret at once.
app.retireOldSecretsWhenAccepted(appwrite ? appwrite.acceptedSecretHash : app.secretHash);

const verification = new ChainVerification("verify", {
  mode: config.verify,
  pocketIdUrl: pocketId.url,
  expectedIssuer: pocketId.issuer,
  wellKnownUrl: config.appwrite?.wellKnownUrl ?? pocketId.discoveryUrl,
  clientId: app.clientId,
  clientSecret: app.clientSecret,
  redirectUri: target?.redirectUri ?? config.callbackUrls[0],
  appwriteEndpoint: config.appwrite?.endpoint,
  appwriteProjectId: target?.projectId,
  appwriteAcceptedSecretHash: appwrite?.acceptedSecretHash,
  appwriteOidcEnabled: appwrite?.enabled,
});

const demoSite =
  config.demoSite && config.appwrite && target
    ? new DemoSite(
        "demo-site",
        {
          endpoint: config.appwrite.endpoint,
          projectId: target.projectId,
          apiKey: target.apiKey,
          sitesDomain: config.appwriteSitesDomain!,
          adoptExisting: config.adoptExisting,
        },
        { dependsOn: appwrite ? [appwrite] : [] },
      )
    : undefined;

const extraApps = config.extraClients.map(
  (extra) =>
    new OidcApp(`extra-${extra.id}`, {
      pocketIdUrl: pocketId.url,
      apiKey: pocketId.apiKey,
      clientId: extra.id,
      name: extra.name,
      callbackUrls: extra.callbackUrls,
      allowedGroupIds: groups.idsFor(extra.allowedGroups),
      secretRotation: config.clientSecretRotation,
      adoptExisting: config.adoptExisting,
    }),
);
for (const extra of extraApps) extra.retireOldSecretsWhenAccepted(extra.secretHash);

export const pocketIdUrl = pocketId.url;
export const issuer = pocketId.issuer;
export const discoveryUrl = pocketId.discoveryUrl;
export const pocketIdVersion = pocketId.version;
export const pocketIdApiKey = pocketId.apiKey;
export const adminLoginUrl = pocketId.adminLoginUrl;
export const oidcClientId = app.clientId;
export const oidcClientSecret = app.clientSecret;
export const appwriteRedirectUri = target?.redirectUri;
export const appwriteOidcEnabled = appwrite ? appwrite.enabled : false;
export const siteUrl = demoSite?.siteUrl;
export const checks = verification.checks;
export const extraClients = config.extraClients.map((c) => c.id);
export const extraClientSecrets = pulumi.secret(
  pulumi
    .all(extraApps.map((a) => pulumi.all([a.clientId, a.clientSecret])))
    .apply((pairs) => Object.fromEntries(pairs)),
);
