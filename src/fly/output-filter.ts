/**
 * Redacts fly's own output while it streams. `fly set-pipeline` prints every changed resource in full, as YAML,
 * secrets included (atc/config_diff.go), with `+`/`-` markers drawn over the indentation with backspaces and ANSI
 * colours. This filter works line by line on what the terminal would show:
 * - `key: value` where the key names a credential → `key: <redacted>` (a `((var))` value is kept);
 * - a credential key opening a block (`private_key: |`, or a nested map) → every more-indented line after it;
 * - any known secret value (from the config and the vars pipegen was given) wherever it appears.
 * A partial line (fly's `apply configuration? [yN]: ` prompt has no newline) is passed on after a short pause.
 */
import { isCredentialKey } from "../credentials";
import { isVarOnly, looksLikeSecretValue } from "./credential-fields";
import { REDACTED, type SecretSet } from "./redact";

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
/** How long a partial line waits for the rest before it is shown (the prompt must appear). */
const PARTIAL_LINE_MS = 60;

export class OutputRedactor {
  private pending = "";
  private timer: NodeJS.Timeout | undefined;
  /** Inside a credential's block: lines indented deeper than this are redacted. */
  private blockIndent: number | undefined;
  /** A partial line already shown ended inside a credential value: hide the rest of that line. */
  private midSecret = false;

  constructor(
    private readonly secrets: SecretSet,
    private readonly emit: (text: string) => void,
  ) {}

  write(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf("\n")) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.emit(this.line(line) + "\n");
      this.midSecret = false;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending !== "") this.timer = setTimeout(() => this.flushPartial(), PARTIAL_LINE_MS);
  }

  /** Shows whatever is left (at the end of fly's output). */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushPartial();
  }

  private flushPartial(): void {
    this.timer = undefined;
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    if (this.midSecret) return; // the tail of a value already being hidden
    const out = this.line(text);
    // if this fragment ends in a credential's value, the rest of its line must be hidden too
    this.midSecret = out !== this.secrets.scrub(text) || this.blockIndent !== undefined;
    this.emit(out);
  }

  /** One line (without its newline), redacted. */
  line(raw: string): string {
    if (this.midSecret) return "";
    const { text, indent } = visual(raw);
    const content = text.slice(indent);
    if (this.blockIndent !== undefined) {
      if (content.trim() === "" || indent > this.blockIndent) return content.trim() === "" ? raw : replaceLast(raw, content, REDACTED);
      this.blockIndent = undefined;
    }
    let out = raw;
    const kv = /^(?:-\s+)*("([^"]*)"|'([^']*)'|[^\s:"'][^:]*?):(?:\s+(.*))?$/.exec(content);
    if (kv) {
      const key = kv[2] ?? kv[3] ?? kv[1]!;
      const value = (kv[4] ?? "").trim();
      if (isCredentialKey(key)) {
        if (value === "" || /^[|>][-+]?\d*$/.test(value)) this.blockIndent = indent + (content.length - content.replace(/^(?:-\s+)*/, "").length);
        else if (!isVarOnly(unquote(value))) out = replaceLast(out, value, REDACTED);
      } else if (value !== "" && looksLikeSecretValue(value)) {
        out = replaceLast(out, value, REDACTED);
      }
    } else if (looksLikeSecretValue(content)) {
      out = replaceLast(out, content, REDACTED);
    }
    return this.secrets.scrub(out);
  }
}

/** What a terminal shows: ANSI codes dropped, backspaces applied; a `+ `/`- ` diff marker counts as indentation. */
function visual(raw: string): { text: string; indent: number } {
  const plain = raw.replace(ANSI, "");
  const cells: string[] = [];
  let col = 0;
  let backspaced = false;
  for (const ch of plain) {
    if (ch === "\b") {
      col = Math.max(0, col - 1);
      backspaced = true;
      continue;
    }
    cells[col] = ch;
    col++;
  }
  let text = Array.from(cells, (c) => c ?? " ").join("");
  if (backspaced) text = text.replace(/^(\s*)[+-] /, (_m, sp: string) => sp + "  ");
  const indent = text.length - text.trimStart().length;
  return { text, indent };
}

function unquote(v: string): string {
  return v.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
}

function replaceLast(haystack: string, needle: string, replacement: string): string {
  const i = haystack.lastIndexOf(needle);
  if (i < 0) return haystack;
  return haystack.slice(0, i) + replacement + haystack.slice(i + needle.length);
}
