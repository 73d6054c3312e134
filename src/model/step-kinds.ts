/**
 * Step kinds and the keys each owns (concourse-spec.md §2.8), as plain data: the validator needs them at run time
 * without building the zod schemas.
 */

/**
 * The key that names each step kind, in Concourse's detection precedence (§2.8).
 * `timeout` sits between `get` and `set_pipeline` as a wrapper and is not a kind.
 */
export const STEP_KINDS = ["run", "task", "put", "get", "set_pipeline", "load_var", "try", "do", "in_parallel"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Wrapper keys, outermost first (§2.8). */
export const STEP_WRAPPERS = ["ensure", "on_error", "on_abort", "on_failure", "on_success", "across", "attempts"] as const;
export const STEP_HOOKS = ["on_success", "on_failure", "on_abort", "on_error", "ensure"] as const;
export type StepHook = (typeof STEP_HOOKS)[number];

/** Keys each kind owns (§2.8 table); anything else that no wrapper owns is an unknown field. */
export const STEP_OWNED_KEYS: Record<StepKind, readonly string[]> = {
  run: ["run", "type", "params", "privileged", "tags", "container_limits", "timeout"],
  task: [
    "task",
    "privileged",
    "hermetic",
    "file",
    "container_limits",
    "config",
    "params",
    "vars",
    "tags",
    "input_mapping",
    "output_mapping",
    "image",
    "timeout",
  ],
  put: ["put", "resource", "params", "inputs", "tags", "get_params", "timeout", "no_get"],
  get: ["get", "resource", "version", "params", "passed", "trigger", "tags", "timeout"],
  set_pipeline: ["set_pipeline", "file", "team", "vars", "var_files", "instance_vars"],
  load_var: ["load_var", "file", "format", "reveal"],
  try: ["try"],
  do: ["do", "tags"],
  in_parallel: ["in_parallel", "tags"],
};

/** Returns the kind of a step object by Concourse's precedence, or undefined when it has none. */
export function stepKind(step: object): StepKind | undefined {
  for (const kind of STEP_KINDS) if (Object.prototype.hasOwnProperty.call(step, kind)) return kind;
  return undefined;
}
