// UserGroup: a Pocket ID group named in allowedGroups. A group that already existed is only looked
// up and is left alone on destroy; a group this resource created is deleted with it. Ownership is
// kept here, apart from the clients, so it survives a client being deleted and recreated.
import * as pulumi from "@pulumi/pulumi";
import { stateOrThrow } from "../dynamic";
import { createGroup, deleteGroup, findGroupByName, getGroup } from "./api/groups";
import { PocketIdConnection } from "./api/http";

export interface UserGroupInputs {
  pocketIdUrl: string;
  apiKey: string;
  /** The group's unique `name` in Pocket ID. */
  name: string;
}

export interface UserGroupOutputs extends UserGroupInputs {
  groupId: string;
  /** True when this resource created the group (and so deletes it). */
  createdByStack: boolean;
}

function connection(i: UserGroupInputs): PocketIdConnection {
  return { url: i.pocketIdUrl, apiKey: i.apiKey };
}

export class UserGroupProvider implements pulumi.dynamic.ResourceProvider<UserGroupInputs, UserGroupOutputs> {
  async diff(_id: string, olds: UserGroupOutputs, news: UserGroupInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.name !== news.name ? ["name"] : [];
    return {
      changes: replaces.length > 0 || olds.pocketIdUrl !== news.pocketIdUrl || olds.apiKey !== news.apiKey,
      replaces,
    };
  }

  async create(inputs: UserGroupInputs): Promise<pulumi.dynamic.CreateResult<UserGroupOutputs>> {
    const conn = connection(inputs);
    const found = await findGroupByName(conn, inputs.name);
    if (found) return { id: found.id, outs: { ...inputs, groupId: found.id, createdByStack: false } };
    const group = await createGroup(conn, inputs.name, inputs.name.slice(0, 50));
    return { id: group.id, outs: { ...inputs, groupId: group.id, createdByStack: true } };
  }

  async update(
    _id: string,
    olds: UserGroupOutputs,
    news: UserGroupInputs,
  ): Promise<pulumi.dynamic.UpdateResult<UserGroupOutputs>> {
    return { outs: { ...olds, ...news } };
  }

  async read(id: string, state?: UserGroupOutputs): Promise<pulumi.dynamic.ReadResult<UserGroupOutputs>> {
    const props = stateOrThrow(state, "UserGroup");
    const live = await getGroup(connection(props), id);
    return live ? { id, props: { ...props, name: live.name } } : { id: "", props: undefined };
  }

  async delete(id: string, props: UserGroupOutputs): Promise<void> {
    if (props.createdByStack) await deleteGroup(connection(props), id);
  }
}

export interface UserGroupArgs {
  /** Base URL of Pocket ID. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** The group's name; found if it exists, created otherwise. */
  name: pulumi.Input<string>;
}

export class UserGroup extends pulumi.dynamic.Resource {
  declare readonly groupId: pulumi.Output<string>;
  declare readonly createdByStack: pulumi.Output<boolean>;

  constructor(name: string, args: UserGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      new UserGroupProvider(),
      name,
      { ...args, groupId: undefined, createdByStack: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["apiKey"] }),
      "pocketid",
      "UserGroup",
    );
  }
}

export interface UserGroupsArgs {
  /** Base URL of Pocket ID. */
  pocketIdUrl: pulumi.Input<string>;
  /** Admin API key (secret). */
  apiKey: pulumi.Input<string>;
  /** Every group name any client of the stack allows; each becomes one UserGroup. */
  names: string[];
}

/** The stack's groups, one resource per distinct name, shared by all clients that name them. */
export class UserGroups extends pulumi.ComponentResource {
  private readonly groups = new Map<string, UserGroup>();

  constructor(name: string, args: UserGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pocket-id-appwrite:pocket-id:UserGroups", name, {}, opts);
    for (const group of [...new Set(args.names)]) {
      this.groups.set(
        group,
        new UserGroup(
          `group-${group}`,
          { pocketIdUrl: args.pocketIdUrl, apiKey: args.apiKey, name: group },
          { parent: this },
        ),
      );
    }
    this.registerOutputs({});
  }

  /** Group ids for these names, in their order. */
  idsFor(names: string[]): pulumi.Output<string[]> {
    return pulumi.all(names.map((n) => this.groups.get(n)!.groupId));
  }
}
