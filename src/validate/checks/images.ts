/**
 * pipegen's check `pipegen/image-not-rootfs`: an image fetched in a form Concourse cannot run. Concourse runs an
 * image artifact only as `rootfs/` + `metadata.json` (resource-types.md §5.1) and never unpacks anything itself:
 * - s3: the get must have `unpack: true` (else the artifact is the packed archive);
 * - registry-image: `format` must stay `rootfs`, and `skip_download` off;
 * - docker-image: `skip_download` off.
 * Checked for a get (or put's implicit get) whose artifact a task uses as `image:`, a task config's
 * `image_resource`, and a resource type's or prototype's own image (`type` + `params`).
 */
import type { DConfig, DCore } from "../decoded";
import type { IssueCollector } from "../../collector";
import { typeResolver } from "./resource-types";

/** Why an image fetched by a resource of `type` with these get params is not a rootfs image, or undefined. */
export function notRootfs(type: string, params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const p = params ?? {};
  const isVar = (v: unknown) => typeof v === "string" && v.includes("((");
  switch (type) {
    case "s3":
      // a string "true" fails to decode (reported as a wrong value type), not this
      if (p.unpack === true || typeof p.unpack === "string") return undefined;
      return "an s3 image needs 'unpack: true' in its get params: without it the artifact is the packed archive, not rootfs/ and metadata.json";
    case "registry-image":
      if (typeof p.format === "string" && p.format !== "rootfs" && !isVar(p.format))
        return `a registry-image image must be fetched with format 'rootfs' (the default), not '${p.format}'`;
      if (p.skip_download === true) return "a registry-image image cannot be fetched with 'skip_download: true': nothing but the digest is downloaded";
      return undefined;
    case "docker-image":
      if (p.skip_download === true) return "a docker-image image cannot be fetched with 'skip_download: true': nothing is downloaded";
      return undefined;
    default:
      return undefined;
  }
}

interface Fetch {
  core: DCore;
  params: Record<string, unknown> | undefined;
  paramsKey: string;
  type: string;
}

export function checkImages(r: IssueCollector, cfg: DConfig): void {
  const resolve = typeResolver(cfg);
  const typeOf = new Map(cfg.resources.map((res) => [res.name, res.type]));
  const schemaType = (type: string | undefined) => (type === undefined ? undefined : resolve(type).schema?.type);

  for (const t of [...cfg.resourceTypes, ...cfg.prototypes]) {
    const type = t.type !== t.name ? schemaType(t.type) : undefined;
    const why = type ? notRootfs(type, t.params) : undefined;
    if (why) r.warning("pipegen/image-not-rootfs", t.params ? `${t.path}.params` : t.path, `the image of '${t.name}': ${why}`);
  }

  for (const job of cfg.jobs) {
    let imageArtifacts = false;
    for (const core of job.cores) {
      if (core.kind !== "task") continue;
      if (core.image !== "") imageArtifacts = true;
      else if (core.config?.imageType) {
        const type = schemaType(core.config.imageType);
        const why = type ? notRootfs(type, core.config.imageParams) : undefined;
        if (why)
          r.warning(
            "pipegen/image-not-rootfs",
            `${core.config.path}.image_resource${core.config.imageParams ? ".params" : ""}`,
            `the image_resource of task '${core.name ?? ""}': ${why}`,
          );
      }
    }
    // most jobs give no task an artifact as its image: nothing more to look at
    if (!imageArtifacts) continue;
    const fetches = new Map<string, Fetch>();
    const others = new Set<string>();
    for (const core of job.cores) {
      if ((core.kind === "get" || (core.kind === "put" && !core.noGet)) && core.name) {
        const resource = core.resource !== undefined && core.resource !== "" ? core.resource : core.name;
        const type = schemaType(typeOf.get(resource));
        if (type === undefined || fetches.has(core.name)) others.add(core.name);
        else
          fetches.set(
            core.name,
            core.kind === "get" ? { core, params: core.params, paramsKey: "params", type } : { core, params: core.getParams, paramsKey: "get_params", type },
          );
      } else if (core.kind === "task") {
        for (const out of core.config?.outputs ?? []) others.add(core.outputMapping[out.name] ?? out.name);
        for (const artifact of Object.values(core.outputMapping)) others.add(artifact);
      }
    }
    const reported = new Set<string>();
    for (const core of job.cores) {
      if (core.kind !== "task" || core.image === "") continue;
      const fetch = fetches.get(core.image);
      if (!fetch || others.has(core.image) || reported.has(core.image)) continue;
      const why = notRootfs(fetch.type, fetch.params);
      if (!why) continue;
      reported.add(core.image);
      const at = fetch.params ? `${fetch.core.path}.${fetch.paramsKey}` : fetch.core.path;
      r.warning("pipegen/image-not-rootfs", at, `'${core.image}' is the image of task '${core.name ?? ""}' (${core.path}): ${why}`);
    }
  }
}
