// `pipegen validate` as users run it: exit codes, stdout/stderr split, --json, --strict, --rule, .ts input.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusDir, repoRoot } from "./_paths";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

const dir = tempDir("pipegen-validate-");
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const good = file(
  "good.yml",
  "resources:\n- name: repo\n  type: git\n  source: {uri: https://example.com/r.git}\njobs:\n- name: build\n  plan:\n  - get: repo\n    trigger: true\n",
);
const bad = file("bad.yml", 'jobs:\n- name: build\n  plan:\n  - get: nope\n    trigger: "true"\n');
const warned = file("warned.yml", "jobs:\n- name: Build\n");
const extraKeys = path.join(corpusDir, "extra-top-level-keys", "concourse__concourse__fly__integration__fixtures__testConfigUnknownKeys.yml");

describe("pipegen validate", () => {
  it("prints `looks good` and exits 0 for a valid pipeline", () => {
    const r = pipegen(["validate", good]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("looks good\n");
    expect(r.stderr).toBe("");
  });

  it("prints every error with code, path, message and position, and exits 1", () => {
    const r = pipegen(["validate", bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "error: jobs.build.plan[0].trigger: error unmarshaling JSON: while decoding JSON: malformed get step: json: cannot unmarshal string into Go struct field GetStep.trigger of type bool [concourse/type-mismatch]",
    );
    // a config that does not decode gets no further check, as in Concourse (which would not get to 'nope')
    expect(r.stderr).not.toContain("unknown resource 'nope'");
    expect(r.stderr).toContain(`at ${path.relative(repoRoot, bad) === bad ? bad : bad}:5:5`.replace(`${repoRoot}/`, ""));
    expect(r.stderr).toContain("error: configuration invalid");
  });

  it("prints warnings on stderr but passes; --strict makes them fail", () => {
    const r = pipegen(["validate", warned]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("looks good\n");
    expect(r.stderr).toContain(
      "'Build' is not a valid identifier [concourse/invalid-identifier]".replace(" [", ": must start with a lowercase letter or a number ["),
    );
    expect(pipegen(["validate", "--strict", warned]).status).toBe(1);
  });

  it("drops unknown top-level keys, but --strict rejects them", () => {
    expect(pipegen(["validate", extraKeys]).status).toBe(0);
    const strict = pipegen(["validate", "--strict", "--json", extraKeys]);
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout).errors).toEqual([
      { code: "concourse/unknown-field", message: 'error unmarshaling JSON: while decoding JSON: json: unknown field "user_key"', path: "user_key" },
    ]);
  });

  it("prints one JSON object per file per line with --json", () => {
    const r = pipegen(["validate", "--json", good, bad]);
    expect(r.status).toBe(1);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.file, l.valid])).toEqual([
      [good, true],
      [bad, false],
    ]);
    expect(lines[1].errors[0]).toEqual({
      code: "concourse/type-mismatch",
      message:
        "error unmarshaling JSON: while decoding JSON: malformed get step: json: cannot unmarshal string into Go struct field GetStep.trigger of type bool",
      path: "jobs.build.plan[0].trigger",
    });
    expect(lines[0].warnings).toEqual([]);
  });

  it("shows a caret excerpt for YAML syntax errors", () => {
    const r = pipegen(["validate", file("syntax.yml", "jobs:\n- name: [build\n")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/yaml\/syntax/);
    expect(r.stderr).toContain("^");
  });

  it("sets rule levels with --rule and rejects unknown codes as usage errors", () => {
    const creds = file(
      "creds.yml",
      "resources:\n- name: repo\n  type: git\n  source: {uri: u, private_key: literal}\njobs:\n- name: build\n  plan: [{get: repo}]\n",
    );
    expect(pipegen(["validate", creds]).stderr).toContain("[pipegen/literal-credential]");
    expect(pipegen(["validate", "--rule", "pipegen/literal-credential=error", creds]).status).toBe(1);
    expect(pipegen(["validate", "--rule", "pipegen/literal-credential=off", creds]).stderr).toBe("");
    const usage = pipegen(["validate", "--rule", "pipegen/literal-credentials=off", creds]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Did you mean 'pipegen/literal-credential'?");
    expect(usage.stderr).toContain(`every code is listed in the README's "Issue codes" section`);
    expect(pipegen(["validate"]).status).toBe(2);
  });

  it("validates .ts pipelines too", () => {
    const r = pipegen(["validate", "--json", path.join(repoRoot, "examples", "hello-s3.ts")]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, errors: [] });
  });

  it("reports a missing file as an error of that file", () => {
    const r = pipegen(["validate", "--json", path.join(dir, "missing.yml")]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).errors[0].code).toBe("pipegen/unreadable-file");
  });

  it("prints every issue, with source excerpts for the first 100 of a file and file:line:col alone after that", () => {
    let text = "jobs:\n- name: j\n  plan: []\n  serial: true\n";
    for (let i = 0; i < 150; i++) text += "  serial: true\n";
    const r = pipegen(["validate", file("dups.yml", text)]);
    expect(r.status).toBe(1);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("error: jobs[0].serial:"));
    expect(errors).toHaveLength(150);
    expect(r.stderr.match(/^ {4}\d+ \| +serial: true$/gm)).toHaveLength(100);
    expect(r.stderr).toContain("(source excerpts shown for the first 100 issues; 50 more have their file:line:col only)\n");
    expect(r.stderr).toMatch(/at .*dups\.yml:154:3\n/);
    // --json carries every issue, as ever
    const json = JSON.parse(pipegen(["validate", "--json", file("dups.yml", text)]).stdout);
    expect(json.errors).toHaveLength(150);
  });
});

describe("a file with more issues than pipegen keeps", () => {
  it("lists the first 10,000 and says, per code, how many more there are", () => {
    const dir = tempDir("pipegen-many-issues-");
    const file = path.join(dir, "dups.yml");
    writeFileSync(file, "jobs: []\n" + "key: value\n".repeat(12_001));
    const r = pipegen(["validate", "--json", file]);
    expect(r.status).toBe(1);
    const errors = JSON.parse(r.stdout).errors as { code: string; message: string }[];
    const dups = errors.filter((e) => e.code === "yaml/duplicate-key");
    expect(dups).toHaveLength(10_001);
    expect(dups[10_000]!.message).toBe("2000 more yaml/duplicate-key issues in this file are not listed (pipegen lists the first 10000 issues of a file)");
  });
});
