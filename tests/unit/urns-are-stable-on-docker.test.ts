// The URN of every resource of the docker stack (type token and name under its parents). A refactor
// that changes one would replace live resources, so it must add an alias and update this list.
import { MockedStack, runStack, urnShapes } from "./mock-stack";

let stack: MockedStack;

beforeAll(async () => {
  stack = await runStack(
    {
      platform: "docker",
      adminEmail: "admin@example.com",
      extraCallbackUrls: '["http://localhost:4321/callback"]',
    },
    [],
    "prod",
  );
}, 60_000);

it("registers exactly these resources", () => {
  expect(urnShapes(stack)).toEqual([
    "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClient::appwrite-client",
    "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecret::appwrite-secret",
    "pocket-id-appwrite:pocket-id:OidcApp$pulumi-nodejs:dynamic/pocketid:OidcClientSecretPruner::appwrite-pruner",
    "pocket-id-appwrite:pocket-id:OidcApp::appwrite",
    "pocket-id-appwrite:pocket-id:PocketIdService$docker:index/container:Container::pocket-id-container",
    "pocket-id-appwrite:pocket-id:PocketIdService$docker:index/remoteImage:RemoteImage::pocket-id-image",
    "pocket-id-appwrite:pocket-id:PocketIdService$docker:index/volume:Volume::pocket-id-data",
    "pocket-id-appwrite:pocket-id:PocketIdService$pulumi-nodejs:dynamic/pocketid:Bootstrap::pocket-id-bootstrap",
    "pocket-id-appwrite:pocket-id:PocketIdService$pulumi-nodejs:dynamic/pocketid:GeneratedKey::pocket-id-api-key",
    "pocket-id-appwrite:pocket-id:PocketIdService$pulumi-nodejs:dynamic/pocketid:GeneratedKey::pocket-id-encryption-key",
    "pocket-id-appwrite:pocket-id:PocketIdService::pocket-id",
    "pocket-id-appwrite:pocket-id:UserGroups::groups",
    "pulumi-nodejs:dynamic/verify:ChainVerification::verify",
  ]);
});
