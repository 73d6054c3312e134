/** Resources (concourse-spec.md §2.2), resource types (§2.3) and prototypes (§2.4). Unknown keys are errors. */
import * as z from "zod";
import { CheckEvery, Duration, FreeMap, Identifier, ResourceVersion, Tags } from "./common";

/** A resource: something versioned that jobs get and put (§2.2). */
export const Resource = z.strictObject({
  /** Resource name, unique among resources. */
  name: Identifier,
  /** The resource type: a core type or a name from `resource_types`. */
  type: z.string(),
  /** The type's configuration. */
  source: FreeMap.nullable().optional(),
  /** Previous name, to keep the version history when renaming. */
  old_name: z.string().optional(),
  /** Versions and metadata visible without logging in. @default false */
  public: z.boolean().optional(),
  /** Token that lets a webhook trigger a check. */
  webhook_token: z.string().optional(),
  /** How often to check: a Go duration or `never`. @default "1m" */
  check_every: CheckEvery.optional(),
  /** Time limit of a check. @default "1h" */
  check_timeout: Duration.optional(),
  /** Worker tags for checks. */
  tags: Tags.optional(),
  /** Pins the resource to this version. */
  version: ResourceVersion.optional(),
  /** A Material Design icon name, or `si/<name>`. */
  icon: z.string().optional(),
  /** Pass the build's creator to the resource. @default false */
  expose_build_created_by: z.boolean().optional(),
});
export type Resource = z.infer<typeof Resource>;

const resourceTypeShape = {
  /** Type name; may override a core type. */
  name: Identifier,
  /** The type of the resource that provides this type's image, usually `registry-image`. */
  type: z.string(),
  /** Source of that image. */
  source: FreeMap.nullable().optional(),
  /** Defaults merged under the `source` of every resource of this type. */
  defaults: FreeMap.optional(),
  /** Run its containers privileged. @default false */
  privileged: z.boolean().optional(),
  /** Get params used to fetch the type's image (e.g. `{ unpack: true }` for s3). */
  params: FreeMap.optional(),
  /** How often to check for a new image: a Go duration or `never`. @default "1m" */
  check_every: CheckEvery.optional(),
  /** Worker tags. */
  tags: Tags.optional(),
};

/** A resource type (§2.3). */
export const ResourceType = z.strictObject(resourceTypeShape);
export type ResourceType = z.infer<typeof ResourceType>;

/** A prototype, used by the experimental `run` step (§2.4). */
export const Prototype = z.strictObject(resourceTypeShape);
export type Prototype = z.infer<typeof Prototype>;
