/** Options shared by the fly wrapper commands, mapped onto fly's own flags. */
import type { Command } from "commander";
import { splitPair } from "../lazy/fly";

export interface FlyFlags {
  target: string;
  pipeline: string;
  var: string[];
  yamlVar: string[];
  loadVarsFrom: string[];
  instanceVar: string[];
  team?: string;
  export?: string;
  fly?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `-t -p -v -y -l -i --team --export --fly`, as fly spells them. */
export function addFlyPipelineOptions(cmd: Command): Command {
  return cmd
    .requiredOption("-t, --target <name>", "fly target (a name in ~/.flyrc)")
    .requiredOption("-p, --pipeline <name>", "pipeline name")
    .option("-v, --var <name=value>", "a string var, passed to fly as -v (repeatable)", collect, [])
    .option("-y, --yaml-var <name=yaml>", "a YAML var, passed to fly as -y (repeatable)", collect, [])
    .option("-l, --load-vars-from <file>", "a YAML file of vars, passed to fly as -l (repeatable; later files win)", collect, [])
    .option("-i, --instance-var <name=yaml>", "an instance var, passed to fly as -i (repeatable; Concourse 7+)", collect, [])
    .option("--team <name>", "the team owning the pipeline, if not the target's (Concourse 6.4+; 7.0+ for diff)")
    .option("-e, --export <name>", "use this named export of a .ts file instead of the default export")
    .option("--fly <path>", "the fly executable to run (default: fly on PATH)");
}

/** The var flags as name/value pairs (usage error on a missing '='). */
export function pairs(flags: FlyFlags) {
  return {
    vars: flags.var.map((v) => splitPair(v, "-v")),
    yamlVars: flags.yamlVar.map((v) => splitPair(v, "-y")),
    varFiles: flags.loadVarsFrom,
    instanceVars: flags.instanceVar.map((v) => splitPair(v, "-i")),
  };
}

/** Colour on a terminal unless NO_COLOR; `--color`/`--no-color` decide otherwise. */
export function useColor(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}
