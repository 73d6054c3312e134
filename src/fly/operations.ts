/**
 * The fly wrappers as library functions (the CLI commands and `set-all`/`diff-all` call these):
 * `flySetPipeline` renders, checks and hands the pipeline to `fly set-pipeline`; `flyDiff` compares it with what
 * the target runs; `crossCheckWithFly` asks `fly validate-pipeline --strict` for a second opinion.
 */
import { parse as parseYaml } from "yaml";
import { ExitCode, PipegenError } from "../errors";
import { setPipelineArgv, getPipelineArgv, shellCommand, validatePipelineArgv } from "./args";
import { requireFlyTarget, tokenWarning } from "./flyrc";
import { findFly, requireFly } from "./locate";
import { normalizeConfig, unwrapDeployedConfig } from "./normalize";
import { OutputRedactor } from "./output-filter";
import { preparePipeline, warningLines } from "./pipeline-source";
import { isSecretKey, looksLikeSecretValue } from "./credential-fields";
import { REDACTED, redactConfig, SecretSet, secretVarValues } from "./redact";
import { runFly } from "./run";
import { diffConfigs, type Change } from "./structural-diff";
import { writePrivateTempFile } from "./temp-file";
import { allVars, interpolate, parseYamlValue, varLayers } from "./vars";

/** Where a wrapper writes its messages (stderr by default). */
export type MessageSink = (line: string) => void;
const toStderr: MessageSink = (line) => process.stderr.write(line + "\n");

/** Options shared by the wrappers: which pipeline, where, with which vars. */
export interface FlyPipelineOptions {
  /** The `.ts` or YAML pipeline file. */
  readonly file: string;
  /** The named export of a `.ts` file. @default "default" */
  readonly exportName?: string;
  /** fly target (`-t`), a name in ~/.flyrc. */
  readonly target: string;
  /** Pipeline name (`-p`). */
  readonly pipeline: string;
  /** `--team`, when not the target's own team. */
  readonly team?: string;
  /** `-v name=value` pairs. */
  readonly vars?: readonly (readonly [string, string])[];
  /** `-y name=yaml` pairs (YAML text). */
  readonly yamlVars?: readonly (readonly [string, string])[];
  /** `-l` var files. */
  readonly varFiles?: readonly string[];
  /** `-i name=yaml` instance vars (YAML text). */
  readonly instanceVars?: readonly (readonly [string, string])[];
  /** The fly executable. @default `fly` on PATH */
  readonly fly?: string;
  readonly messages?: MessageSink;
  readonly env?: NodeJS.ProcessEnv;
}

export interface FlySetPipelineOptions extends FlyPipelineOptions {
  /** `-n`: apply without asking. */
  readonly nonInteractive?: boolean;
  /** `--check-creds`. */
  readonly checkCreds?: boolean;
  /** Print the fly command instead of running it. */
  readonly dryRun?: boolean;
  /** Redact credentials in fly's output (fly prints changed resources in full, secrets included). @default true */
  readonly redact?: boolean;
  /** Written to for `dryRun` (stdout by default). */
  readonly output?: (text: string) => void;
}

export interface FlySetPipelineResult {
  /** fly's exit code (0 for a dry run). */
  readonly exitCode: number;
  /** The fly command line (argv after the executable). */
  readonly argv: readonly string[];
  /** Set when pipegen was interrupted (the signal was forwarded to fly). */
  readonly interrupted?: NodeJS.Signals;
}

/** The fly flags' vars as fly will read them, and the credentials among them. */
function readVars(o: FlyPipelineOptions) {
  const layers = varLayers({
    vars: Object.fromEntries(o.vars ?? []),
    yamlVars: Object.fromEntries((o.yamlVars ?? []).map(([k, v]) => [k, parseYamlValue(v)])),
    varFiles: o.varFiles,
    instanceVars: Object.fromEntries((o.instanceVars ?? []).map(([k, v]) => [k, parseYamlValue(v)])),
  });
  return layers;
}

function checkPipelineName(name: string): void {
  if (name === "") throw new PipegenError("pipegen.usage", "the pipeline name (-p) cannot be empty", { exitCode: ExitCode.usage });
  if (name.includes("/"))
    throw new PipegenError("pipegen.usage", `pipeline name '${name}' cannot contain '/' (fly reads what follows '/' as instance vars; use -i)`, {
      exitCode: ExitCode.usage,
    });
}

