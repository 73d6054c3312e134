/** Groups (concourse-spec.md §2.5). */
import * as z from "zod";
import { Identifier } from "./common";

/** A tab in the web UI that shows some jobs (§2.5). */
export const Group = z.strictObject({
  /** Group name, unique. */
  name: Identifier,
  /** Job names or globs (`*`, `?`, `[a-z]`, `{a,b}`); each must match a job. */
  jobs: z.array(z.string()).optional(),
  /** Resource names shown in the group. */
  resources: z.array(z.string()).optional(),
});
export type Group = z.infer<typeof Group>;
