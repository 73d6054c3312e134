/**
 * Resources, resource types and prototypes: concourse-spec.md §3.5 R1–R4 and T1–T3
 * (configvalidate `validateResources`, `validateResourceTypes`, `validatePrototypes`).
 * Resource types and prototypes share one name namespace, resource types first.
 */
import type { DResourceType } from "../decoded";
import { isPlainIdentifier, validateIdentifier } from "./identifier";
import { locationId, reportIdentifier, type RuleContext } from "./context";

export function validateResources(ctx: RuleContext, used: ReadonlySet<string>): void {
  const { cfg, r } = ctx;
  // name -> index of the first resource with it; texts are built only for what is reported
  const names = new Map<string, number>();
  for (let i = 0; i < cfg.resources.length; i++) {
    const resource = cfg.resources[i]!;
    const name = resource.name;
    if (!isPlainIdentifier(name))
      reportIdentifier(ctx, validateIdentifier(name, [locationId("resources", i, name)]), name === "" ? `resources[${i}].name` : `${resource.path}.name`);
    const other = names.get(name);
    if (other !== undefined)
      r.error("concourse/duplicate-name", `resources[${i}].name`, `resources[${other}] and resources[${i}] have the same name ('${name}')`);
    else if (name !== "") names.set(name, i);
    if (name === "") r.error("concourse/missing-name", `resources[${i}].name`, `${locationId("resources", i, name)} has no name`);
    if (resource.type === "") r.error("concourse/missing-type", `${resource.path}.type`, `${locationId("resources", i, name)} has no type`);
  }
  // Usage is unknown when some job could not be decoded.
  if (cfg.broken.has("jobs")) return;
  for (const resource of cfg.resources) {
    if (!used.has(resource.name)) r.error("concourse/unused-resource", resource.path, `resource '${resource.name}' is not used`);
  }
}

/** Resource types then prototypes, with the shared `seen` namespace. */
export function validateTypes(ctx: RuleContext): void {
  const seen = new Map<string, string>();
  checkTypes(ctx, "resource_types", ctx.cfg.resourceTypes, seen);
  checkTypes(ctx, "prototypes", ctx.cfg.prototypes, seen);
}

function checkTypes(ctx: RuleContext, section: string, list: readonly DResourceType[], seen: Map<string, string>): void {
  const { r } = ctx;
  list.forEach((t, i) => {
    const loc = `${section}[${i}]`;
    const id = locationId(section, i, t.name);
    reportIdentifier(ctx, validateIdentifier(t.name, [id]), t.name === "" ? `${loc}.name` : `${t.path}.name`);
    const other = seen.get(t.name);
    if (other !== undefined) r.error("concourse/duplicate-name", `${loc}.name`, `${other} and ${loc} have the same name ('${t.name}')`);
    else if (t.name !== "") seen.set(t.name, loc);
    if (t.name === "") r.error("concourse/missing-name", `${loc}.name`, `${id} has no name`);
    if (t.type === "") r.error("concourse/missing-type", `${t.path}.type`, `${id} has no type`);
  });
}
