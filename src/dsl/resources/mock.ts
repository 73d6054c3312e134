/** The `mock` resource type (concourse/mock-resource; resource-types.md §4.6): versions and images for testing. */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Str } from "../var";
import { bool, map, objectSchema, str, strList, type ResourceTypeSchema } from "./schema";

/** `source` of a mock resource. All keys are optional. */
export interface MockSource {
  /** Get returns the resource's own rootfs as an image (usable as a task image without network). */
  readonly mirror_self?: boolean;
  /** @default "mock" */
  readonly initial_version?: Str;
  readonly no_initial_version?: boolean;
  /** Always report this version. */
  readonly force_version?: Str;
  /** Files get writes: path → content (objects are JSON-encoded). */
  readonly create_files?: Readonly<Record<string, unknown>>;
  /** Delay of each check: a Go duration. */
  readonly check_delay?: Str;
  /** Make checks fail with this message. */
  readonly check_failure?: Str;
  readonly metadata?: readonly { readonly name: Str; readonly value: Str }[];
  /** A message to log. */
  readonly log?: Str;
}

/** `params` of a get of a mock resource. */
export interface MockGetParams {
  readonly mirror_self_via_params?: boolean;
  readonly create_files_via_params?: Readonly<Record<string, unknown>>;
}

/** `params` of a put to a mock resource. */
export interface MockPutParams {
  /** The version to create. */
  readonly version?: Str;
  /** A file whose content becomes the version. */
  readonly file?: Str;
  readonly print_env?: boolean;
}

export interface MockSpec extends ResourceSpec {
  readonly source: MockSource;
  readonly getParams: MockGetParams;
  readonly putParams: MockPutParams;
}

/** What the mock resource accepts (Go encoding/json: unknown keys ignored, wrong JSON types fail). */
export const MOCK_SCHEMA: ResourceTypeSchema = {
  type: "mock",
  image: "concourse/mock-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<MockSource>({
    mirror_self: bool,
    initial_version: str,
    no_initial_version: bool,
    force_version: str,
    create_files: map,
    check_delay: str,
    check_failure: str,
    metadata: strList,
    log: str,
  }),
  get: objectSchema<MockGetParams>({ mirror_self_via_params: bool, create_files_via_params: map }),
  put: objectSchema<MockPutParams>({ version: str, file: str, print_env: bool }),
};

/** A mock resource: versions on demand, and with `mirror_self` an image that needs no registry. */
export function mock(name: string, source: MockSource = {}, options: ResourceOptions = {}): Resource<MockSpec> {
  return makeResource<MockSpec>(name, "mock", source, options, undefined, captureSite());
}
