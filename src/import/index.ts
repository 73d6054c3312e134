/**
 * `pipegen import`: Concourse YAML (a pipeline, or a standalone task file) → TypeScript written with pipegen's
 * builders, as a person would write it. The contract is the round trip: rendering the generated file gives back the
 * object Concourse reads from the input (anchors and merge keys expanded, ignored top-level keys dropped).
 */
import type { PipelineIssue } from "../issues";
import { CommentIndex } from "./comments";
import { ImportContext, Loc, type Statement } from "./context";
import { emitFile } from "./emit";
import { call } from "./expr";
import type { NameStyle } from "./names";
import { convertPipeline } from "./pipeline";
import { readImportInput } from "./read";
import { TaskConverter } from "./task";

export { NAME_STYLES, type NameStyle } from "./names";

/** Options of `importYaml()`. */
export interface ImportOptions {
  /** The input's file name, for messages. @default "<input>" */
  readonly file?: string;
  /** How consts are named: `camel` (`unitTestsJob`) or `snake` (`unit_tests_job`). @default "camel" */
  readonly nameStyle?: NameStyle;
}

/** The generated TypeScript and what the user should know about it. */
export interface ImportResult {
  /** What the input was: a pipeline (`export default pipeline(...)`) or a task file (`export default taskConfig(...)`). */
  readonly kind: "pipeline" | "task";
  /** The TypeScript source. */
  readonly code: string;
  /** Notes (all warnings): dropped keys, legacy syntax rewritten, values kept with a cast… */
  readonly issues: readonly PipelineIssue[];
}

/**
 * Converts Concourse YAML to TypeScript. Throws a `PipegenError` (one line, with file:line:col when known) for
 * input that is not YAML, or neither a pipeline nor a task config.
 */
export function importYaml(text: string, options: ImportOptions = {}): ImportResult {
  const file = options.file ?? "<input>";
  const input = readImportInput(text, file);
  const comments = CommentIndex.build(text, input.offsets);
  const ctx = new ImportContext(comments, options.nameStyle ?? "camel");
  let statements: Statement[];
  if (input.kind === "pipeline") {
    statements = convertPipeline(input.value, ctx);
  } else {
    const tasks = new TaskConverter(ctx, { resourceTypes: new Map() });
    statements = ctx.statement(() => ({ init: call(ctx.use("taskConfig"), tasks.configObject(input.value, Loc.root, "")) }));
  }
  const trailer = comments.takeUnder("");
  const code = emitFile({ header: comments.header, imports: ctx.importedBuilders(), statements, trailer });
  return { kind: input.kind, code, issues: [...input.warnings, ...ctx.issues] };
}
