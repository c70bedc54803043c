// railway:Volume — persistent storage for one service in one environment. Created with
// environmentId (the community provider omits it and gets no volume instance, #61/#62) and waits
// briefly for the instance when Railway reports the volume before its instance (#87).
import * as pulumi from "@pulumi/pulumi";
import { deleteIfPresent, orUndefined } from "./api/http";
import {
  createVolume,
  deleteVolume,
  listVolumeInstances,
  RailwayVolumeInstance,
  renameVolume,
  updateVolumeMount,
} from "./api/volumes";
import {
  gone,
  isUnknown,
  MODULE,
  RailwayAuthArgs,
  RailwayAuthInputs,
  RailwayProvider,
  requireState,
  requireStrings,
  secretOptions,
} from "./common";

export interface VolumeInputs extends RailwayAuthInputs {
  projectId: string;
  environmentId: string;
  serviceId: string;
  /** Absolute path in the container, e.g. /app/data. */
  mountPath: string;
  /** Optional display name; empty keeps Railway's generated one. */
  name?: string;
}

export interface VolumeOutputs extends VolumeInputs {
  volumeInstanceId: string;
  volumeName: string;
}

/** Polls the environment's volume instances until the new volume's instance shows up; undefined if it never does. */
export async function waitForVolumeInstance(
  find: () => Promise<RailwayVolumeInstance | undefined>,
  attempts = 5,
  delayMs = 1_000,
): Promise<RailwayVolumeInstance | undefined> {
  for (let i = 0; i < attempts; i++) {
    const instance = await find();
    if (instance) return instance;
    if (i + 1 < attempts) await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** i));
  }
  return undefined;
}

export class VolumeProvider
  extends RailwayProvider
  implements pulumi.dynamic.ResourceProvider<VolumeInputs, VolumeOutputs>
{
  async check(_olds: VolumeInputs, news: VolumeInputs) {
    const failures = requireStrings({ ...news }, [
      "projectId",
      "environmentId",
      "serviceId",
      "mountPath",
      "token",
    ]);
    if (typeof news.mountPath === "string" && !isUnknown(news.mountPath) && !news.mountPath.startsWith("/")) {
      failures.push({
        property: "mountPath",
        reason: `mountPath must be an absolute path, got "${news.mountPath}"`,
      });
    }
    return { inputs: news, failures };
  }

  async diff(_id: string, olds: VolumeOutputs, news: VolumeInputs) {
    const replaces = (["projectId", "environmentId", "serviceId"] as const).filter(
      (k) => isUnknown(news[k]) || olds[k] !== news[k],
    );
    const changes =
      replaces.length > 0 || olds.mountPath !== news.mountPath || (news.name ?? "") !== (olds.name ?? "");
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: VolumeInputs) {
    const conn = this.connect(inputs);
    const volume = await createVolume(conn, {
      projectId: inputs.projectId,
      environmentId: inputs.environmentId,
      serviceId: inputs.serviceId,
      mountPath: inputs.mountPath,
    });
    const instance =
      volume.instances.find((i) => i.environmentId === inputs.environmentId) ??
      (await waitForVolumeInstance(async () =>
        (await listVolumeInstances(conn, inputs.environmentId)).find((i) => i.volumeId === volume.id),
      ));
    if (!instance) {
      // Not leaving an orphan: the next `up` creates the volume again.
      await deleteIfPresent(() => deleteVolume(conn, volume.id));
      throw new Error(
        `Railway created volume ${volume.id} but no volume instance appeared in environment ${inputs.environmentId}; ` +
          "the volume was deleted again. Run pulumi up again.",
      );
    }
    let volumeName = volume.name;
    if (inputs.name && inputs.name !== volume.name) {
      await renameVolume(conn, volume.id, inputs.name);
      volumeName = inputs.name;
    }
    return { id: volume.id, outs: { ...inputs, volumeInstanceId: instance.id, volumeName } };
  }

  async read(id: string, state?: VolumeOutputs) {
    const props = requireState(state);
    const instances = await orUndefined(listVolumeInstances(this.reconnect(props), props.environmentId));
    const instance = instances?.find((i) => i.volumeId === id);
    if (!instance) return gone<VolumeOutputs>();
    return {
      id,
      props: {
        ...props,
        mountPath: instance.mountPath,
        serviceId: instance.serviceId ?? "",
        volumeInstanceId: instance.id,
        volumeName: instance.volume.name,
      },
    };
  }

  async update(id: string, olds: VolumeOutputs, news: VolumeInputs) {
    const conn = this.connect(news);
    if (olds.mountPath !== news.mountPath)
      await updateVolumeMount(conn, id, news.environmentId, news.mountPath);
    let volumeName = olds.volumeName;
    if (news.name && news.name !== olds.volumeName) {
      await renameVolume(conn, id, news.name);
      volumeName = news.name;
    }
    return { outs: { ...news, volumeInstanceId: olds.volumeInstanceId, volumeName } };
  }

  async delete(id: string, props: VolumeOutputs) {
    await deleteIfPresent(() => deleteVolume(this.reconnect(props), id));
  }
}

export interface VolumeArgs extends RailwayAuthArgs {
  /** The project of the service. */
  projectId: pulumi.Input<string>;
  /** The environment the volume instance lives in (always passed, see the file comment). */
  environmentId: pulumi.Input<string>;
  /** The service the volume is mounted into. */
  serviceId: pulumi.Input<string>;
  /** Mount path in the container; Pocket ID keeps its database under /app/data. */
  mountPath: pulumi.Input<string>;
  /** Display name of the volume. */
  name?: pulumi.Input<string>;
}

/** A Railway volume mounted into one service in one environment. */
// One instance per process: Pulumi caches the serialized provider per instance.
let shared: VolumeProvider | undefined;

export class Volume extends pulumi.dynamic.Resource {
  declare readonly mountPath: pulumi.Output<string>;
  declare readonly environmentId: pulumi.Output<string>;
  declare readonly volumeInstanceId: pulumi.Output<string>;
  declare readonly volumeName: pulumi.Output<string>;

  constructor(name: string, args: VolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      (shared ??= new VolumeProvider()),
      name,
      { volumeInstanceId: undefined, volumeName: undefined, ...args },
      secretOptions(opts),
      MODULE,
      "Volume",
    );
  }
}
