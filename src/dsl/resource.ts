/**
 * Resources, resource types and prototypes. Jobs refer to resources by the objects themselves, so a typo in a
 * name cannot compile; the resources a pipeline uses are collected from its steps when it is rendered.
 */
import type { ResourceType as ResourceTypeShape, Resource as ResourceShape } from "../model";
import type { SourceSite } from "../issues";
import { brand, brandClass, hasBrand } from "./brand";
import { captureSite, resolveSite, withSite, type SiteRef } from "./site";
import type { Str, WithVars } from "./var";

/**
 * What a resource type accepts: its `source`, and the `params` of get and put steps. The typed builders in
 * `dsl/resources/` fill these in; `GenericSpec` accepts anything.
 */
export interface ResourceSpec {
  readonly source: object;
  readonly getParams: object;
  readonly putParams: object;
}

/** The spec of a resource whose type pipegen has no typed builder for: any source and params. */
export interface GenericSpec extends ResourceSpec {
  readonly source: Record<string, unknown>;
  readonly getParams: Record<string, unknown>;
  readonly putParams: Record<string, unknown>;
}

/** Options every resource accepts besides `source` (concourse-spec.md §2.2). */
export interface ResourceOptions {
  /** Previous name, to keep the version history after a rename. */
  readonly old_name?: string;
  /** A Material Design icon name, or `si/<name>` for Simple Icons. */
  readonly icon?: string;
  /** Pins the resource to this version. */
  readonly version?: Record<string, Str | number | boolean>;
  /** How often to check for new versions: a Go duration or `never`. @default "1m" */
  readonly check_every?: Str;
  /** Time limit of a check. @default "1h" */
  readonly check_timeout?: Str;
  /** Pass the build's creator to the resource. @default false */
  readonly expose_build_created_by?: boolean;
  /** Worker tags for checks. @default [] */
  readonly tags?: readonly string[];
  /** Versions and metadata visible without logging in. @default false */
  readonly public?: boolean;
  /** Token that lets a webhook trigger a check. */
  readonly webhook_token?: Str;
}

/** A pipeline resource. `S` describes its source and step params. */
export interface Resource<S extends ResourceSpec = GenericSpec> {
  readonly name: string;
  /** A core type name, or the `ResourceType` that provides it. */
  readonly type: string | ResourceType;
  readonly source: S["source"] | undefined;
  readonly options: ResourceOptions;
  /** Params merged under the params of every `get` of this resource (e.g. `unpack: true` for s3 images). */
  readonly defaultGetParams?: Readonly<Record<string, unknown>>;
  readonly site?: SourceSite;
  /** Type-level only: the resource's spec. */
  readonly __spec?: S;
}

/** Props of `resource()`. */
export interface ResourceProps<S extends ResourceSpec = GenericSpec> extends ResourceOptions {
  /** A core type name (`git`, `s3`…), or a `ResourceType` made with `resourceType()`. */
  readonly type: string | ResourceType;
  /** The type's configuration. */
  readonly source?: S["source"];
}

/** A resource of any type. For the core types prefer the typed builders (`git`, `s3`, `registryImage`…). */
export function resource<S extends ResourceSpec = GenericSpec>(name: string, props: ResourceProps<S>): Resource<S> {
  const { type, source, ...options } = props;
  return makeResource<S>(name, type, source, options, undefined, captureSite());
}

/** @internal Used by the typed builders. */
export function makeResource<S extends ResourceSpec>(
  name: string,
  type: string | ResourceType,
  source: S["source"] | undefined,
  options: ResourceOptions,
  defaultGetParams: Record<string, unknown> | undefined,
  site: SiteRef | undefined,
): Resource<S> {
  return new ResourceObject<S>(name, type, source, { ...options }, defaultGetParams, site);
}

/** Resources are instances of one class: one object shape, the brand and `site` on the prototype. */
class ResourceObject<S extends ResourceSpec> implements Resource<S> {
  readonly #ref: SiteRef | undefined;
  constructor(
    readonly name: string,
    readonly type: string | ResourceType,
    readonly source: S["source"] | undefined,
    readonly options: ResourceOptions,
    readonly defaultGetParams: Readonly<Record<string, unknown>> | undefined,
    ref: SiteRef | undefined,
  ) {
    this.#ref = ref;
    Object.freeze(this);
  }
  /** Where the resource's builder was called (resolved when first read). */
  get site(): SourceSite | undefined {
    return resolveSite(this.#ref);
  }
}
brandClass(ResourceObject, "resource");

export function isResource(x: unknown): x is Resource<ResourceSpec> {
  return hasBrand(x, "resource");
}

/** Props of `resourceType()` and `prototype()` (concourse-spec.md §2.3). */
export interface ResourceTypeProps extends WithVars<Omit<ResourceTypeShape, "name" | "type" | "source" | "tags">> {
  /** The type of the resource that provides this type's image, usually `registry-image`. */
  readonly type: string | ResourceType;
  /** Source of that image. */
  readonly source?: Record<string, unknown>;
  /** Worker tags. */
  readonly tags?: readonly string[];
}

/** A resource type declared in the pipeline. */
export interface ResourceType {
  readonly name: string;
  readonly props: ResourceTypeProps;
  readonly site?: SourceSite;
}

/** Declares a resource type, to use as the `type` of resources. Collected into `resource_types:` automatically. */
export function resourceType(name: string, props: ResourceTypeProps): ResourceType {
  return Object.freeze(brand(withSite({ name, props }, captureSite()), "resourceType"));
}

export function isResourceType(x: unknown): x is ResourceType {
  return hasBrand(x, "resourceType");
}

/** A prototype, for the experimental `run` step (concourse-spec.md §2.4). */
export interface Prototype {
  readonly name: string;
  readonly props: ResourceTypeProps;
  readonly site?: SourceSite;
}

/** Declares a prototype. Collected into `prototypes:` automatically when a `runStep` uses it. */
export function prototype(name: string, props: ResourceTypeProps): Prototype {
  return Object.freeze(brand(withSite({ name, props }, captureSite()), "prototype"));
}

export function isPrototype(x: unknown): x is Prototype {
  return hasBrand(x, "prototype");
}

/** The fields of a resource as Concourse sees them (used by the renderer). */
export type ResourceConfig = ResourceShape;