function checkTarget(o: FlyPipelineOptions, say: MessageSink): void {
  const target = requireFlyTarget(o.target, o.env);
  const warning = tokenWarning(target);
  if (warning) say(`pipegen: warning: ${warning}`);
}

/** Renders, checks and sets a pipeline with `fly set-pipeline`; always removes the temporary file. */
export async function flySetPipeline(o: FlySetPipelineOptions): Promise<FlySetPipelineResult> {
  const say = o.messages ?? toStderr;
  checkPipelineName(o.pipeline);
  const prepared = await preparePipeline(o.file, { exportName: o.exportName, action: "fly was not run" });
  const layers = readVars(o);
  // what fly will send: the config with the vars filled in; its credentials, and credential-named vars
  const secrets = new SecretSet();
  redactConfig(interpolate(prepared.config, layers), secrets);
  secretVarValues(allVars(layers), secrets);
  for (const w of warningLines(prepared.issues)) say(secrets.scrub(w));

  if (o.dryRun) {
    const fly = o.fly ?? "fly";
    const source = prepared.kind === "yaml" ? o.file : `<(pipegen render ${shellCommand([o.file, ...(o.exportName ? ["--export", o.exportName] : [])])})`;
    const argv = setPipelineArgv({ ...flagArgs(o), configFile: "\0" });
    // what is printed has its credentials redacted: `-v aws-secret-access-key=<redacted>` (the README promises it)
    const shown = setPipelineArgv({ ...flagArgs(o), ...redactedVarFlags(o, secrets), configFile: "\0" });
    // the config argument is a bash/zsh process substitution for .ts input, so it cannot be quoted as a word
    const line = [shellCommand([fly]), ...shown.map((a) => (a === "\0" ? source : shellCommand([a])))].join(" ");
    (o.output ?? ((t) => process.stdout.write(t)))(line + "\n");
    try {
      checkTarget(o, say);
    } catch (err) {
      say(`pipegen: warning: ${(err as Error).message}`);
    }
    return { exitCode: 0, argv };
  }

  const fly = requireFly(o.fly, o.target, o.env);
  checkTarget(o, say);
  const tmp = prepared.kind === "module" ? writePrivateTempFile(`${o.pipeline}.yml`, prepared.yaml) : undefined;
  try {
    const argv = setPipelineArgv({ ...flagArgs(o), configFile: tmp ? tmp.path : o.file });
    const redact =
      o.redact === false
        ? undefined
        : {
            stdout: new OutputRedactor(secrets, (t) => process.stdout.write(t)),
            stderr: new OutputRedactor(secrets, (t) => process.stderr.write(t)),
          };
    const result = await runFly({ fly, argv, mode: "stream", redact, env: o.env });
    return { exitCode: result.code, argv, ...(result.interrupted ? { interrupted: result.interrupted } : {}) };
  } finally {
    tmp?.remove();
  }
}

/**
 * The `-v`/`-y`/`-i` pairs with credential values replaced by `<redacted>`: a var whose name says it is a credential
 * (the same classifier as everywhere else), a value that fills a credential field of the pipeline, or a value that
 * looks like one (a PEM key, an AWS key id).
 */
function redactedVarFlags(o: FlySetPipelineOptions, secrets: SecretSet) {
  const redactPairs = (pairs: readonly (readonly [string, string])[] | undefined) =>
    pairs?.map(([k, v]): [string, string] => {
      const secretName = isSecretKey(k) || isSecretKey(k.split(".").pop() ?? k);
      return [k, secretName || secrets.has(v) || looksLikeSecretValue(v) || secrets.scrub(v) !== v ? REDACTED : v];
    });
  return { vars: redactPairs(o.vars), yamlVars: redactPairs(o.yamlVars), instanceVars: redactPairs(o.instanceVars) };
}

function flagArgs(o: FlySetPipelineOptions) {
  return {
    target: o.target,
    pipeline: o.pipeline,
    vars: o.vars,
    yamlVars: o.yamlVars,
    varFiles: o.varFiles,
    instanceVars: o.instanceVars,
    team: o.team,
    nonInteractive: o.nonInteractive,
    checkCreds: o.checkCreds,
  };
}

