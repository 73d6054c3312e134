/**
 * Task images given as anonymous resources (`image_resource` in a task config). Any `Resource` can be used
 * as one too: its type, source and default get params are copied in.
 */
import type { SourceSite } from "../issues";
import { brand, hasBrand } from "./brand";
import type { ResourceType } from "./resource";
import { captureSite, withSite, type SiteRef } from "./site";
import type { Str } from "./var";

/** Props of `image()`: the anonymous resource that provides a task's image (concourse-spec.md §2.10). */
export interface ImageProps<Source extends object = Record<string, unknown>, Params extends object = Record<string, unknown>> {
  /** The resource type, e.g. `registry-image` or `s3`, or a declared `ResourceType`. */
  readonly type: string | ResourceType;
  /** The resource's source. */
  readonly source: Source;
  /** Get params used to fetch the image. */
  readonly params?: Params;
  /** Pins the image to a version (values are strings). */
  readonly version?: Record<string, Str>;
  /** Worker tags for fetching the image. */
  readonly tags?: readonly string[];
}

/** An image for a task's `image_resource`. */
export interface AnonymousImage {
  readonly props: ImageProps<object, object>;
  readonly site?: SourceSite;
}

/** An anonymous image resource for a task config's `image_resource`. */
export function image<Source extends object, Params extends object>(props: ImageProps<Source, Params>): AnonymousImage {
  return makeImage(props as ImageProps<object, object>, captureSite());
}

/** @internal */
export function makeImage(props: ImageProps<object, object>, site: SiteRef | undefined): AnonymousImage {
  return Object.freeze(brand(withSite({ props }, site), "image"));
}

export function isAnonymousImage(x: unknown): x is AnonymousImage {
  return hasBrand(x, "image");
}
