/**
 * Which typed schema applies to a resource type name in one pipeline: a standard worker type (`git`, `s3`…),
 * unless `resource_types` declares that name; a declared type gets a schema only when its image is the known
 * resource image (`concourse/semver-resource`…), since any other image may accept anything.
 */
import { RESOURCE_SCHEMAS, schemaForImage } from "../../dsl/resources/catalog";
import type { ResourceTypeSchema } from "../../dsl/resources/schema";
import type { DConfig } from "../decoded";

export interface TypeInfo {
  readonly schema: ResourceTypeSchema | undefined;
  /** `defaults` of the declared type: merged under the source of each resource of the type. */
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
}

export type TypeResolver = (type: string) => TypeInfo;

export function typeResolver(cfg: DConfig): TypeResolver {
  const declared = new Map<string, TypeInfo>();
  for (const t of cfg.resourceTypes) {
    if (t.name === "" || declared.has(t.name)) continue;
    // the declared type's image comes from a standard image type (a chain through custom types is not followed)
    const imageType = t.type === t.name ? undefined : RESOURCE_SCHEMAS[t.type];
    const repository = t.source?.repository;
    const isImageType = imageType?.type === "registry-image" || imageType?.type === "docker-image";
    const schema = isImageType && typeof repository === "string" ? schemaForImage(repository) : undefined;
    declared.set(t.name, { schema, defaults: t.defaults });
  }
  const none: TypeInfo = { schema: undefined, defaults: undefined };
  return (type) =>
    declared.get(type) ?? (Object.prototype.hasOwnProperty.call(RESOURCE_SCHEMAS, type) ? { schema: RESOURCE_SCHEMAS[type], defaults: undefined } : none);
}