export interface FlyDiffResult {
  /** False when the target has no such pipeline yet (everything shows as added). */
  readonly exists: boolean;
  /** Deployed → rendered, with credentials redacted. */
  readonly changes: readonly Change[];
  /** Every credential value seen, to scrub any further text printed about this pipeline. */
  readonly secrets: SecretSet;
}

/** Compares the rendered pipeline with the one the target runs (`fly get-pipeline --json`). */
export async function flyDiff(o: FlyPipelineOptions): Promise<FlyDiffResult> {
  const say = o.messages ?? toStderr;
  checkPipelineName(o.pipeline);
  const prepared = await preparePipeline(o.file, { exportName: o.exportName, action: "nothing was compared" });
  const layers = readVars(o);
  const early = new SecretSet();
  redactConfig(interpolate(prepared.config, layers), early);
  secretVarValues(allVars(layers), early);
  for (const w of warningLines(prepared.issues)) say(early.scrub(w));
  const fly = requireFly(o.fly, o.target, o.env);
  checkTarget(o, say);
  const instanceVars = Object.fromEntries((o.instanceVars ?? []).map(([k, v]) => [k, parseYamlValue(v)]));

  const argv = getPipelineArgv({ target: o.target, pipeline: o.pipeline, team: o.team, instanceVars });
  const got = await runFly({ fly, argv, mode: "capture", env: o.env });
  if (got.interrupted) throw new PipegenError("pipegen.interrupted", "interrupted", { exitCode: got.code });
  let deployed: unknown = {};
  let exists = true;
  if (got.code !== 0) {
    if (/pipeline not found/.test(got.stderr)) exists = false;
    else throw new PipegenError("pipegen.flyFailed", `fly get-pipeline failed (exit ${got.code}): ${firstLines(got.stderr || got.stdout)}`);
  } else {
    try {
      deployed = unwrapDeployedConfig(JSON.parse(got.stdout));
    } catch {
      throw new PipegenError("pipegen.flyFailed", `fly get-pipeline --json did not print JSON: ${firstLines(got.stdout)}`);
    }
  }

  const before = normalizeConfig(deployed);
  const after = normalizeConfig(interpolate(prepared.config, layers));
  const secrets = new SecretSet();
  secretVarValues(allVars(layers), secrets);
  redactConfig(before, secrets);
  redactConfig(after, secrets);
  // a second pass, now that the secrets of both sides are known, scrubs each from the other
  const redBefore = redactConfig(before, secrets).config;
  const redAfter = redactConfig(after, secrets).config;
  return { exists, changes: diffConfigs(before, after, redBefore, redAfter), secrets };
}

function firstLines(text: string): string {
  const lines = text
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "");
  return lines.slice(0, 3).join(" / ") || "(no output)";
}

export interface CrossCheckOptions {
  /** Run `--strict` (unknown keys anywhere and warnings fail). Pass pipegen's strict verdict then. @default true */
  readonly strict?: boolean;
  /** The fly executable. @default `fly` on PATH */
  readonly fly?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `fly validate-pipeline --strict` on rendered YAML, when fly is installed, and says whether fly agrees with
 * pipegen's verdict. `ran` is false when there is no fly (then `agree` is true: nothing disagrees).
 */
export async function crossCheckWithFly(
  yaml: string,
  pipegenValid: boolean,
  options: CrossCheckOptions = {},
): Promise<{ ran: boolean; agree: boolean; flyOutput: string }> {
  const fly = findFly(options.fly, options.env);
  if (!fly) return { ran: false, agree: true, flyOutput: "" };
  const tmp = writePrivateTempFile("pipeline.yml", yaml);
  try {
    const argv = validatePipelineArgv(tmp.path).filter((a) => options.strict !== false || a !== "--strict");
    const r = await runFly({ fly, argv, mode: "capture", env: options.env });
    const flyValid = r.code === 0;
    const secrets = new SecretSet();
    redactConfig(safeParse(yaml), secrets);
    const flyOutput = secrets.scrub((r.stdout + r.stderr).split(tmp.path).join("<rendered pipeline>"));
    return { ran: true, agree: flyValid === pipegenValid, flyOutput };
  } finally {
    tmp.remove();
  }
}

function safeParse(yaml: string): unknown {
  try {
    return parseYaml(yaml);
  } catch {
    return {};
  }
}
