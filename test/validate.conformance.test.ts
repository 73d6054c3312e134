// One test per public conformance case (shared/spec/conformance-cases.yaml), in every mode the case states:
// canonical (fly set-pipeline), `validate` (plain fly validate-pipeline) and `validate_strict` (--strict).
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml, validatePipeline, type PipelineIssue } from "../src/index";

/** The shared folder: `../shared` next to the repo in CI, else /work/shared. */
function sharedDir(): string {
  const local = path.resolve(__dirname, "../../shared");
  return existsSync(path.join(local, "spec")) ? local : "/work/shared";
}

interface Expectation {
  expect: "valid" | "warning" | "error";
  message: string | null;
}
interface Case extends Expectation {
  name: string;
  pipeline: unknown;
  pipeline_text?: string;
  other_modes?: { validate?: Expectation | "valid"; validate_strict?: Expectation | "valid" };
}

const cases = readPipelineYaml(readFileSync(path.join(sharedDir(), "spec/conformance-cases.yaml"), "utf8")).value as Case[];

function issuesFor(c: Case, mode: "canonical" | "validate", strict: boolean): PipelineIssue[] {
  // Parity only: pipegen's own checks are not Concourse's and would add warnings Concourse does not give.
  if (c.pipeline !== null) return validatePipeline(c.pipeline, { mode, strict, pipegenChecks: false });
  const read = readPipelineYaml(c.pipeline_text!);
  return [...read.issues, ...validatePipeline(read.value, { mode, strict, pipegenChecks: false })];
}

function check(c: Case, mode: "canonical" | "validate", strict: boolean, want: Expectation): void {
  const issues = issuesFor(c, mode, strict);
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity === "warning");
  const lines = (list: PipelineIssue[]) => list.map((i) => i.message);
  if (strict) {
    // --strict: any warning fails the configuration too
    const failing = [...errors, ...warnings];
    if (want.expect === "valid") expect(lines(failing)).toEqual([]);
    else {
      expect(failing.length).toBeGreaterThan(0);
      if (want.message) expect(lines(failing).some((m) => m.includes(want.message!))).toBe(true);
    }
    return;
  }
  if (want.expect === "valid") {
    expect(lines(errors)).toEqual([]);
    expect(lines(warnings)).toEqual([]);
  } else if (want.expect === "warning") {
    expect(lines(errors)).toEqual([]);
    expect(
      lines(warnings).some((m) => m.includes(want.message!)),
      lines(warnings).join("\n"),
    ).toBe(true);
  } else {
    expect(
      lines(errors).some((m) => m.includes(want.message!)),
      lines(errors).join("\n"),
    ).toBe(true);
  }
}

const norm = (e: Expectation | "valid" | undefined, fallback: Expectation): Expectation =>
  e === undefined ? fallback : e === "valid" ? { expect: "valid", message: null } : e;

describe("conformance cases", () => {
  it("has the public cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });
  for (const c of cases) {
    const canonical = { expect: c.expect, message: c.message };
    it(`${c.name} (canonical)`, () => check(c, "canonical", false, canonical));
    it(`${c.name} (validate)`, () => check(c, "validate", false, norm(c.other_modes?.validate, canonical)));
    // A mode not listed gives the canonical result; under --strict every warning case fails too.
    const strictDefault: Expectation = c.expect === "warning" ? { expect: "error", message: c.message } : canonical;
    it(`${c.name} (validate --strict)`, () => check(c, "validate", true, norm(c.other_modes?.validate_strict, strictDefault)));
  }
});
