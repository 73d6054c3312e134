// Nesting depth: pipegen accepts what Concourse accepts (go-yaml and Go's JSON decoder allow collections nested
// 10,000 levels deep, the top-level mapping counting as one, aliases expanded) and refuses one level more, naming
// the limit; deep step nesting, which the validator walks recursively, does not overflow the stack.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPipelineYaml } from "../src/yaml/read";
import { pipegen } from "./_run";
import { tempDir } from "./_tmp";

/** A git resource whose source holds `x` nested in `n` lists: the deepest list is at level 4 + n. */
const deepSource = (n: number) => `resources:\n- name: r\n  type: git\n  source:\n    uri: u\n    x: ${"[".repeat(n)}1${"]".repeat(n)}\n`;

describe("nesting depth", () => {
  it("reads collections nested 10,000 levels deep and refuses 10,001, naming Concourse's limit", () => {
    expect(readPipelineYaml(deepSource(9996)).issues).toEqual([]);
    const over = readPipelineYaml(deepSource(9997), "p.yml").issues;
    expect(over.map((i) => i.code)).toEqual(["yaml/too-deep"]);
    expect(over[0]!.message).toMatch(/nest more than 10000 levels deep, Concourse's limit .*exceeded max depth of 10000/);
    expect(over[0]!.site).toEqual({ file: "p.yml", line: 6, column: 10004 });
  });

  it("counts levels with aliases expanded", () => {
    const anchored = `a: &a ${"[".repeat(9990)}1${"]".repeat(9990)}\n`;
    expect(readPipelineYaml(`${anchored}b: *a\n`).issues).toEqual([]);
    const under = readPipelineYaml(`${anchored}b: [[[[[[[[[[*a]]]]]]]]]]\n`).issues;
    expect(under.map((i) => i.message)).toEqual([expect.stringMatching(/more than 10000 levels deep \(aliases expanded\)/)]);
  });

  it("validates a do nested 400 deep in block style and 4,990 deep in flow style, as Concourse does", () => {
    const dir = tempDir("pipegen-depth-");
    let block = "jobs:\n- name: j\n  plan:\n";
    let ind = "  ";
    for (let i = 0; i < 400; i++) {
      block += `${ind}- do:\n`;
      ind += "  ";
    }
    block += `${ind}- task: t\n${ind}  config: {platform: linux, run: {path: x}}\n`;
    const task = "{task: t, config: {platform: linux, run: {path: x}}}";
    const flow = `jobs:\n- name: j\n  plan:\n  - ${"{do: [".repeat(4990)}${task}${"]}".repeat(4990)}\n`;
    for (const [name, text] of [
      ["block.yml", block],
      ["flow.yml", flow],
    ] as const) {
      writeFileSync(path.join(dir, name), text);
      const r = pipegen(["validate", path.join(dir, name)]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe("looks good\n");
      expect(r.status).toBe(0);
    }
  });

  it("gives a shallow file whose text only looks deep (2,500 brackets in a script) its ordinary answer", () => {
    // the bracket count starts the deep-stack thread early; reading shows the file is shallow, so that thread is
    // dropped and the file is validated here, with the same issues and a prompt exit
    const dir = tempDir("pipegen-depth-");
    const script = "[".repeat(2500);
    const text = `jobs:\n- name: j\n  plan:\n  - task: t\n    config:\n      platform: linux\n      run:\n        path: sh\n        args:\n        - -c\n        - |\n          echo ${script}\n  - get: missing\n`;
    writeFileSync(path.join(dir, "p.yml"), text);
    const r = pipegen(["validate", path.join(dir, "p.yml")]);
    expect(r.stderr).toContain("unknown resource 'missing'");
    expect(r.status).toBe(1);
  });
});
