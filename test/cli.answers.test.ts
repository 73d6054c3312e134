// Every CLI mistake gets one clear answer: a table of command lines, the files they run on, and what the user must
// (and must not) see. Each row runs the real built CLI in a fresh temporary folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipegen } from "./_run";
import { repoRoot } from "./_paths";

interface Row {
  /** What the row is about. */
  readonly name: string;
  /** The command line; `{ex}` is an example pipeline (.ts). */
  readonly args: readonly string[];
  readonly status: number;
  /** Must appear in stderr+stdout. */
  readonly must?: readonly (string | RegExp)[];
  /** Must not appear in stderr+stdout, on top of the words no answer may contain. */
  readonly mustNot?: readonly (string | RegExp)[];
  /** At most this many lines of stderr (one mistake, one line). */
  readonly maxLines?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** No answer shows these: raw errno text, "internal error", stack frames. */
const NEVER: readonly (string | RegExp)[] = ["internal error", "EISDIR", "ENOENT", "illegal operation", /\n\s+at .*\(.*:\d+:\d+\)/, ".tmp'", "NaN"];

const example = path.join(repoRoot, "examples/hello-s3.ts");

const ROWS: readonly Row[] = [
  // -o that cannot be written: one line, exit 2, nothing created
  {
    name: "render -o into a missing folder",
    args: ["render", "{ex}", "-o", "nope/x.yml"],
    status: 2,
    must: ["cannot write nope/x.yml: folder nope does not exist"],
    maxLines: 1,
  },
  { name: "render -o naming a folder", args: ["render", "{ex}", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  {
    name: "render -o /proc/x",
    args: ["render", "{ex}", "-o", "/proc/x"],
    status: 2,
    must: ["cannot write /proc/x: no new file can be created in /proc"],
    maxLines: 1,
  },
  {
    name: "import -o into a missing folder",
    args: ["import", "rendered.yml", "-o", "nope/x.ts"],
    status: 2,
    must: ["cannot write nope/x.ts: folder nope does not exist"],
    maxLines: 1,
  },
  { name: "import -o naming a folder", args: ["import", "rendered.yml", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  {
    name: "schema -o into a missing folder",
    args: ["schema", "-o", "nope/s.json"],
    status: 2,
    must: ["cannot write nope/s.json: folder nope does not exist"],
    maxLines: 1,
  },
  { name: "schema -o /proc/x", args: ["schema", "-o", "/proc/x"], status: 2, must: ["cannot write /proc/x"], maxLines: 1 },
  { name: "image pack -o naming a folder", args: ["image", "pack", "img", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  {
    name: "image pack -o into a missing folder",
    args: ["image", "pack", "img", "-o", "nope/i.tgz"],
    status: 2,
    must: ["cannot write nope/i.tgz: folder nope does not exist"],
    maxLines: 1,
  },
  {
    name: "image pack -o /proc/x",
    args: ["image", "pack", "img", "-o", "/proc/x"],
    status: 2,
    must: ["cannot write /proc/x: no new file can be created in /proc"],
    maxLines: 1,
  },
  {
    name: "image export -o into a missing folder, before pulling anything",
    args: ["image", "export", "registry.invalid/x:1", "-o", "nope/x.tgz"],
    status: 2,
    must: ["cannot write nope/x.tgz: folder nope does not exist"],
    maxLines: 1,
  },
  // inputs
  { name: "validate on a folder", args: ["validate", "dir"], status: 1, must: ["dir: is a folder; give the pipeline files in it (e.g. dir/*.yml)"] },
  {
    name: "image pack --level abc",
    args: ["image", "pack", "img", "--level", "abc", "-o", "i.tgz"],
    status: 2,
    must: ["the gzip level is a whole number from 1 to 9, got 'abc'"],
    maxLines: 1,
  },
  { name: "image pack --level 10", args: ["image", "pack", "img", "--level", "10", "-o", "i.tgz"], status: 2, must: ["got '10'"], maxLines: 1 },
  // help
  { name: "pipegen help image pack", args: ["help", "image", "pack"], status: 0, must: ["Usage: pipegen image pack", "--level"], mustNot: ["Commands:"] },
  {
    name: "image pack's help promises no default name",
    args: ["image", "pack", "--help"],
    status: 0,
    must: ["-o, --output <file>"],
    mustNot: ["write <name>-<version>.tgz"],
  },
  // project config
  {
    name: "set-all without pipegen.config.ts",
    args: ["set-all"],
    status: 1,
    must: ["no pipegen.config.ts in", 'export default defineConfig({ pipelines: [{ file: "pipelines/app.ts"', "--config <file>"],
    maxLines: 1,
  },
  { name: "diff-all without pipegen.config.ts", args: ["diff-all"], status: 1, must: ["no pipegen.config.ts in", "defineConfig"], maxLines: 1 },
  // s3 endpoints as the s3 resource reads them (Go's url.Parse, then the SDK's endpoint rules): no network needed
  {
    name: "check: endpoint 127.0.0.1:7480 fails in the resource",
    args: ["check", "endpoints.yml"],
    status: 1,
    must: [
      `resources.ip: the s3 resource fails on endpoint '127.0.0.1:7480': error creating s3 client: error parsing given endpoint: parse "127.0.0.1:7480": first path segment in URL cannot contain colon (write http://127.0.0.1:7480)`,
      "resources.host: the s3 resource fails on endpoint 'localhost:7480': Custom endpoint `localhost:7480` was not a valid URI ('localhost:' is read as the URL's scheme; write http://localhost:7480)",
      "resources.full: listing s3://b/: cannot connect to http://127.0.0.1:1",
    ],
    mustNot: ["fails on endpoint 'http://127.0.0.1:1'"],
  },
  // one mistake, one error; a location said once
  {
    name: "get() with a string: one error",
    args: ["validate", "get-string.ts"],
    status: 1,
    must: [
      "jobs.unit.plan[1].get: get() needs a resource made by resource(), git(), s3(), … but got the string 'repo' [dsl/missing-resource]",
      "at get-string.ts:4:",
    ],
    mustNot: ["identifier cannot be an empty string", "unknown resource ''", "concourse/"],
  },
  {
    name: "render: get() with a string: one error",
    args: ["render", "get-string.ts"],
    status: 1,
    must: ["[dsl/missing-resource]", "get-string.ts: 1 error; nothing was written"],
    mustNot: ["concourse/"],
  },
  {
    name: "duplicate job names in .ts: Concourse's one error",
    args: ["validate", "dup-jobs.ts"],
    status: 1,
    must: ["error: jobs[0] and jobs[1] have the same name ('unit') [concourse/duplicate-name]", "the first was made at dup-jobs.ts:"],
    mustNot: ["dsl/duplicate-job-name"],
  },
  {
    name: "an empty file: the location once",
    args: ["validate", "empty.yml"],
    status: 1,
    must: ["error: jobs: pipeline must contain at least one job [concourse/no-jobs]"],
    mustNot: ["jobs: jobs:"],
  },
  {
    name: "Concourse's location is not repeated",
    args: ["validate", "typo.yml"],
    status: 1,
    must: ["error: jobs.unit.plan.do[0].get(rpeo): unknown resource 'rpeo' [concourse/unknown-resource]", "at typo.yml:8:5"],
    mustNot: ["jobs.unit.plan[0].get: jobs.unit"],
  },
  {
    name: "passed: with duplicate job names checks each job, as Concourse does",
    args: ["validate", "dup-passed.yml"],
    status: 1,
    must: ["jobs.after.plan.do[0].get(repo).passed: job 'unit' does not interact with resource 'repo'", "have the same name ('unit')"],
  },
  {
    name: "--no-validate's help says builder mistakes still stop it",
    args: ["render", "--help"],
    status: 0,
    must: ["--no-validate", "builder mistakes, dsl/…, still stop it"],
  },
  // locations and secrets in the fly wrappers
  {
    name: "set-pipeline on YAML: file:line:col",
    args: ["set-pipeline", "-t", "ci", "-p", "app", "typo.yml", "--dry-run"],
    status: 1,
    must: ["unknown resource 'rpeo'", "at typo.yml:8:5", "typo.yml: 1 error; fly was not run"],
    mustNot: ["fly -t"],
  },
  { name: "diff on YAML: file:line:col", args: ["diff", "-t", "ci", "-p", "app", "typo.yml"], status: 1, must: ["unknown resource 'rpeo'", "at typo.yml:8:5"] },
  {
    name: "set-pipeline --dry-run redacts credential vars",
    args: [
      "set-pipeline",
      "-t",
      "ci",
      "-p",
      "app",
      "s3.yml",
      "--dry-run",
      "-v",
      "aws-secret-access-key=SuperSecret123",
      "-v",
      "key=abcdefgh1",
      "-v",
      "region=eu-west-1",
    ],
    status: 0,
    must: ["-v 'aws-secret-access-key=<redacted>'", "-v 'key=<redacted>'", "-v region=eu-west-1"],
    mustNot: ["SuperSecret123", "abcdefgh1"],
  },
  // import of what render wrote
  {
    name: "import drops the render header",
    args: ["import", "rendered.yml", "-q"],
    status: 0,
    must: ['import { job, pipeline, s3Image, task, v } from "pipegen";'],
    mustNot: ["Generated by pipegen", "Edit the source"],
  },
  // Concourse's messages
  {
    name: "a step that does not decode: fly's wrapper, and nothing else",
    args: ["validate", "aggregate.yml"],
    status: 1,
    must: ["error: jobs.j.plan[0]: error unmarshaling JSON: while decoding JSON: no step configured [concourse/no-step-configured]"],
    mustNot: ["is not used", "unknown resource"],
  },
  {
    name: "duplicate keys keep go-yaml's line break",
    args: ["validate", "dup-key.yml"],
    status: 1,
    must: ['yaml: unmarshal errors:\n  line 5: mapping key "resources" already defined at line 1'],
  },
  {
    name: "var_sources decoding names the manager",
    args: ["validate", "vault.yml"],
    status: 1,
    must: ["decoding failed due to the following error(s): 'vault.VaultManager' has invalid keys: task"],
    mustNot: ["'' has invalid keys"],
  },
  { name: "a later --- document is ignored, as Concourse does", args: ["validate", "two-docs.yml"], status: 0, must: ["looks good"] },
  { name: "an oddly indented flow sequence go-yaml reads", args: ["validate", "flow-indent.yml"], status: 0, must: ["looks good"] },
  // sizes and counts
  {
    name: "verify of a cut archive: 1 entry, not 1 entries",
    args: ["image", "verify", "cut.tgz"],
    status: 1,
    must: ["cannot read the archive after 1 entry: "],
    mustNot: ["1 entries"],
  },
  {
    name: "pack of a tiny image says bytes, not 0.0 MB",
    args: ["image", "pack", "img", "-o", "tiny.tgz"],
    status: 0,
    must: [/packed .*tiny\.tgz \(\d+ bytes, sha256/],
    mustNot: ["0.0 MB"],
  },
];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "pipegen-answers-"));
  mkdirSync(path.join(tmp, "dir"));
  mkdirSync(path.join(tmp, "img/rootfs/bin"), { recursive: true });
  writeFileSync(path.join(tmp, "img/rootfs/bin/hello"), "#!/bin/sh\necho hi\n");
  writeFileSync(path.join(tmp, "img/metadata.json"), JSON.stringify({ env: ["PATH=/bin"], user: "" }));
  // 'full' is a URL the resource accepts; it points at a closed port, so it fails too, but not for its endpoint
  const s3 = (name: string, endpoint: string) =>
    `- name: ${name}\n  type: s3\n  source: {bucket: b, regexp: "img-(.*).tgz", endpoint: "${endpoint}", disable_ssl: true}\n`;
  writeFileSync(
    path.join(tmp, "endpoints.yml"),
    `resources:\n${s3("ip", "127.0.0.1:7480")}${s3("host", "localhost:7480")}${s3("full", "http://127.0.0.1:1")}jobs:\n- name: j\n  plan:\n  - get: ip\n  - get: host\n  - get: full\n`,
  );
  const files: Record<string, string> = {
    "get-string.ts": `import { get, git, job, pipeline } from "pipegen";\nconst repo = git("repo", { uri: "https://example.com/r.git" });\nexport default pipeline({\n  jobs: [job("unit", { plan: [get(repo), get("repo" as never)] })],\n});\n`,
    "dup-jobs.ts": `import { get, git, job, pipeline } from "pipegen";\nconst repo = git("repo", { uri: "https://example.com/r.git" });\nexport default pipeline({\n  jobs: [job("unit", { plan: [get(repo)] }), job("unit", { plan: [get(repo)] })],\n});\n`,
    "empty.yml": "",
    "typo.yml": "resources:\n- name: repo\n  type: git\n  source: {uri: x}\njobs:\n- name: unit\n  plan:\n  - get: rpeo\n  - get: repo\n",
    // the second 'unit' does not get repo: Concourse checks each job the glob matches, so 'after' is wrong
    "dup-passed.yml":
      "resources:\n- name: repo\n  type: git\n  source: {uri: x}\njobs:\n- name: unit\n  plan: [{get: repo}]\n- name: unit\n  plan: [{put: repo}, {get: repo}]\n- name: unit\n  plan: []\n- name: after\n  plan: [{get: repo, passed: [unit]}]\n",
    "aggregate.yml":
      "resources:\n- name: repo\n  type: git\n  source: {uri: x}\njobs:\n- name: j\n  plan:\n  - aggregate:\n    - get: repo\n- name: k\n  plan: [{get: nope}]\n",
    "dup-key.yml": "resources: []\njobs:\n- name: a\n  plan: []\nresources: []\n",
    "vault.yml": "var_sources:\n- name: v\n  type: vault\n  config: {url: 'https://vault', task: x}\njobs:\n- name: a\n  plan: []\n",
    "two-docs.yml": "jobs:\n- name: a\n  plan: []\n---\nfoo: [bar\n",
    "flow-indent.yml": "jobs:\n- name: a\n  plan: [\n]\n",
    "s3.yml":
      "resources:\n- name: img\n  type: s3\n  source: {bucket: b, regexp: 'img-(.*).tgz', secret_access_key: ((key)), access_key_id: ((id))}\njobs:\n- name: j\n  plan: [{get: img}]\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(tmp, name), text);
  // a tar of one 5,000-byte file, cut inside the file's data, then gzipped: the reader fails after 1 entry
  mkdirSync(path.join(tmp, "cut/rootfs"), { recursive: true });
  writeFileSync(path.join(tmp, "cut/rootfs/big"), "x".repeat(5000));
  const tar = execFileSync("tar", ["-cf", "-", "-C", path.join(tmp, "cut"), "rootfs/big"]);
  writeFileSync(path.join(tmp, "cut.tgz"), gzipSync(tar.subarray(0, 1512)));
  rmSync(path.join(tmp, "cut"), { recursive: true });
  const rendered = pipegen(["render", example]);
  expect(rendered.status).toBe(0);
  writeFileSync(path.join(tmp, "rendered.yml"), rendered.stdout);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pipegen's answers to mistakes", () => {
  it.each(ROWS.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const before = new Set(readdirSync(tmp));
    const r = pipegen(
      row.args.map((a) => (a === "{ex}" ? example : a)),
      { cwd: tmp, ...(row.env ? { env: row.env } : {}) },
    );
    const out = r.stderr + r.stdout;
    expect(r.status, out).toBe(row.status);
    for (const m of row.must ?? []) {
      if (typeof m === "string") expect(out).toContain(m);
      else expect(out).toMatch(m);
    }
    for (const m of [...NEVER, ...(row.mustNot ?? [])]) {
      if (typeof m === "string") expect(out).not.toContain(m);
      else expect(out).not.toMatch(m);
    }
    if (row.maxLines !== undefined) expect(r.stderr.trimEnd().split("\n").length, r.stderr).toBeLessThanOrEqual(row.maxLines);
    // a failed command leaves nothing behind (no temporary sibling, no half-written file)
    if (row.status !== 0) expect(readdirSync(tmp).filter((f) => !before.has(f))).toEqual([]);
    expect(existsSync(path.join(tmp, "nope"))).toBe(false);
  });
});
