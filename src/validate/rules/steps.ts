/**
 * Steps: concourse-spec.md §3.5 S1–S23 and warnings W3–W5 (atc `StepValidator`), plus the step identifier rule
 * (§3.4). Messages carry Concourse's context (`jobs.build.plan.do[0].get(repo): …`, §3.1); issue paths point
 * at the offending field. Visiting order follows Concourse: inner step first, then modifier checks, then hooks.
 */
import type { DCore, DJob, DStep, DWrapper } from "../decoded";
import { parseGoDuration } from "../../go-duration";
import { suggestSimilar } from "../suggest";
import { ALL_STEP_KEYS, OWNED_KEYS } from "../decode/step";
import { TASK_CONFIG_FIELDS } from "../decode/task-config";
import { HOOKS, MODIFIERS } from "../../model/format";
import { isPlainIdentifier, validateIdentifier } from "./identifier";
import type { RuleContext } from "./context";
import type { IssueCode } from "../codes";

/**
 * A part of the message context (`jobs.build.plan.do[0].get(repo)`), kept unformatted until a message needs
 * it: a fixed text, an index (`[n]`), a core step (`.get(repo)`), or a function giving the text.
 */
type ContextPart = string | number | DCore | (() => string);

function partText(part: ContextPart): string {
  if (typeof part === "string") return part;
  if (typeof part === "number") return `[${part}]`;
  if (typeof part === "function") return part();
  if (part.kind === "run") return `.run(${part.type ?? ""}.${part.message ?? ""})`;
  const name = "name" in part ? part.name : undefined;
  return `.${part.kind}(${name ?? ""})`;
}

export class StepValidator {
  private readonly context: ContextPart[];
  private readonly seenGetNames = new Set<string>();
  /** local var scopes (across, load_var), made when the first is declared */
  private scopes: Array<Set<string>> | null = null;

  constructor(
    private readonly ctx: RuleContext,
    context: ContextPart[],
  ) {
    this.context = context;
  }

  /** The context as Concourse's message parts. */
  private contextTexts(): string[] {
    return this.context.map(partText);
  }

  /** Validates a job: its plan as the implicit `do`, then its hooks (on_success innermost … ensure outermost). */
  validateJob(job: DJob): void {
    this.push(".do");
    job.plan.forEach((step, i) => {
      this.push(i);
      this.validate(step);
      this.pop();
    });
    this.pop();
    for (const hook of job.hooks) {
      this.push(`.${hook.key}`);
      this.validate(hook.step);
      this.pop();
    }
  }

  private validate(step: DStep | null): void {
    if (!step) return;
    if (step.unknown.length > 0) {
      const keys = step.unknown;
      const path = keys.length === 1 ? `${step.path}.${keys[0]}` : step.path;
      const kind = step.core?.kind;
      const hints = keys
        .map((k) =>
          ALL_STEP_KEYS.includes(k)
            ? `'${k}' belongs to another kind of step, not to this ${kind} step (a step has exactly one of get, put, task, run, set_pipeline, load_var, try, do, in_parallel)`
            : suggestSimilar(k, kind ? [...OWNED_KEYS[kind], ...WRAPPER_KEYS] : ALL_STEP_KEYS),
        )
        .filter((h): h is string => h !== undefined);
      this.error(
        "concourse/unknown-field",
        path,
        `unknown fields [${keys.map((k) => JSON.stringify(k)).join(" ")}]`,
        hints.length > 0 ? hints.join(" ") : undefined,
      );
    }
    this.visitChain(step, 0);
  }

