/**
 * pipegen's own dataflow checks (not Concourse rules; Concourse checks neither, §3.7):
 * - `pipegen/task-input-not-produced`: a task input (through `input_mapping`), a `file:`/`image:` artifact, a
 *   put `inputs:` entry or a `set_pipeline`/`load_var` file that no earlier step of the job produces;
 * - `pipegen/unused-task-output`: an inline task output (through `output_mapping`) that no later step uses.
 * Artifacts come from get names, put names (unless `no_get`), task outputs; parallel branches do not see each
 * other's artifacts; names holding `((vars))` (across) are not checked. Uses that pipegen cannot see (a later
 * task from a `file:` whose inputs are unknown, a put with `inputs: all`/`detect`) count as uses.
 */
import type { DCore, DJob, DStep, DTask } from "../decoded";
import type { IssueCollector } from "../../collector";
import { suggestSimilar } from "../suggest";
import type { TaskFileReader, TaskFileShape } from "./task-files";

interface Producer {
  name: string;
  path: string;
  task: string;
  used: boolean;
}
type Avail = Map<string, Producer | null>;
/**
 * In `avail` once a step whose outputs pipegen cannot know has run (a task from a `file:` nobody mapped with
 * `taskFiles`, a `run` step): from then on any artifact may exist, so no missing input is reported.
 */
const ANY = "\0any";

/** `taskFiles` reads the task files of mapped artifacts (`--task-files ci=./ci`); without it they are unknown. */
export function checkDataflow(r: IssueCollector, jobs: readonly DJob[], taskFiles?: TaskFileReader): void {
  for (let j = 0; j < jobs.length; j++) new JobFlow(r, jobs[j]!, taskFiles).run();
}

class JobFlow {
  private readonly outputs: Producer[] = [];
  constructor(
    private readonly r: IssueCollector,
    private readonly job: DJob,
    private readonly taskFiles: TaskFileReader | undefined,
  ) {}

  run(): void {
    let avail: Avail = new Map();
    const plan = this.job.plan;
    for (let i = 0; i < plan.length; i++) avail = this.step(plan[i]!, avail);
    const afterPlan = avail;
    for (let i = 0; i < this.job.hooks.length; i++) avail = union(avail, this.step(this.job.hooks[i]!.step, new Map(afterPlan)));
    for (let i = 0; i < this.outputs.length; i++) {
      const out = this.outputs[i]!;
      if (!out.used)
        this.r.warning(
          "pipegen/unused-task-output",
          out.path,
          `output '${out.name}' of task '${out.task}' is not used by any later step of job '${this.job.name}'`,
        );
    }
  }

  private step(step: DStep | null, avail: Avail): Avail {
    if (!step || !step.core) {
      // a step Concourse cannot decode (an error of its own, e.g. the removed `aggregate:`) may have held gets
      avail.set(ANY, null);
      return avail;
    }
    // every caller hands over an `avail` of its own (a copy where it keeps the original), so no copy here
    const retried = step.wrappers.some((w) => w.kind === "attempts" && (w.attempts ?? 0) > 1);
    let after = this.core(step.core, avail, retried);
    for (let i = step.wrappers.length - 1; i >= 0; i--) {
      const w = step.wrappers[i]!;
      if (w.kind === "hook") after = union(after, this.step(w.hook, new Map(after)));
    }
    return after;
  }

