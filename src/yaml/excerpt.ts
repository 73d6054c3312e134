/** Caret excerpts for YAML problems, in the style of eemeli/yaml's `prettifyError` (trimmed to 80 columns). */

/** The source line `line` (1-based) with a caret under `column` (1-based), trimmed around the caret. */
export function caretExcerpt(text: string, line: number, column: number, width = 80): string {
  return excerptOf(lineAt(text, line), line, column, width);
}

/**
 * The same excerpt, cut from `text` with line starts already known (the `yaml` LineCounter's `lineStarts`), so a
 * file with 20,000 issues is not split into lines 20,000 times.
 */
export function caretExcerptAt(text: string, lineStarts: readonly number[], line: number, column: number, width = 80): string {
  const start = lineStarts[line - 1];
  if (start === undefined) return excerptOf("", line, column, width);
  const next = lineStarts[line];
  let end = next === undefined ? text.length : next;
  // a line ends before its `\n` (and a `\r` before that); a long last line has no `\n` at all
  const nl = text.indexOf("\n", start);
  if (nl >= 0 && nl < end) end = nl;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return excerptOf(text.slice(start, end), line, column, width);
}

function lineAt(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return "";
    start = nl + 1;
  }
  let end = text.indexOf("\n", start);
  if (end < 0) end = text.length;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/** C0 controls other than tab, DEL, C1 controls, U+FFFE/U+FFFF. */
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f\ufffe\uffff]/g;

function excerptOf(line: string, lineNo: number, column: number, width: number): string {
  // only the part around the caret is shown: a 1 MB single-line file is not copied whole
  let col = Math.max(1, column);
  const from = Math.max(0, col - 1 - width * 2);
  // control characters show as their symbols (U+2400…): a hostile file's ESC must not reach the terminal as ESC
  const src = line
    .slice(from, col - 1 + width * 2)
    .replace(/\t/g, " ")
    .replace(CONTROLS, (c) => (c.charCodeAt(0) < 0x20 ? String.fromCharCode(0x2400 + c.charCodeAt(0)) : c === "\x7f" ? "\u2421" : "\ufffd"));
  col -= from;
  const cutBefore = from > 0;
  let start = 0;
  if ((src.length > width || cutBefore) && col > width - 20) {
    start = Math.min(col - 1 - Math.floor(width / 2), src.length - width);
    if (start < 0) start = 0;
  }
  let shown = src.slice(start, start + width);
  if (start > 0 || cutBefore) shown = "…" + shown.slice(1);
  if (start + width < src.length) shown = shown.slice(0, -1) + "…";
  col -= start;
  const gutter = `${lineNo} | `;
  return `${gutter}${shown}\n${" ".repeat(gutter.length + col - 1)}^`;
}
