/**
 * The pipeline as a graph, read from the plain config Concourse reads (so `.ts` and YAML input are drawn
 * alike, and an invalid pipeline still gives whatever can be read from it). Nothing here trusts the
 * config's shape: a field of the wrong type is skipped, never thrown on.
 */
import { compileGobwasGlob } from "../validate/glob";
import { describeStep, type StepLine } from "./steps";
import { HOOKS } from "../model/format";

/** A job with the groups it belongs to and its steps (for the hover panel). */
export interface GraphJob {
  readonly name: string;
  readonly steps: readonly StepLine[];
}

export interface GraphResource {
  readonly name: string;
  readonly type: string;
}

/** A `get` of a job: its resource, whether it triggers the job, and its `passed:` jobs. */
export interface GraphInput {
  readonly job: string;
  readonly resource: string;
  readonly trigger: boolean;
  readonly passed: readonly string[];
}

/** A `put` of a job. */
export interface GraphOutput {
  readonly job: string;
  readonly resource: string;
}

export interface GraphGroup {
  readonly name: string;
  readonly jobs: readonly string[];
}

/** Everything the drawings need, as plain data (it crosses process boundaries as JSON in `preview`). */
export interface PipelineGraph {
  readonly jobs: readonly GraphJob[];
  readonly resources: readonly GraphResource[];
  readonly groups: readonly GraphGroup[];
  readonly inputs: readonly GraphInput[];
  readonly outputs: readonly GraphOutput[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Builds the graph of a pipeline config (any value: what is not a pipeline gives an empty graph). */
export function pipelineGraph(config: unknown): PipelineGraph {
  const c = isObj(config) ? config : {};
  const resources: GraphResource[] = [];
  const resourceByName = new Map<string, Obj>();
  for (const r of list(c.resources)) {
    const name = isObj(r) ? str(r.name) : undefined;
    if (!name || resourceByName.has(name)) continue;
    resourceByName.set(name, r as Obj);
    resources.push({ name, type: str((r as Obj).type) ?? "" });
  }
  const jobs: GraphJob[] = [];
  const inputs: GraphInput[] = [];
  const outputs: GraphOutput[] = [];
  const seenJobs = new Set<string>();
  for (const j of list(c.jobs)) {
    const name = isObj(j) ? str(j.name) : undefined;
    if (!name || seenJobs.has(name)) continue;
    seenJobs.add(name);
    const steps: StepLine[] = [];
    const visit = (step: unknown, depth: number): void => {
      if (!isObj(step)) return;
      steps.push(...describeStep(step, depth, resourceByName));
      collectIo(step, name, inputs, outputs);
      for (const child of childSteps(step)) {
        if (child.label) steps.push({ depth: depth + 1, kind: "hook", text: `${child.label}:` });
        visit(child.step, depth + (child.label ? 2 : 1));
      }
    };
    for (const step of list((j as Obj).plan)) visit(step, 0);
    for (const hook of HOOKS) {
      const h = (j as Obj)[hook];
      if (isObj(h)) {
        steps.push({ depth: 0, kind: "hook", text: `${hook}:` });
        visit(h, 1);
      }
    }
    jobs.push({ name, steps });
  }
  // a resource that only a step names (the config is invalid) is still drawn, as of unknown type
  const known = new Set(resources.map((r) => r.name));
  for (const io of [...inputs, ...outputs]) {
    if (!known.has(io.resource)) {
      known.add(io.resource);
      resources.push({ name: io.resource, type: "" });
    }
  }
  const groups: GraphGroup[] = [];
  for (const g of list(c.groups)) {
    const name = isObj(g) ? str(g.name) : undefined;
    if (!name || groups.some((x) => x.name === name)) continue;
    const members = list((g as Obj).jobs).filter((x): x is string => typeof x === "string");
    groups.push({
      name,
      jobs: expandGlobs(
        members,
        jobs.map((x) => x.name),
      ),
    });
  }
  return { jobs, resources, groups, inputs: dedupeInputs(inputs), outputs: dedupeOutputs(outputs) };
}

/** The steps nested in a step (in_parallel, do, try, hooks), in plan order. */
function childSteps(step: Obj): { step: unknown; label?: string }[] {
  const out: { step: unknown; label?: string }[] = [];
  const par = step.in_parallel;
  if (Array.isArray(par)) out.push(...par.map((s) => ({ step: s })));
  else if (isObj(par)) out.push(...list(par.steps).map((s) => ({ step: s })));
  if (Array.isArray(step.do)) out.push(...step.do.map((s) => ({ step: s })));
  if (isObj(step.try)) out.push({ step: step.try });
  for (const hook of HOOKS) if (isObj(step[hook])) out.push({ step: step[hook], label: hook });
  return out;
}

function collectIo(step: Obj, job: string, inputs: GraphInput[], outputs: GraphOutput[]): void {
  const get = str(step.get);
  if (get !== undefined) {
    const resource = str(step.resource) ?? get;
    const passed = list(step.passed).filter((x): x is string => typeof x === "string");
    inputs.push({ job, resource, trigger: step.trigger === true, passed });
  }
  const put = str(step.put);
  if (put !== undefined) outputs.push({ job, resource: str(step.resource) ?? put });
}

/** One input per job and resource: several gets of one resource merge (trigger if any triggers). */
function dedupeInputs(inputs: GraphInput[]): GraphInput[] {
  const byKey = new Map<string, GraphInput>();
  for (const i of inputs) {
    const key = `${i.job}\u0000${i.resource}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, i);
    else byKey.set(key, { ...prev, trigger: prev.trigger || i.trigger, passed: [...new Set([...prev.passed, ...i.passed])] });
  }
  return [...byKey.values()];
}

function dedupeOutputs(outputs: GraphOutput[]): GraphOutput[] {
  const seen = new Set<string>();
  return outputs.filter((o) => {
    const key = `${o.job}\u0000${o.resource}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Group job lists are gobwas globs (`build-*`), as in Concourse; they pick jobs in pipeline order. */
function expandGlobs(patterns: readonly string[], jobNames: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) {
    const re = compileGobwasGlob(p);
    for (const n of jobNames) if (re ? re.test(n) : n === p) out.add(n);
  }
  return [...out];
}