  private core(core: DCore, avail: Avail, retried = false): Avail {
    switch (core.kind) {
      case "get":
        if (core.name) avail.set(core.name, null);
        return avail;
      case "put": {
        const inputs = core.inputs;
        if (inputs?.specified) {
          for (let i = 0; i < inputs.specified.length; i++) {
            const name = inputs.specified[i]!;
            if (this.lacks(name, avail)) this.reportMissing(name, `${core.path}.inputs`, avail, `put '${core.name}' input`);
          }
        } else if (inputs?.all) this.useAll(avail);
        else this.useDetected(core.params, avail);
        if (core.name && !core.noGet) avail.set(core.name, null);
        return avail;
      }
      case "task":
        return this.task(core, avail, retried);
      case "set_pipeline":
        this.consumeFile(
          core.file,
          () => `${core.path}.file`,
          avail,
          () => `set_pipeline '${core.name}' file`,
        );
        core.varFiles.forEach((f, i) =>
          this.consumeFile(
            f,
            () => `${core.path}.var_files[${i}]`,
            avail,
            () => `set_pipeline '${core.name}' var file`,
          ),
        );
        return avail;
      case "load_var":
        this.consumeFile(
          core.file,
          () => `${core.path}.file`,
          avail,
          () => `load_var '${core.name}' file`,
        );
        return avail;
      case "try":
        return union(avail, this.step(core.step, new Map(avail)));
      case "do": {
        let cur = avail;
        for (const s of core.steps) cur = this.step(s, cur);
        return cur;
      }
      case "in_parallel": {
        let out = avail;
        for (const s of core.steps) out = union(out, this.step(s, new Map(avail)));
        return out;
      }
      case "run":
        // a prototype's outputs are unknown too
        avail.set(ANY, null);
        return avail;
    }
  }

  private task(core: DTask, avail: Avail, retried: boolean): Avail {
    // messages are built only for what is reported: most inputs are produced
    const what = () => `task '${core.name ?? ""}'`;
    if (core.file !== "")
      this.consumeFile(
        core.file,
        () => `${core.path}.file`,
        avail,
        () => `${what()} file`,
      );
    if (core.image && this.lacks(core.image, avail)) this.reportMissing(core.image, `${core.path}.image`, avail, `${what()} image`);
    const config = core.config;
    const read = !config && core.file !== "" && this.taskFiles ? this.taskFiles.read(core.file) : undefined;
    if (read?.kind === "ok") return this.fileTask(core, read.shape, avail, retried);
    if (read) {
      const code = read.kind === "missing" ? "pipegen/task-file-not-found" : "pipegen/invalid-task-file";
      this.r.warning(code, `${core.path}.file`, `${what()} file '${core.file}' (${read.file}): ${read.reason}`);
    }
    if (!config) {
      // A task file's inputs are unknown: its mapped inputs must exist, and it may use anything.
      for (const [key, artifact] of Object.entries(core.inputMapping)) {
        if (this.lacks(artifact, avail)) this.reportMissing(artifact, `${core.path}.input_mapping.${key}`, avail, `${what()} input '${key}'`);
      }
      this.useAll(avail);
      for (const artifact of Object.values(core.outputMapping)) avail.set(artifact, null);
      avail.set(ANY, null);
      return avail;
    }
    for (let i = 0; i < config.inputs.length; i++) {
      const input = config.inputs[i]!;
      if (input.name === "") continue;
      const mapped = own(core.inputMapping, input.name);
      const artifact = mapped ?? input.name;
      if (input.optional) this.markUsed(artifact, avail);
      else if (this.lacks(artifact, avail)) {
        const path = mapped !== undefined ? `${core.path}.input_mapping.${input.name}` : input.path;
        this.reportMissing(artifact, path, avail, `${what()} input '${input.name}'`);
      }
    }
    for (let i = 0; i < config.outputs.length; i++) {
      const output = config.outputs[i]!;
      if (output.name === "") continue;
      const artifact = own(core.outputMapping, output.name) ?? output.name;
      // with `attempts`, an output that is also an input feeds the next attempt (Concourse re-registers it)
      const feedsRetry = retried && config.inputs.some((input) => (own(core.inputMapping, input.name) ?? input.name) === artifact);
      const producer: Producer = { name: artifact, path: output.path, task: core.name ?? "", used: feedsRetry };
      if (!artifact.includes("((")) this.outputs.push(producer);
      avail.set(artifact, producer);
    }
    return avail;
  }

