/**
 * Task config (concourse-spec.md §2.10) and container limits (§2.11).
 * Unknown top-level keys of a task config are errors; nested objects ignore unknown keys, as in Concourse.
 */
import * as z from "zod";
import { Duration, FreeMap, StringMap, Tags, TaskEnv } from "./common";

/** Limits applied to the task's container (§2.11). */
export const ContainerLimits = z.looseObject({
  /** CPU shares; 0 means unlimited. */
  cpu: z.number().optional(),
  /** Memory in bytes, or a string such as `1GB`, `512Mi`; 0 means unlimited. */
  memory: z.union([z.number(), z.string()]).optional(),
});
export type ContainerLimits = z.infer<typeof ContainerLimits>;

/** The anonymous resource that provides the task's image (`image_resource`). */
export const ImageResource = z.looseObject({
  /** The resource type, e.g. `registry-image` or `s3`. */
  type: z.string(),
  /** The resource's source configuration. */
  source: FreeMap,
  /** Pins the image to a version; values must be strings. */
  version: StringMap.optional(),
  /** Get params used to fetch the image, e.g. `{ unpack: true }` for an s3 image. */
  params: FreeMap.optional(),
  /** Worker tags for fetching the image. */
  tags: Tags.optional(),
  /** Tolerated by Concourse; always `image` internally. */
  name: z.string().optional(),
});
export type ImageResource = z.infer<typeof ImageResource>;

/** An artifact the task expects (`inputs[]`). */
export const TaskInput = z.looseObject({
  /** Name of the artifact. */
  name: z.string(),
  /** Where to place it in the working directory. @default the name */
  path: z.string().optional(),
  /** The task runs even when the artifact is missing. @default false */
  optional: z.boolean().optional(),
});
export type TaskInput = z.infer<typeof TaskInput>;

/** An artifact the task produces (`outputs[]`). */
export const TaskOutput = z.looseObject({
  /** Name of the artifact. */
  name: z.string(),
  /** Directory the task writes into. @default the name */
  path: z.string().optional(),
});
export type TaskOutput = z.infer<typeof TaskOutput>;

/** A directory cached between runs of the task on one worker (`caches[]`). */
export const TaskCache = z.looseObject({
  /** Path relative to the working directory. */
  path: z.string(),
  /** How long the cache is kept, at least `1s` (v8.2.0+). */
  ttl: Duration.optional(),
});
export type TaskCache = z.infer<typeof TaskCache>;

/** The command the task runs (`run`). */
export const TaskRun = z.looseObject({
  /** Executable to run; optional since Concourse 8 (the image's entrypoint is used). */
  path: z.string().optional(),
  /** Arguments. */
  args: z.array(z.string()).optional(),
  /** Working directory. */
  dir: z.string().optional(),
  /** User to run as. @default the image's user */
  user: z.string().optional(),
});
export type TaskRun = z.infer<typeof TaskRun>;

/** A task's configuration, inline (`config:`) or in a task file (§2.10). */
export const TaskConfig = z.strictObject({
  /** `linux`, `darwin` or `windows`. Required. */
  platform: z.string(),
  /** The image to run in, as an anonymous resource. */
  image_resource: ImageResource.optional(),
  /** A raw rootfs URI: an alternative to `image_resource`. */
  rootfs_uri: z.string().optional(),
  /** Artifacts the task expects. @default [] */
  inputs: z.array(TaskInput).optional(),
  /** Artifacts the task produces. @default [] */
  outputs: z.array(TaskOutput).optional(),
  /** Directories cached between runs. @default [] */
  caches: z.array(TaskCache).optional(),
  /** Environment variables; every value becomes a string. */
  params: TaskEnv.optional(),
  /** The command to run. */
  run: TaskRun.optional(),
  /** Default CPU and memory limits. */
  container_limits: ContainerLimits.optional(),
});
export type TaskConfig = z.infer<typeof TaskConfig>;
