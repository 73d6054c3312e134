/**
 * Assembles the generated file: the import of the builders, one statement per const (with the YAML comments above
 * it), the default export; then ts-morph's formatter (TypeScript's own) settles indentation and spacing. ts-morph,
 * and the TypeScript compiler it wraps, is loaded here, only when a file is imported.
 */
import type * as TsMorph from "ts-morph";
import type { Statement } from "./context";
import { commentLines, print, WIDTH } from "./expr";

export interface FileParts {
  /** Comment lines at the top of the file. */
  readonly header: readonly string[];
  readonly imports: readonly string[];
  readonly statements: readonly Statement[];
  /** Comment lines at the end of the file. */
  readonly trailer: readonly string[];
}

/** Generated text longer than this is not run through TypeScript's formatter (see `format`). */
export const FORMAT_LIMIT = 200_000;

let tsMorph: typeof TsMorph | undefined;
let project: TsMorph.Project | undefined;
/** Each file gets a fresh name: the formatter's language service caches documents by name. */
let fileCounter = 0;

function load(): { project: TsMorph.Project } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsMorph ??= require("ts-morph") as typeof TsMorph;
  project ??= new tsMorph.Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: { indentationText: tsMorph.IndentationText.TwoSpaces, quoteKind: tsMorph.QuoteKind.Double, useTrailingCommas: true },
  });
  return { project };
}

/** The text of the generated file. */
export function emitFile(parts: FileParts): string {
  const out: string[] = [];
  if (parts.header.length) out.push(commentLines(parts.header, "") + "\n");
  const oneLine = `import { ${parts.imports.join(", ")} } from "pipegen";\n`;
  out.push(oneLine.length <= WIDTH + 1 ? oneLine : `import {\n${parts.imports.map((i) => `  ${i},\n`).join("")}} from "pipegen";\n`);
  for (const s of parts.statements) {
    const head = s.name === undefined ? "export default " : `const ${s.name} = `;
    out.push(`\n${commentLines(s.leading ?? [], "")}${head}${print(s.init, "", head.length, 1)};\n`);
  }
  if (parts.trailer.length) out.push("\n" + commentLines(parts.trailer, ""));
  return format(out.join(""));
}

/**
 * Runs TypeScript's formatter (through ts-morph) over the text. The text is parsed by the compiler, never
 * re-written by a code writer, so template literals (scripts) stay byte for byte as they are.
 */
function format(text: string): string {
  // TypeScript's formatter takes seconds on megabytes of generated code (2 s for 250 KB); `print` has already
  // laid it out (on the corpus the formatter changes nothing), so past this size the text is kept as printed
  if (text.length > FORMAT_LIMIT) return text.endsWith("\n") ? text : text + "\n";
  const { project } = load();
  const file = project.createSourceFile(`imported-${++fileCounter}.ts`, text, { overwrite: true });
  try {
    file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
    return file.getFullText();
  } finally {
    project.removeSourceFile(file);
  }
}