  /** A task whose config comes from a task file that was read: its inputs, outputs and params are known. */
  private fileTask(core: DTask, shape: TaskFileShape, avail: Avail, retried: boolean): Avail {
    const at = `${core.path}.file`;
    const what = `task '${core.name ?? ""}'`;
    for (const input of shape.inputs) {
      const mapped = own(core.inputMapping, input.name);
      const artifact = mapped ?? input.name;
      if (input.optional) this.markUsed(artifact, avail);
      else if (this.lacks(artifact, avail))
        this.reportMissing(
          artifact,
          mapped !== undefined ? `${core.path}.input_mapping.${input.name}` : at,
          avail,
          `${what} input '${input.name}' (from ${core.file})`,
        );
    }
    if (shape.params && core.params) {
      for (const key of Object.keys(core.params)) {
        if (shape.params.includes(key)) continue;
        this.r.warning(
          "pipegen/undeclared-task-param",
          `${core.path}.params.${key}`,
          `param '${key}' of ${what} is not declared in ${core.file}`,
          suggestSimilar(key, shape.params),
        );
      }
    }
    for (const output of shape.outputs) {
      const artifact = own(core.outputMapping, output) ?? output;
      const feedsRetry = retried && shape.inputs.some((input) => (own(core.inputMapping, input.name) ?? input.name) === artifact);
      const producer: Producer = { name: artifact, path: at, task: core.name ?? "", used: feedsRetry };
      if (!artifact.includes("((")) this.outputs.push(producer);
      avail.set(artifact, producer);
    }
    return avail;
  }

  /**
   * Uses an artifact: true when it should be there but is not (the caller reports it); otherwise marks its
   * producer used. Names holding ((vars)) are not checked.
   */
  private lacks(artifact: string, avail: Avail): boolean {
    if (artifact === "" || artifact.includes("((")) return false;
    if (!avail.has(artifact)) return !avail.has(ANY);
    this.markUsed(artifact, avail);
    return false;
  }

  private reportMissing(artifact: string, path: string, avail: Avail, what: string): void {
    const hint = suggestSimilar(
      artifact,
      [...avail.keys()].filter((k) => k !== ANY),
    );
    const named = what.endsWith(`'${artifact}'`) ? "" : ` (artifact '${artifact}')`;
    this.r.warning("pipegen/task-input-not-produced", path, `${what}${named} is not produced by any earlier step of job '${this.job.name}'`, hint);
  }

  /** `<artifact>/path/to/file`: the artifact must exist. */
  private consumeFile(file: string, path: () => string, avail: Avail, what: () => string): void {
    if (file === "" || file.includes("((")) return;
    const slash = file.indexOf("/");
    const artifact = slash < 0 ? file : file.slice(0, slash);
    if (artifact === "" || artifact === "." || artifact === "..") return;
    if (this.lacks(artifact, avail)) this.reportMissing(artifact, path(), avail, what());
  }

  private markUsed(artifact: string, avail: Avail): void {
    const producer = avail.get(artifact);
    if (producer) producer.used = true;
  }
  private useAll(avail: Avail): void {
    for (const producer of avail.values()) if (producer) producer.used = true;
  }
  /** put `inputs: detect` (the default): artifacts named as the first path segment of any param string. */
  private useDetected(value: unknown, avail: Avail): void {
    if (typeof value === "string") {
      const v = value.startsWith("./") ? value.slice(2) : value;
      const slash = v.indexOf("/");
      this.markUsed(slash < 0 ? v : v.slice(0, slash), avail);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.useDetected(value[i], avail);
    } else if (value && typeof value === "object") {
      for (const key in value) this.useDetected((value as Record<string, unknown>)[key], avail);
    }
  }
}

/** An own entry of a string map (an input named `constructor` is not Object.prototype's). */
function own(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function union(a: Avail, b: Avail): Avail {
  if (a === b) return a;
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k) || v) out.set(k, v);
  return out;
}
