/**
 * Decoding an inline task config and container limits inside a step (concourse-spec.md §2.10, §2.11;
 * §3.3 B9, B18–B21). Both sit under a custom decoder, so type errors name `TaskStep.config.<field>` (or the
 * enclosing step), nothing is coerced, and unknown keys below the config's top level are ignored.
 */
import type { DTaskConfig } from "../decoded";
import { goQ } from "../go";
import { parseGoDuration } from "../../go-duration";
import { isObject } from "../../object";

import { FIELDS } from "../../model/format";
import { StructDecoder, typeError } from "./struct";

// Field lists come from the field table; they are module constants, so the decoder caches lookups per list.
const INPUT_FIELDS = FIELDS.task_input;
const OUTPUT_FIELDS = FIELDS.task_output;
const CACHE_FIELDS = FIELDS.task_cache;
const CONTAINER_LIMITS_FIELDS = FIELDS.container_limits;
/** Top-level task config keys (deleteKnownFields on TaskConfig). */
export const TASK_CONFIG_FIELDS: readonly string[] = FIELDS.task_config;
const IMAGE_RESOURCE_FIELDS = FIELDS.image_resource;
const RUN_FIELDS = FIELDS.task_run;
const MEMORY = /^([0-9]+)(([KMG])(i)?B?)?$/i;

/** Decodes `config:` of a task step; null when absent or undecodable. */
export function decodeTaskConfig(step: StructDecoder): DTaskConfig | null {
  const raw = step.raw("config");
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) {
    step.fail("config", raw, "map[string]*json.RawMessage");
    return null;
  }
  const path = step.pathOf("config");
  const ctx = { ...step.ctx, field: step.goField("config"), path };
  const cfg = new StructDecoder(ctx, raw, TASK_CONFIG_FIELDS);
  const platform = cfg.string("platform") ?? "";
  const rootfs = cfg.string("rootfs_uri") ?? "";
  let hasImage = rootfs !== "";
  let imageSource: Record<string, unknown> | undefined;
  let imageType = "";
  let imageParams: Record<string, unknown> | undefined;
  const image = cfg.object("image_resource", "atc.ImageResource");
  if (image) {
    hasImage = true;
    const ir = new StructDecoder({ ...ctx, field: cfg.goField("image_resource"), path: cfg.pathOf("image_resource") }, image, IMAGE_RESOURCE_FIELDS);
    ir.string("name");
    imageType = ir.string("type") ?? "";
    imageSource = ir.map("source", "atc.Source");
    ir.stringMap("version", "atc.Version", false);
    imageParams = ir.map("params", "atc.Params");
    ir.tags("tags");
    if (ir.failed) cfg.failed = true;
  }
  decodeContainerLimits(cfg, "container_limits");
  const rawParams = cfg.raw("params");
  if (rawParams !== undefined && rawParams !== null && !isObject(rawParams)) cfg.fail("params", rawParams, "map[string]atc.CoercedString");
  const params = isObject(rawParams) ? rawParams : undefined;
  const run = cfg.object("run", "atc.TaskRunConfig");
  if (run) {
    const rd = new StructDecoder({ ...ctx, field: cfg.goField("run"), path: cfg.pathOf("run") }, run, RUN_FIELDS);
    rd.string("path");
    rd.strings("args");
    rd.string("dir");
    rd.string("user");
    if (rd.failed) cfg.failed = true;
  }
  const inputs: DTaskConfig["inputs"] = [];
  const inputList = cfg.list("inputs", "[]atc.TaskInputConfig") ?? [];
  inputList.forEach((item, i) => {
    const itemPath = `${cfg.pathOf("inputs")}[${i}]`;
    if (item === null) return void inputs.push({ path: itemPath, name: "", optional: false });
    if (!isObject(item)) return void typeError(ctx, cfg.goField("inputs"), item, "atc.TaskInputConfig", itemPath);
    const d = new StructDecoder({ ...ctx, field: cfg.goField("inputs"), path: itemPath }, item, INPUT_FIELDS);
    inputs.push({ path: itemPath, name: d.string("name") ?? "", optional: d.bool("optional") ?? false });
    d.string("path");
  });
  const outputs: DTaskConfig["outputs"] = [];
  const outputList = cfg.list("outputs", "[]atc.TaskOutputConfig") ?? [];
  outputList.forEach((item, i) => {
    const itemPath = `${cfg.pathOf("outputs")}[${i}]`;
    if (item === null) return void outputs.push({ path: itemPath, name: "" });
    if (!isObject(item)) return void typeError(ctx, cfg.goField("outputs"), item, "atc.TaskOutputConfig", itemPath);
    const d = new StructDecoder({ ...ctx, field: cfg.goField("outputs"), path: itemPath }, item, OUTPUT_FIELDS);
    outputs.push({ path: itemPath, name: d.string("name") ?? "" });
    d.string("path");
  });
  const caches = cfg.list("caches", "[]atc.TaskCacheConfig") ?? [];
  caches.forEach((item, i) => {
    const itemPath = `${cfg.pathOf("caches")}[${i}]`;
    if (item === null) return;
    if (!isObject(item)) return void typeError(ctx, cfg.goField("caches"), item, "atc.alias", itemPath);
    const d = new StructDecoder({ ...ctx, field: cfg.goField("caches"), path: itemPath }, item, CACHE_FIELDS);
    d.string("path");
    const ttl = d.string("ttl") ?? "";
    if (ttl === "") return;
    const parsed = parseGoDuration(ttl);
    if ("error" in parsed) ctx.r.error("concourse/invalid-duration", d.pathOf("ttl"), `${ctx.prefix}invalid cache ttl '${ttl}': ${parsed.error}`);
    else if (parsed.ns < 1_000_000_000n) ctx.r.error("concourse/invalid-duration", d.pathOf("ttl"), `${ctx.prefix}cache ttl must be at least 1s, got '${ttl}'`);
  });
  // deleteKnownFields is exact: `Platform:` decodes into platform *and* is an unknown field.
  // (without case-insensitive matches, those are exactly the keys the decoder found no field for)
  const unknown = cfg.exactKeys ? (cfg.unknownKeys as string[]) : Object.keys(raw).filter((k) => !TASK_CONFIG_FIELDS.includes(k));
  if (cfg.failed) step.failed = true;
  return { path, unknown, platform, hasImage, imageSource, imageType, imageParams, params, inputs, outputs };
}

