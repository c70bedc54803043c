// Behaviour follows Pocket ID v2.14.0 (controller/user_controller.go, controller/user_group_controller.go,
// service/user_service.go, service/user_group_service.go, usersignup/*, onetimeaccess/*, apikey/service.go).
import { randomInt, randomUUID } from "node:crypto";
import {
  alreadyInUse,
  bindJson,
  invalidRequestBody,
  JsonBody,
  missingField,
  notFound,
  setupAlreadyCompleted,
  setupNotAvailable,
  tokenInvalidOrExpired,
  userNotFound,
  Validation,
} from "./errors";
import { json, noContent, type ApiRequest, type EmulatorContext, type Route } from "./routing";
import {
  groupMinimalDto,
  likeMatch,
  paginate,
  parsePageRequest,
  sortItems,
  STATIC_API_KEY_USER_ID,
  userDto,
  type UserGroupRecord,
  type UserRecord,
} from "./state";
import { randomAlphanumeric } from "./clients";

const USERNAME = /^[a-zA-Z0-9]([a-zA-Z0-9_.@-]*[a-zA-Z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNAMBIGUOUS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ0123456789";
const MAX_TOKEN_TTL_SECONDS = 31 * 24 * 3600;
const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

/** First use of STATIC_API_KEY creates the synthetic admin user (`initStaticApiKeyUser`). */
export function ensureStaticApiKeyUser(context: EmulatorContext): string {
  if (!context.state.users.has(STATIC_API_KEY_USER_ID)) {
    context.state.users.set(STATIC_API_KEY_USER_ID, {
      id: STATIC_API_KEY_USER_ID,
      username: `static-api-user-${randomAlphanumeric(6)}`,
      email: null,
      emailVerified: false,
      firstName: "Static API User",
      lastName: "",
      displayName: "Static API User",
      isAdmin: true,
      locale: null,
      disabled: false,
      createdAt: new Date(),
    });
  }
  return STATIC_API_KEY_USER_ID;
}

const groupsOfUser = (context: EmulatorContext, userId: string): UserGroupRecord[] =>
  [...context.state.groups.values()].filter((g) => g.userIds.includes(userId));

const toUserDto = (context: EmulatorContext, user: UserRecord) =>
  userDto(user, groupsOfUser(context, user.id));

function findUser(context: EmulatorContext, id: string): UserRecord {
  const user = context.state.users.get(id);
  if (!user) throw userNotFound();
  return user;
}

function findGroup(context: EmulatorContext, id: string): UserGroupRecord {
  const group = context.state.groups.get(id);
  if (!group) throw notFound("User group");
  return group;
}

interface NewUser {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  displayName: string;
  isAdmin: boolean;
  locale: string | null;
  disabled: boolean;
  userGroupIds: string[];
}

function validateUserFields(validation: Validation, user: NewUser): void {
  if (user.id !== "" && !UUID.test(user.id)) validation.fail("id", "uuid");
  if (user.username === "") validation.fail("username", "required");
  else if (!USERNAME.test(user.username)) validation.fail("username", "username");
  else validation.length("username", user.username, { max: 50 });
  if (user.email !== null && !EMAIL.test(user.email)) validation.fail("email", "email");
  validation.length("firstName", user.firstName, { max: 50 });
  validation.length("lastName", user.lastName, { max: 50 });
  validation.length("displayName", user.displayName, { max: 100 });
}

/** `createUserInternal`: email is required (REQUIRE_USER_EMAIL defaults to true); email, then username, unique. */
function insertUser(context: EmulatorContext, input: NewUser): UserRecord {
  if (input.email === null) throw missingField("email");
  const users = [...context.state.users.values()];
  const id = input.id || randomUUID();
  if (users.some((u) => u.id !== id && u.email === input.email)) throw alreadyInUse("email");
  if (users.some((u) => u.id !== id && u.username === input.username)) throw alreadyInUse("username");
  if (context.state.users.has(id)) throw alreadyInUse("email");
  const user: UserRecord = {
    id,
    username: input.username,
    email: input.email,
    emailVerified: input.emailVerified,
    firstName: input.firstName,
    lastName: input.lastName,
    displayName: input.displayName,
    isAdmin: input.isAdmin,
    locale: input.locale,
    disabled: input.disabled,
    createdAt: new Date(),
  };
  context.state.users.set(id, user);
  for (const groupId of input.userGroupIds) context.state.groups.get(groupId)?.userIds.push(id);
  return user;
}

function readNewUser(body: JsonBody): NewUser {
  return {
    id: body.string("id"),
    username: body.string("username"),
    email: body.optionalString("email"),
    emailVerified: body.boolean("emailVerified"),
    firstName: body.string("firstName"),
    lastName: body.string("lastName"),
    displayName: body.string("displayName"),
    isAdmin: body.boolean("isAdmin"),
    locale: body.optionalString("locale"),
    disabled: body.boolean("disabled"),
    userGroupIds: body.stringList("userGroupIds") ?? [],
  };
}

function createUser(request: ApiRequest, context: EmulatorContext) {
  const input = readNewUser(bindJson(request.headers["content-type"], request.body));
  const validation = new Validation();
  validateUserFields(validation, input);
  validation.throwIfFailed();
  return json(201, toUserDto(context, insertUser(context, input)));
}

function listUsers(request: ApiRequest, context: EmulatorContext) {
  const search = request.query.get("search") ?? "";
  const matching = [...context.state.users.values()].filter(
    (u) =>
      search === "" ||
      [u.email, u.firstName, u.lastName, u.username].some((field) => likeMatch(field, search)),
  );
  const sorted = sortItems(matching, request.query, {
    username: (u) => u.username,
    email: (u) => u.email ?? "",
  });
  const page = paginate(sorted, parsePageRequest(request.query));
  return json(200, { data: page.data.map((u) => toUserDto(context, u)), pagination: page.pagination });
}

function deleteUser(request: ApiRequest, context: EmulatorContext) {
  findUser(context, request.params.id);
  context.state.users.delete(request.params.id);
  for (const group of context.state.groups.values()) {
    group.userIds = group.userIds.filter((id) => id !== request.params.id);
  }
  for (const [token, record] of context.state.oneTimeTokens) {
    if (record.userId === request.params.id) context.state.oneTimeTokens.delete(token);
  }
  return noContent();
}

/** `POST /api/signup/setup`: body validated first, then refused once any non-static user exists. */
function signUpInitialAdmin(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const input: NewUser = {
    ...readNewUser(new JsonBody({})),
    username: body.string("username"),
    email: body.optionalString("email"),
    firstName: body.string("firstName"),
    lastName: body.string("lastName"),
    isAdmin: true,
  };
  input.displayName = `${input.firstName} ${input.lastName}`.trim();
  const validation = new Validation();
  validateUserFields(validation, input);
  validation.throwIfFailed();
  if (!context.state.setupOpen) throw setupAlreadyCompleted();
  const user = insertUser(context, input);
  const cookie = `access_token=${randomAlphanumeric(32)}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`;
  return json(200, toUserDto(context, user), { "Set-Cookie": cookie });
}

/** `JSONDuration`: a number is seconds, a string a Go duration ("24h", "90m", "1h30m"). */
function parseTtlSeconds(raw: unknown): number {
  if (raw === undefined || raw === null || raw === "") return 0;
  if (typeof raw === "number") return Math.trunc(raw);
  if (typeof raw !== "string") throw invalidRequestBody();
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const parts = [...raw.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== raw.replace(/^[+]/, ""))
    throw invalidRequestBody();
  return parts.reduce((total, [, value, unit]) => total + Number(value) * units[unit], 0);
}

function createOneTimeToken(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const ttl = parseTtlSeconds(body.raw("ttl"));
  const validation = new Validation();
  if (ttl !== 0 && (ttl <= 1 || ttl > MAX_TOKEN_TTL_SECONDS)) validation.fail("ttl", "ttl");
  validation.throwIfFailed();
  findUser(context, request.params.id);
  const seconds = ttl <= 0 ? DEFAULT_TOKEN_TTL_SECONDS : ttl;
  const length = seconds <= 15 * 60 ? 6 : 12;
  const token = Array.from({ length }, () => UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)]).join("");
  context.state.oneTimeTokens.set(token, {
    token,
    userId: request.params.id,
    expiresAt: new Date(Date.now() + seconds * 1000),
  });
  return json(201, { token });
}

