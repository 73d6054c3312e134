/**
 * The identifier rule, `atc.ValidateIdentifier` (concourse-spec.md §3.4; W1, G1, R1, T1, V1, J2, S2, S14).
 * An empty name is an error; other problems are warnings (the caller turns them into errors for `run`).
 */

// Made on first use: building the Unicode letter classes costs ~1 ms, and most pipelines never need them.
let unicode: { valid: RegExp; badStart: RegExp; illegal: RegExp } | undefined;
function unicodeRules(): { valid: RegExp; badStart: RegExp; illegal: RegExp } {
  return (unicode ??= {
    valid: /^[\p{Ll}\p{Lt}\p{Lm}\p{Lo}0-9][\p{Ll}\p{Lt}\p{Lm}\p{Lo}0-9\-_.]*$/u,
    badStart: /^[^\p{Ll}\p{Lt}\p{Lm}\p{Lo}0-9]/u,
    illegal: /[^\p{Ll}\p{Lt}\p{Lm}\p{Lo}0-9\-_.]/u,
  });
}
const JUST_NUMBERS = /^[0-9]+$/;
// The common case, checked first: ASCII names that are valid (lowercase letter or digit first, not only digits).
const PLAIN_VALID = /^(?=[a-z0-9._-]*[a-z._-])[a-z0-9][a-z0-9._-]*$/;

export type IdentifierResult = { error: string } | { warning: string } | undefined;

/** Checks `identifier` in a context (`jobs.build`, or the step context parts). */
/** True for the common valid names (ASCII): callers skip building the context of a message that will not come. */
export function isPlainIdentifier(identifier: string): boolean {
  return PLAIN_VALID.test(identifier);
}

export function validateIdentifier(identifier: string, context: readonly string[]): IdentifierResult {
  if (PLAIN_VALID.test(identifier)) return undefined;
  const ctx = context.join("");
  if (identifier === "") return { error: `${ctx}: identifier cannot be an empty string` };
  // Quirk (substring test): a task or set_pipeline directly under `across` may hold ((.:var)) in its name.
  const n = context.length;
  if (n >= 2 && (context[n - 1]!.includes("set_pipeline") || context[n - 1]!.includes("task")) && context[n - 2] === ".across") return undefined;
  if (JUST_NUMBERS.test(identifier)) return { warning: `${ctx}: '${identifier}' is not a valid identifier: cannot be just numbers` };
  const { valid, badStart, illegal } = unicodeRules();
  if (valid.test(identifier)) return undefined;
  let reason = "";
  if (badStart.test(identifier)) reason = "must start with a lowercase letter or a number";
  else {
    // Go searches from *byte* 1: after a multi-byte first character it finds a broken UTF-8 byte.
    const first = identifier.codePointAt(0)!;
    if (first > 0x7f) reason = "illegal character '\uFFFD'";
    else {
      const m = illegal.exec(identifier.slice(1));
      if (m) reason = `illegal character '${m[0]}'`;
    }
  }
  return { warning: `${ctx}: '${identifier}' is not a valid identifier: ${reason}` };
}