/** Decodes `container_limits` (cpu: any number; memory: number or `1GB`-style string). */
export function decodeContainerLimits(parent: StructDecoder, field: string): void {
  const raw = parent.object(field, "atc.ContainerLimits");
  if (!raw) return;
  const d = new StructDecoder({ ...parent.ctx, field: parent.goField(field), path: parent.pathOf(field) }, raw, CONTAINER_LIMITS_FIELDS);
  const prefix = parent.ctx.prefix;
  const cpu = d.raw("cpu");
  if (cpu !== undefined && cpu !== null && typeof cpu !== "number") {
    parent.failed = true;
    parent.ctx.r.error("concourse/invalid-container-limits", d.pathOf("cpu"), `${prefix}cpu limit must be an integer`);
  }
  const memory = d.raw("memory");
  if (typeof memory === "string") {
    const m = MEMORY.exec(memory);
    if (!m) {
      parent.failed = true;
      parent.ctx.r.error("concourse/invalid-container-limits", d.pathOf("memory"), `${prefix}could not parse container memory limit`);
    } else if (BigInt(m[1]!) > 18446744073709551615n) {
      parent.failed = true;
      parent.ctx.r.error("concourse/invalid-container-limits", d.pathOf("memory"), `${prefix}strconv.ParseUint: parsing ${goQ(m[1]!)}: value out of range`);
    }
  }
}
