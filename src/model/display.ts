/** Display settings (concourse-spec.md §2.7). */
import * as z from "zod";

/** How the pipeline looks in the web UI (§2.7). */
export const Display = z.strictObject({
  /** URL of a background image: http, https or relative. */
  background_image: z.string().optional(),
  /** CSS filter applied to it. @default "opacity(30%) grayscale(100%)" */
  background_filter: z.string().optional(),
});
export type Display = z.infer<typeof Display>;
