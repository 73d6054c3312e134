/**
 * The one plain-object guard: a YAML/JSON mapping as the readers and decoders produce it (an object that is not
 * null and not an array). Builder objects pass too; callers that must tell them apart check their brand.
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