function exchangeOneTimeToken(request: ApiRequest, context: EmulatorContext) {
  const raw = request.params.token;
  if (raw.length !== 6 && raw.length !== 12) throw tokenInvalidOrExpired();
  const token = raw.replace(/[Ii]/g, "1").replace(/[Oo]/g, "0");
  const record = context.state.oneTimeTokens.get(token);
  context.state.oneTimeTokens.delete(token);
  if (!record || record.expiresAt.getTime() <= Date.now()) throw tokenInvalidOrExpired();
  const user = findUser(context, record.userId);
  const cookie = `access_token=${randomAlphanumeric(32)}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax`;
  return json(200, toUserDto(context, user), { "Set-Cookie": cookie });
}

function readGroupInput(request: ApiRequest) {
  const body = bindJson(request.headers["content-type"], request.body);
  const input = { friendlyName: body.string("friendlyName"), name: body.string("name") };
  const validation = new Validation();
  validation.length("friendlyName", input.friendlyName, { required: true, min: 2, max: 50 });
  validation.length("name", input.name, { required: true, min: 2, max: 255 });
  validation.throwIfFailed();
  return input;
}

function groupDto(context: EmulatorContext, group: UserGroupRecord) {
  const { userCount: _userCount, ...minimal } = groupMinimalDto(group);
  const users = group.userIds.map((id) => context.state.users.get(id)).filter((u) => u !== undefined);
  const allowedClients = [...context.state.clients.values()].filter((c) =>
    c.allowedUserGroupIds.includes(group.id),
  );
  return {
    ...minimal,
    users: users.map((u) => toUserDto(context, u)),
    allowedOidcClients: allowedClients.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      hasLogo: false,
      hasDarkLogo: false,
      launchURL: c.launchURL,
      requiresReauthentication: c.requiresReauthentication,
      clientType: "standard",
    })),
  };
}

