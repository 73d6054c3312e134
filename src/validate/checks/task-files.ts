/**
 * Task configs read from a local checkout: `taskFiles` maps an artifact (`ci`) to a directory, so the task
 * `file: ci/tasks/build.yml` is read from `<dir>/tasks/build.yml`, and the dataflow check can see its inputs,
 * outputs and params instead of assuming it may produce anything.
 */
import * as path from "node:path";
import { isObject } from "../../object";

/** What the dataflow check needs of a task file. */
export interface TaskFileShape {
  readonly inputs: readonly { readonly name: string; readonly optional: boolean }[];
  readonly outputs: readonly string[];
  /** The params the file declares, or undefined when it declares none. */
  readonly params: readonly string[] | undefined;
}

/** A task file read: its shape, or why it could not be used. */
export type TaskFileRead =
  | { readonly kind: "ok"; readonly file: string; readonly shape: TaskFileShape }
  | { readonly kind: "missing" | "invalid"; readonly file: string; readonly reason: string };

/** Reads task files through an artifact → directory map; each file once per validation. */
export class TaskFileReader {
  private readonly cache = new Map<string, TaskFileRead>();
  constructor(private readonly dirs: Readonly<Record<string, string>>) {}

  /** The read of the task file `artifact/rest`, or undefined when its artifact is not mapped (or holds vars). */
  read(file: string): TaskFileRead | undefined {
    if (file.includes("((")) return undefined;
    const slash = file.indexOf("/");
    if (slash <= 0) return undefined;
    const dir = Object.prototype.hasOwnProperty.call(this.dirs, file.slice(0, slash)) ? this.dirs[file.slice(0, slash)] : undefined;
    if (dir === undefined) return undefined;
    const local = path.join(dir, file.slice(slash + 1));
    let known = this.cache.get(local);
    if (!known) {
      known = readShape(local);
      this.cache.set(local, known);
    }
    return known;
  }
}

function readShape(file: string): TaskFileRead {
  // the YAML reader is loaded lazily (dist/features.js), and only task files need it here
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readTaskYaml } = require("../../yaml/read") as typeof import("../../yaml/read");
  const { readYamlFile, YamlFileError } = require("../../yaml/read-file") as typeof import("../../yaml/read-file");
  const { FLY_YAML_PREFIX } = require("../../yaml/go-reader") as typeof import("../../yaml/go-reader");
  /* eslint-enable @typescript-eslint/no-require-imports */
  let text: string;
  try {
    // bounded, and refused as Concourse refuses it when it is not UTF-8 (go-yaml's message, with where)
    text = readYamlFile(file);
  } catch (err) {
    if (!(err instanceof YamlFileError)) throw err;
    const code = err.errno;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", file, reason: "no such file" };
    // (the bytes' line:col; go-yaml's words without the prefix fly gives them for pipeline files, as below)
    if (err.issueCode) return { kind: "invalid", file, reason: `${err.file.slice(file.length + 1)}: ${err.reason.replace(FLY_YAML_PREFIX, "yaml: ")}` };
    return { kind: "invalid", file, reason: err.reason };
  }
  const read = readTaskYaml(text, file);
  const problem = read.issues.find((i) => i.severity === "error");
  if (problem) return { kind: "invalid", file, reason: problem.message.replace(FLY_YAML_PREFIX, "yaml: ") };
  const value = read.value;
  if (!isObject(value)) return { kind: "invalid", file, reason: "not a mapping" };
  const inputs: { name: string; optional: boolean }[] = [];
  const outputs: string[] = [];
  for (const key of ["inputs", "outputs"] as const) {
    const list = value[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return { kind: "invalid", file, reason: `${key} is not a list` };
    for (const item of list) {
      if (!isObject(item) || typeof item.name !== "string") return { kind: "invalid", file, reason: `${key} has an entry without a name` };
      if (key === "inputs") inputs.push({ name: item.name, optional: item.optional === true });
      else outputs.push(item.name);
    }
  }
  const params = isObject(value.params) ? Object.keys(value.params) : undefined;
  return { kind: "ok", file, shape: { inputs, outputs, params } };
}