  private visitChain(step: DStep, i: number): void {
    if (i >= step.wrappers.length) {
      if (step.core) this.visitCore(step.core);
      return;
    }
    const w: DWrapper = step.wrappers[i]!;
    switch (w.kind) {
      case "hook":
        this.visitChain(step, i + 1);
        this.push(`.${w.key}`);
        this.validate(w.hook);
        this.pop();
        return;
      case "across":
        this.push(".across");
        (this.scopes ??= [new Set()]).push(new Set());
        if (w.vars.length === 0 && !w.failed) this.error("concourse/no-across-vars", w.path, "no vars specified");
        w.vars.forEach((v, j) => {
          this.push(j);
          this.declareLocalVar(v.name, `${v.path}.var`);
          this.push(".max_in_flight");
          if (v.maxInFlight && !v.maxInFlight.all && v.maxInFlight.limit <= 0)
            this.error("concourse/not-positive", `${v.path}.max_in_flight`, "must be greater than 0");
          this.pop();
          this.pop();
        });
        this.visitChain(step, i + 1);
        this.scopes!.pop();
        this.pop();
        return;
      case "attempts":
        this.visitChain(step, i + 1);
        this.push(".attempts");
        if (w.attempts !== undefined && w.attempts <= 0) this.error("concourse/not-positive", w.path, "must be greater than 0");
        this.pop();
        return;
      case "timeout":
        this.visitChain(step, i + 1);
        this.push(".timeout");
        if (w.duration !== undefined && "error" in parseGoDuration(w.duration))
          this.error("concourse/invalid-duration", w.path, `invalid duration '${w.duration}'`);
        this.pop();
        return;
    }
  }

  private visitCore(core: DCore): void {
    const { ctx } = this;
    switch (core.kind) {
      case "task": {
        this.push(core);
        if (core.name !== undefined) this.identifier(core.name, `${core.path}.task`);
        if (!core.failed || core.config !== null || core.file !== "") {
          if (core.config === null && core.file === "")
            this.error("concourse/task-config-source", `${core.path}.task`, "must specify either `file:` or `config:`");
          if (core.config !== null && core.file !== "")
            this.error("concourse/task-config-source", `${core.path}.file`, "must specify one of `file:` or `config:`, not both");
        }
        if (core.config !== null && core.config.hasImage && core.image !== "") {
          this.warning(
            "concourse/task-image-precedence",
            `${core.path}.image`,
            this.annotate("specifies image: on the step but also specifies an image under config: - the image: on the step takes precedence"),
          );
        }
        if (core.hermetic)
          this.warning("concourse/hermetic", `${core.path}.hermetic`, this.annotate("specifies `hermetic:` only works against worker containerd runtime"));
        const config = core.config;
        if (config) {
          this.push(".config");
          if (config.unknown.length > 0) {
            const path = config.unknown.length === 1 ? `${config.path}.${config.unknown[0]}` : config.path;
            const hints = config.unknown.map((k) => suggestSimilar(k, TASK_CONFIG_FIELDS)).filter((h): h is string => h !== undefined);
            this.error(
              "concourse/unknown-field",
              path,
              `unknown fields [${config.unknown.map((k) => JSON.stringify(k)).join(" ")}]`,
              hints.length > 0 ? hints.join(" ") : undefined,
            );
          }
          if (config.platform === "") this.error("concourse/invalid-task-config", config.path, "missing 'platform'");
          config.inputs.forEach((input, i) => {
            if (input.name === "") this.error("concourse/invalid-task-config", input.path, `  input in position ${i} is missing a name`);
          });
          config.outputs.forEach((output, i) => {
            if (output.name === "") this.error("concourse/invalid-task-config", output.path, `  output in position ${i} is missing a name`);
          });
          this.pop();
        }
        this.pop();
        return;
      }
      case "get": {
        this.push(core);
        if (core.name !== undefined) {
          this.identifier(core.name, `${core.path}.get`);
          if (this.seenGetNames.has(core.name)) this.error("concourse/repeated-name", `${core.path}.get`, "repeated name");
          this.seenGetNames.add(core.name);
        }
        const resource = core.resource !== undefined && core.resource !== "" ? core.resource : core.name;
        if (resource !== undefined && !ctx.resourceNames.has(resource)) {
          this.error(
            "concourse/unknown-resource",
            `${core.path}.${core.resourceKey}`,
            `unknown resource '${resource}'`,
            suggestSimilar(resource, ctx.resourceNames),
          );
        }
        this.push(".passed");
        core.passed.forEach((glob, i) => {
          const path = `${core.path}.passed[${i}]`;
          let found = false;
          for (const job of ctx.matchingJobs(glob)) {
            found = true;
            if (resource !== undefined && !ctx.jobResources.get(job)?.has(resource)) {
              this.error("concourse/passed-job-without-resource", path, `job '${job.name}' does not interact with resource '${resource}'`);
            }
          }
          if (!found) this.error("concourse/unknown-job", path, `no matching job(s) for '${glob}'`, suggestSimilar(glob, ctx.jobNames));
        });
        this.pop();
        this.pop();
        return;
      }
      case "put": {
        this.push(core);
        if (core.name !== undefined) this.identifier(core.name, `${core.path}.put`);
        const resource = core.resource !== undefined && core.resource !== "" ? core.resource : core.name;
        if (resource !== undefined && !ctx.resourceNames.has(resource)) {
          this.error(
            "concourse/unknown-resource",
            `${core.path}.${core.resourceKey}`,
            `unknown resource '${resource}'`,
            suggestSimilar(resource, ctx.resourceNames),
          );
        }
        this.pop();
        return;
      }
      case "run": {
        this.push(core);
        if (core.message !== undefined) {
          // An invalid message name is an error here, not a warning (S14).
          const result = isPlainIdentifier(core.message) ? undefined : validateIdentifier(core.message, this.contextTexts());
          if (result)
            this.error(
              core.message === "" ? "concourse/empty-identifier" : "concourse/invalid-identifier",
              `${core.path}.run`,
              "error" in result ? result.error : result.warning,
            );
        }
        if (core.type !== undefined && !ctx.prototypeNames.has(core.type)) {
          this.error("concourse/unknown-prototype", `${core.path}.type`, `unknown prototype '${core.type}'`, suggestSimilar(core.type, ctx.prototypeNames));
        }
        this.pop();
        return;
      }
      case "set_pipeline": {
        this.push(core);
        if (core.name !== undefined) this.identifier(core.name, `${core.path}.set_pipeline`);
        if (core.file === "" && !core.failed) this.error("concourse/missing-file", `${core.path}.set_pipeline`, "no file specified");
        this.pop();
        return;
      }
      case "load_var": {
        this.push(core);
        if (core.name !== undefined) {
          this.identifier(core.name, `${core.path}.load_var`);
          this.declareLocalVar(core.name, `${core.path}.load_var`);
        }
        if (core.file === "" && !core.failed) this.error("concourse/missing-file", `${core.path}.load_var`, "no file specified");
        this.pop();
        return;
      }
      case "try":
        this.push(".try");
        this.validate(core.step);
        this.pop();
        return;
      case "do":
        this.push(".do");
        core.steps.forEach((s, i) => {
          this.push(i);
          this.validate(s);
          this.pop();
        });
        this.pop();
        return;
      case "in_parallel":
        this.push(".in_parallel");
        core.steps.forEach((s, i) => {
          this.push(() => `.steps[${i}]`);
          this.validate(s);
          this.pop();
        });
        this.pop();
        return;
    }
  }

