/**
 * Collects the resources, resource types and prototypes a pipeline uses, in first-use order, and reports two
 * different objects that share one name (the YAML could hold only one of them).
 */
import { formatSite, type SourceSite } from "../issues";
import type { Prototype, Resource, ResourceSpec, ResourceType } from "../dsl/resource";
import { isResourceType } from "../dsl/resource";
import type { Path, RenderContext } from "./context";

interface Named {
  readonly name: string;
  readonly site?: SourceSite;
}

class Registry<T extends Named> {
  readonly items = new Map<string, T>();
  constructor(
    private readonly ctx: RenderContext,
    private readonly what: "resource" | "resource-type" | "prototype",
  ) {}

  add(item: T, path: Path): void {
    const existing = this.items.get(item.name);
    if (existing === undefined) {
      this.items.set(item.name, item);
    } else if (existing !== item) {
      const where = existing.site ? ` (the other one was made at ${formatSite(existing.site)})` : "";
      this.ctx.report(
        `dsl/duplicate-${this.what}-name`,
        "error",
        path,
        `two different ${this.what.replace("-", " ")}s are named '${item.name}'${where}`,
        item,
        `give each ${this.what.replace("-", " ")} its own name, or reuse the same object`,
      );
    }
  }
}

export class UsedObjects {
  readonly resources: Registry<Resource<ResourceSpec>>;
  readonly resourceTypes: Registry<ResourceType>;
  readonly prototypes: Registry<Prototype>;

  constructor(ctx: RenderContext) {
    this.resources = new Registry(ctx, "resource");
    this.resourceTypes = new Registry(ctx, "resource-type");
    this.prototypes = new Registry(ctx, "prototype");
  }

  useResource(res: Resource<ResourceSpec>, path: Path): void {
    this.resources.add(res, path);
    if (isResourceType(res.type)) this.useResourceType(res.type, path);
  }

  useResourceType(rt: ResourceType, path: Path): void {
    this.resourceTypes.add(rt, path);
    // a resource type may itself be provided by a custom type
    if (isResourceType(rt.props.type)) this.useResourceType(rt.props.type, path);
  }
}