function createGroup(request: ApiRequest, context: EmulatorContext) {
  const input = readGroupInput(request);
  if ([...context.state.groups.values()].some((g) => g.name === input.name)) throw alreadyInUse("name");
  const group: UserGroupRecord = { id: randomUUID(), ...input, userIds: [], createdAt: new Date() };
  context.state.groups.set(group.id, group);
  // Nothing is preloaded on create, so Go serialises the associations as null.
  return json(201, {
    ...groupDto(context, group),
    customClaims: null,
    users: null,
    allowedOidcClients: null,
  });
}

function updateGroup(request: ApiRequest, context: EmulatorContext) {
  const input = readGroupInput(request);
  const group = findGroup(context, request.params.id);
  if ([...context.state.groups.values()].some((g) => g.id !== group.id && g.name === input.name)) {
    throw alreadyInUse("name");
  }
  Object.assign(group, input);
  return json(200, groupDto(context, group));
}

function listGroups(request: ApiRequest, context: EmulatorContext) {
  const search = request.query.get("search") ?? "";
  const matching = [...context.state.groups.values()].filter(
    (g) => search === "" || likeMatch(g.name, search),
  );
  const sorted = sortItems(matching, request.query, {
    name: (g) => g.name,
    friendlyName: (g) => g.friendlyName,
  });
  const page = paginate(sorted, parsePageRequest(request.query));
  return json(200, {
    data: page.data.map((g) => groupMinimalDto(g, g.userIds.length)),
    pagination: page.pagination,
  });
}

function updateGroupUsers(request: ApiRequest, context: EmulatorContext) {
  const body = bindJson(request.headers["content-type"], request.body);
  const ids = body.stringList("userIds");
  const validation = new Validation();
  if (ids === null) validation.fail("userIds", "required");
  validation.throwIfFailed();
  const group = findGroup(context, request.params.id);
  group.userIds = [...new Set(ids)].filter((id) => context.state.users.has(id));
  return json(200, groupDto(context, group));
}

function deleteGroup(request: ApiRequest, context: EmulatorContext) {
  findGroup(context, request.params.id);
  context.state.groups.delete(request.params.id);
  for (const client of context.state.clients.values()) {
    client.allowedUserGroupIds = client.allowedUserGroupIds.filter((id) => id !== request.params.id);
  }
  return noContent();
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/api/users", auth: "admin", handle: listUsers },
  { method: "POST", path: "/api/users", auth: "admin", handle: createUser },
  {
    method: "GET",
    path: "/api/users/:id",
    auth: "admin",
    handle: (r, c) => json(200, toUserDto(c, findUser(c, r.params.id))),
  },
  { method: "DELETE", path: "/api/users/:id", auth: "admin", handle: deleteUser },
  {
    method: "GET",
    path: "/api/signup/setup",
    auth: "public",
    handle: (_r, c) => {
      if (!c.state.setupOpen) throw setupNotAvailable();
      return noContent();
    },
  },
  { method: "POST", path: "/api/signup/setup", auth: "public", handle: signUpInitialAdmin },
  { method: "POST", path: "/api/users/:id/one-time-access-token", auth: "admin", handle: createOneTimeToken },
  { method: "POST", path: "/api/one-time-access-token/:token", auth: "public", handle: exchangeOneTimeToken },
  { method: "GET", path: "/api/user-groups", auth: "admin", handle: listGroups },
  { method: "POST", path: "/api/user-groups", auth: "admin", handle: createGroup },
  {
    method: "GET",
    path: "/api/user-groups/:id",
    auth: "admin",
    handle: (r, c) => json(200, groupDto(c, findGroup(c, r.params.id))),
  },
  { method: "PUT", path: "/api/user-groups/:id", auth: "admin", handle: updateGroup },
  { method: "DELETE", path: "/api/user-groups/:id", auth: "admin", handle: deleteGroup },
  { method: "PUT", path: "/api/user-groups/:id/users", auth: "admin", handle: updateGroupUsers },
  {
    method: "GET",
    path: "/api/version/current",
    auth: "signedIn",
    handle: (_r, c) => json(200, { currentVersion: c.version }),
  },
];