  /** The identifier rule for a step name; errors carry the context twice (the §3.4 quirk). */
  private identifier(name: string, path: string): void {
    if (isPlainIdentifier(name)) return;
    const result = validateIdentifier(name, this.contextTexts());
    if (!result) return;
    if ("error" in result) this.error("concourse/empty-identifier", path, result.error);
    else this.warning("concourse/invalid-identifier", path, result.warning);
  }

  private declareLocalVar(name: string, path: string): void {
    const scopes = (this.scopes ??= [new Set()]);
    const current = scopes[scopes.length - 1]!;
    if (current.has(name)) this.error("concourse/repeated-var-name", path, "repeated var name");
    else if (scopes.some((s) => s.has(name))) this.warning("concourse/var-shadowed", path, this.annotate(`shadows local var '${name}'`));
    current.add(name);
  }

  private annotate(message: string): string {
    return `${this.contextTexts().join("")}: ${message}`;
  }
  private error(code: IssueCode, path: string, message: string, hint?: string): void {
    this.ctx.r.error(code, path, this.annotate(message), hint);
  }
  private warning(code: IssueCode, path: string, message: string): void {
    this.ctx.r.warning(code, path, message);
  }
  private push(part: ContextPart): void {
    this.context.push(part);
  }
  private pop(): void {
    this.context.pop();
  }
}

/** Hooks and modifiers: keys any step may carry besides its kind's own. */
const WRAPPER_KEYS: readonly string[] = [...HOOKS, ...MODIFIERS];
