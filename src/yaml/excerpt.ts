/** Caret excerpts for YAML problems, in the style of eemeli/yaml's `prettifyError` (trimmed to 80 columns). */

/** The source line `line` (1-based) with a caret under `column` (1-based), trimmed around the caret. */
export function caretExcerpt(text: string, line: number, column: number, width = 80): string {
  const lines = text.split(/\r?\n/);
  const src = (lines[line - 1] ?? "").replace(/\t/g, " ");
  let start = 0;
  let col = Math.max(1, column);
  if (src.length > width && col > width - 20) {
    start = Math.min(col - 1 - Math.floor(width / 2), src.length - width);
    if (start < 0) start = 0;
  }
  let shown = src.slice(start, start + width);
  if (start > 0) shown = "…" + shown.slice(1);
  if (start + width < src.length) shown = shown.slice(0, -1) + "…";
  col -= start;
  const gutter = `${line} | `;
  return `${gutter}${shown}\n${" ".repeat(gutter.length + col - 1)}^`;
}
