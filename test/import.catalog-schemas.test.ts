// The importer's typed-builder catalog describes the same keys as the resource schemas the validator uses (and
// the builders' types, which the schemas are compiled against): a key added to one and not the other fails here.
import { describe, expect, it } from "vitest";
import { TYPED_RESOURCES } from "../src/import/catalog";
import * as pipegen from "../src/index";
import { RESOURCE_SCHEMAS } from "../src/index";

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("importer catalog vs resource schemas", () => {
  it("covers every typed resource type", () => {
    expect(sorted(Object.keys(TYPED_RESOURCES))).toEqual(sorted(Object.keys(RESOURCE_SCHEMAS)));
  });

  for (const [type, typed] of Object.entries(TYPED_RESOURCES)) {
    it(`${type}: same keys and required keys, and a builder that makes that type`, () => {
      const schema = RESOURCE_SCHEMAS[type]!;
      for (const [part, shape] of [
        ["source", typed.source],
        ["get", typed.getParams],
        ["put", typed.putParams],
      ] as const) {
        const fields = schema[part].fields;
        expect(sorted(Object.keys(shape.fields)), `${type} ${part}`).toEqual(sorted(Object.keys(fields)));
        expect(sorted(shape.required ?? []), `${type} ${part} required`).toEqual(sorted(Object.keys(fields).filter((k) => fields[k]!.required)));
      }
      const builder = (pipegen as unknown as Record<string, (name: string, source: object) => { type: unknown }>)[typed.builder]!;
      expect(builder("x", {}).type).toBe(type);
    });
  }
});
