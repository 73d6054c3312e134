// YAML that go-yaml v2 (libyaml) reads is read: continuation lines of flow collections and quoted scalars need no
// indentation there, so Concourse accepts files the `yaml` library calls under-indented.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml } from "../src/yaml/read";
import { relaxIndentation } from "../src/yaml/relax-indent";
import { corpusDir } from "./_paths";

const read = (text: string) => readPipelineYaml(text, "p.yml");

describe("reading YAML as go-yaml v2 does", () => {
  it.each([
    ["a flow sequence closed at column 0", "jobs:\n- name: a\n  plan: [\n]\n", { jobs: [{ name: "a", plan: [] }] }],
    [
      "a flow map continued at column 0",
      "jobs:\n- name: a\n  plan: [{get: x,\ntrigger: true}]\n",
      { jobs: [{ name: "a", plan: [{ get: "x", trigger: true }] }] },
    ],
    [
      "a flow map continued at its key's column",
      "jobs:\n- name: a\n  build_log_retention: {days: 1,\n  builds: 2}\n  plan: []\n",
      { jobs: [{ name: "a", build_log_retention: { days: 1, builds: 2 }, plan: [] }] },
    ],
    ["a double-quoted scalar continued at column 1", 'jobs:\n- name: "a\n b"\n  plan: []\n', { jobs: [{ name: "a b", plan: [] }] }],
    ["a single-quoted scalar with '' continued at column 0", "jobs:\n- name: 'it''s\nb'\n  plan: []\n", { jobs: [{ name: "it's b", plan: [] }] }],
    [
      "a quoted scalar inside a flow sequence",
      'jobs:\n- name: a\n  plan:\n  - task: t\n    config:\n      run: {path: sh, args: [-c, "echo\n      hi"]}\n',
      { jobs: [{ name: "a", plan: [{ task: "t", config: { run: { path: "sh", args: ["-c", "echo hi"] } } }] }] },
    ],
  ])("%s", (_name, text, value) => {
    const r = read(text);
    expect(r.issues).toEqual([]);
    expect(r.value).toEqual(value);
  });

  it("still reports what libyaml rejects too, at the original line", () => {
    const r = read("jobs:\n- name: a\n  plan: []\n  old_name: |\n   x\n  y\n");
    expect(r.issues.map((i) => i.code)).toEqual(["yaml/syntax"]);
    expect(r.issues[0]!.message).toContain("line 6:");
    expect(read("jobs:\n- name: a\n  plan: [\n").issues.length).toBeGreaterThan(0);
  });

  it("keeps line numbers: a problem after a relaxed line is found where it is", () => {
    const r = read("jobs:\n- name: a\n  plan: [\n]\n- name: a\n  plan: []\n");
    expect(r.issues).toEqual([]);
    expect(relaxIndentation("a: [\n]\nb: 1\n").split("\n")).toHaveLength(4);
  });

  it("leaves well-indented YAML as it is (every corpus pipeline)", () => {
    const dir = path.join(corpusDir, "pipelines");
    const files = readdirSync(dir).filter((x) => x.endsWith(".yml"));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), "utf8");
      expect(relaxIndentation(text) === text, f).toBe(true);
    }
  });
});
