/**
 * What go-yaml v2 (a port of libyaml) reads and the `yaml` library rejects: lines that continue a flow collection
 * (`plan: [` … `]`) or a quoted scalar (`"echo` … `hi"`) indented no deeper than the block they sit in. libyaml
 * does not track indentation inside flow collections or quoted scalars, so Concourse accepts such files; YAML 1.2
 * and the `yaml` library require the continuation to be indented. In both places leading spaces carry no meaning
 * (a quoted scalar folds them away), so indenting those lines gives the same value. `relaxIndentation` does that;
 * the reader uses it only for a file that does not parse as it is, and only when the result parses cleanly.
 * Line numbers do not change; columns on the indented lines move right by the added spaces.
 */

interface Construct {
  /** A continuation line must start at this column or further right. */
  readonly minColumn: number;
}

/** The text with under-indented continuation lines of flow collections and quoted scalars indented. */
export function relaxIndentation(text: string): string {
  const lines = text.split("\n");
  let flowDepth = 0;
  let quote: '"' | "'" | null = null;
  let open: Construct | null = null; // the outermost flow collection or quoted scalar still open
  let blockScalarParent: number | null = null; // content of `key: |` is left alone
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === "";
    if (blockScalarParent !== null) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = null;
    }
    if (open && !blank && indent < open.minColumn && !(indent === 0 && /^(---|\.\.\.)(\s|$)/.test(line))) {
      line = " ".repeat(open.minColumn) + line.trimStart();
      lines[n] = line;
    }
    const lineIndent = effectiveIndent(line);
    let valueStart = flowDepth === 0 && quote === null; // a node may start here
    for (let i = line.length - line.trimStart().length; i < line.length; i++) {
      const c = line[i]!;
      if (quote === '"') {
        if (c === "\\") i++;
        else if (c === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[i + 1] === "'") i++;
        else if (c === "'") quote = null;
        continue;
      }
      if (c === " " || c === "\t") continue;
      if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) break;
      const next = line[i + 1];
      const spaceAfter = next === undefined || next === " " || next === "\t";
      if (valueStart && (c === '"' || c === "'")) {
        quote = c;
        if (!open) open = { minColumn: lineIndent + 1 };
        valueStart = false;
        continue;
      }
      if ((valueStart || flowDepth > 0) && (c === "[" || c === "{") && (valueStart || precededByFlowIndicator(line, i))) {
        if (flowDepth === 0 && !open) open = { minColumn: lineIndent + 1 };
        flowDepth++;
        valueStart = true;
        continue;
      }
      if (flowDepth > 0 && (c === "]" || c === "}")) {
        flowDepth--;
        valueStart = false;
        continue;
      }
      if (flowDepth > 0 && c === ",") {
        valueStart = true;
        continue;
      }
      if ((c === ":" || c === "-" || c === "?") && spaceAfter && (c === ":" || valueStart)) {
        valueStart = true;
        continue;
      }
      if (valueStart && (c === "&" || c === "!")) {
        // an anchor or a tag: the node itself follows
        while (i + 1 < line.length && line[i + 1] !== " ") i++;
        continue;
      }
      if (valueStart && flowDepth === 0 && (c === "|" || c === ">") && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(i))) {
        blockScalarParent = lineIndent;
        break;
      }
      if (valueStart && c === "*") {
        valueStart = false;
        continue;
      }
      // a plain scalar: quotes and brackets inside it are text, up to ': ' or (in flow) an indicator
      valueStart = false;
    }
    if (flowDepth === 0 && quote === null) open = null;
  }
  return lines.join("\n");
}

/** The column where a line's node starts, past any `- ` sequence indicators. */
function effectiveIndent(line: string): number {
  const m = /^( *)((?:- +)*)/.exec(line)!;
  return m[1]!.length + m[2]!.length;
}

/** True when the previous non-space character is one after which a flow node may start. */
function precededByFlowIndicator(line: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = line[j]!;
    if (c === " " || c === "\t") continue;
    return c === "[" || c === "{" || c === "," || c === ":";
  }
  return true;
}
