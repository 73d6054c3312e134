/** Var sources (concourse-spec.md §2.6); their fields are in the table (`format.ts`). */

/** The credential manager types a pipeline may declare (§2.6). */
export const VAR_SOURCE_TYPES = ["vault", "dummy", "ssm", "secretsmanager", "idtoken"] as const;
