/** Var sources (concourse-spec.md §2.6). */
import * as z from "zod";
import { FreeMap, Identifier } from "./common";

/** The credential manager types a pipeline may declare (§2.6). */
export const VAR_SOURCE_TYPES = ["vault", "dummy", "ssm", "secretsmanager", "idtoken"] as const;

/** A source of `((name:path))` vars (§2.6). */
export const VarSource = z.strictObject({
  /** Name used as the prefix in `((name:path))`. */
  name: Identifier,
  /** `vault`, `dummy`, `ssm`, `secretsmanager` or `idtoken`. */
  type: z.string(),
  /** The credential manager's configuration. */
  config: FreeMap.nullable().optional(),
});
export type VarSource = z.infer<typeof VarSource>;
