/**
 * Shapes shared by several Concourse objects (concourse-spec.md §2 conventions).
 *
 * Every schema in `src/model/` describes the pipeline exactly as Concourse reads it (snake_case keys,
 * `((vars))` as literal strings). Builders in `src/dsl/` produce objects of these types; the JSON Schema
 * (`pipegen schema`) and the runtime checks come from the same definitions.
 */
import * as z from "zod";

/** Identifier fields (names of jobs, resources, steps…). Checked by the identifier rule, not here (§3.4). */
export const Identifier = z
  .string()
  .meta({ description: "A Concourse identifier: lowercase letters, digits, '-', '_' and '.', starting with a letter or digit." });

/** A Go duration string such as `1h30m`, `90s` or `500ms`. */
export const Duration = z.string().meta({ description: "A Go duration such as 90s, 1h30m or 500ms." });

/** Free-form map passed through to a resource or task untouched (`source`, `params`, `vars`…). */
export const FreeMap = z.record(z.string(), z.unknown());
export type FreeMap = z.infer<typeof FreeMap>;

/** A map of strings to strings (`version` pins, `input_mapping`…). */
export const StringMap = z.record(z.string(), z.string());
export type StringMap = z.infer<typeof StringMap>;

/** Worker tags. */
export const Tags = z.array(z.string());

/**
 * Task params (`TaskEnv`): every value is coerced to a string by Concourse (§5.3), so any scalar,
 * list or map is accepted.
 */
export const TaskEnv = z.record(z.string(), z.unknown());
export type TaskEnv = z.infer<typeof TaskEnv>;

/** A resource version pin: Concourse coerces scalars to strings outside steps. */
export const ResourceVersion = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** `check_every`: a duration or `never`. */
export const CheckEvery = z.string().meta({ description: "How often to check: a Go duration, or 'never'." });
