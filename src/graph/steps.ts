/**
 * One line per step for a job's hover panel: what a reviewer wants to see without opening the YAML —
 * the step, its resource, and for tasks the image they run in (for an S3 image, the bucket and regexp it
 * resolves from, which is where air-gapped pipelines go wrong).
 */

export interface StepLine {
  /** Nesting depth (in_parallel, do, try and hooks indent their steps). */
  readonly depth: number;
  readonly kind: "get" | "put" | "task" | "set_pipeline" | "load_var" | "in_parallel" | "do" | "try" | "run" | "hook" | "step";
  /** `get: repo`, `task: unit`… */
  readonly text: string;
  /** Extra facts: `trigger, passed: unit`, the task's image. */
  readonly detail?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The line(s) describing one step (not its nested steps). */
export function describeStep(step: Obj, depth: number, resources: ReadonlyMap<string, Obj>): StepLine[] {
  const get = str(step.get);
  if (get !== undefined) {
    const facts: string[] = [];
    const resource = str(step.resource);
    if (resource && resource !== get) facts.push(`resource ${resource}`);
    if (step.trigger === true) facts.push("trigger");
    const passed = Array.isArray(step.passed) ? step.passed.filter((x): x is string => typeof x === "string") : [];
    if (passed.length > 0) facts.push(`passed: ${passed.join(", ")}`);
    return [line(depth, "get", `get: ${get}`, facts.join("; "))];
  }
  const put = str(step.put);
  if (put !== undefined) {
    const resource = str(step.resource);
    return [line(depth, "put", `put: ${put}`, resource && resource !== put ? `resource ${resource}` : "")];
  }
  const task = str(step.task);
  if (task !== undefined) return [line(depth, "task", `task: ${task}`, taskImage(step, resources))];
  const sp = str(step.set_pipeline);
  if (sp !== undefined) return [line(depth, "set_pipeline", `set_pipeline: ${sp}`, str(step.file) ? `file ${step.file as string}` : "")];
  const lv = str(step.load_var);
  if (lv !== undefined) return [line(depth, "load_var", `load_var: ${lv}`, str(step.file) ? `file ${step.file as string}` : "")];
  if ("in_parallel" in step) return [line(depth, "in_parallel", "in_parallel:")];
  if ("do" in step) return [line(depth, "do", "do:")];
  if ("try" in step) return [line(depth, "try", "try:")];
  if ("run" in step) return [line(depth, "run", `run: ${String(step.run)}`)];
  return [line(depth, "step", "(unknown step)")];
}

function line(depth: number, kind: StepLine["kind"], text: string, detail = ""): StepLine {
  return detail ? { depth, kind, text, detail } : { depth, kind, text };
}

/** The image a task runs in: `image:` (a resource of the plan) wins over the config's `image_resource`. */
function taskImage(step: Obj, resources: ReadonlyMap<string, Obj>): string {
  const image = str(step.image);
  if (image !== undefined) {
    const r = resources.get(image);
    const what = r ? imageSource(str(r.type) ?? "", r.source) : "";
    return `image ${image}${what ? ` (${what})` : ""}`;
  }
  const config = isObj(step.config) ? step.config : undefined;
  const ir = config && isObj(config.image_resource) ? config.image_resource : undefined;
  if (ir) return `image ${imageSource(str(ir.type) ?? "", ir.source)}`;
  const file = str(step.file);
  if (file !== undefined) return `file ${file} (image from the task file)`;
  return "";
}

/** `s3 bucket B, regexp R`, `registry-image golang:1.22`, or the type alone. */
function imageSource(type: string, source: unknown): string {
  const s = isObj(source) ? source : {};
  if (type === "s3") {
    const parts = [`bucket ${show(s.bucket)}`];
    if (s.regexp !== undefined) parts.push(`regexp ${show(s.regexp)}`);
    else if (s.versioned_file !== undefined) parts.push(`versioned_file ${show(s.versioned_file)}`);
    return `s3 ${parts.join(", ")}`;
  }
  const repo = str(s.repository);
  if (repo !== undefined) {
    const tag = s.tag === undefined ? "" : `:${show(s.tag)}`;
    return `${type || "image"} ${repo}${tag}`;
  }
  return type || "unknown type";
}

function show(v: unknown): string {
  return typeof v === "string" ? v : (JSON.stringify(v) ?? "");
}
