// Every CLI mistake gets one clear answer: a table of command lines, the files they run on, and what the user must
// (and must not) see. Each row runs the real built CLI in a fresh temporary folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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
  { name: "render -o into a missing folder", args: ["render", "{ex}", "-o", "nope/x.yml"], status: 2, must: ["cannot write nope/x.yml: folder nope does not exist"], maxLines: 1 },
  { name: "render -o naming a folder", args: ["render", "{ex}", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  { name: "render -o /proc/x", args: ["render", "{ex}", "-o", "/proc/x"], status: 2, must: ["cannot write /proc/x: no new file can be created in /proc"], maxLines: 1 },
  { name: "import -o into a missing folder", args: ["import", "rendered.yml", "-o", "nope/x.ts"], status: 2, must: ["cannot write nope/x.ts: folder nope does not exist"], maxLines: 1 },
  { name: "import -o naming a folder", args: ["import", "rendered.yml", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  { name: "schema -o into a missing folder", args: ["schema", "-o", "nope/s.json"], status: 2, must: ["cannot write nope/s.json: folder nope does not exist"], maxLines: 1 },
  { name: "schema -o /proc/x", args: ["schema", "-o", "/proc/x"], status: 2, must: ["cannot write /proc/x"], maxLines: 1 },
  { name: "image pack -o naming a folder", args: ["image", "pack", "img", "-o", "dir"], status: 2, must: ["cannot write dir: is a folder"], maxLines: 1 },
  { name: "image pack -o into a missing folder", args: ["image", "pack", "img", "-o", "nope/i.tgz"], status: 2, must: ["cannot write nope/i.tgz: folder nope does not exist"], maxLines: 1 },
  { name: "image pack -o /proc/x", args: ["image", "pack", "img", "-o", "/proc/x"], status: 2, must: ["cannot write /proc/x: no new file can be created in /proc"], maxLines: 1 },
  // inputs
  { name: "validate on a folder", args: ["validate", "dir"], status: 1, must: ["dir: is a folder; give the pipeline files in it (e.g. dir/*.yml)"] },
  { name: "image pack --level abc", args: ["image", "pack", "img", "--level", "abc", "-o", "i.tgz"], status: 2, must: ["the gzip level is a whole number from 1 to 9, got 'abc'"], maxLines: 1 },
  { name: "image pack --level 10", args: ["image", "pack", "img", "--level", "10", "-o", "i.tgz"], status: 2, must: ["got '10'"], maxLines: 1 },
  // help
  { name: "pipegen help image pack", args: ["help", "image", "pack"], status: 0, must: ["Usage: pipegen image pack", "--level"], mustNot: ["Commands:"] },
  { name: "image pack's help promises no default name", args: ["image", "pack", "--help"], status: 0, must: ["-o, --output <file>"], mustNot: ["write <name>-<version>.tgz"] },
  // project config
  { name: "set-all without pipegen.config.ts", args: ["set-all"], status: 1, must: ["no pipegen.config.ts in", 'export default defineConfig({ pipelines: [{ file: "pipelines/app.ts"', "--config <file>"], maxLines: 1 },
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
  // sizes and counts
  { name: "pack of a tiny image says bytes, not 0.0 MB", args: ["image", "pack", "img", "-o", "tiny.tgz"], status: 0, must: [/packed .*tiny\.tgz \(\d+ bytes, sha256/], mustNot: ["0.0 MB"] },
];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "pipegen-answers-"));
  mkdirSync(path.join(tmp, "dir"));
  mkdirSync(path.join(tmp, "img/rootfs/bin"), { recursive: true });
  writeFileSync(path.join(tmp, "img/rootfs/bin/hello"), "#!/bin/sh\necho hi\n");
  writeFileSync(path.join(tmp, "img/metadata.json"), JSON.stringify({ env: ["PATH=/bin"], user: "" }));
  // 'full' is a URL the resource accepts; it points at a closed port, so it fails too, but not for its endpoint
  const s3 = (name: string, endpoint: string) => `- name: ${name}\n  type: s3\n  source: {bucket: b, regexp: "img-(.*).tgz", endpoint: "${endpoint}", disable_ssl: true}\n`;
  writeFileSync(
    path.join(tmp, "endpoints.yml"),
    `resources:\n${s3("ip", "127.0.0.1:7480")}${s3("host", "localhost:7480")}${s3("full", "http://127.0.0.1:1")}jobs:\n- name: j\n  plan:\n  - get: ip\n  - get: host\n  - get: full\n`,
  );
  const rendered = pipegen(["render", example]);
  expect(rendered.status).toBe(0);
  writeFileSync(path.join(tmp, "rendered.yml"), rendered.stdout);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("pipegen's answers to mistakes", () => {
  it.each(ROWS.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const before = new Set(readdirSync(tmp));
    const r = pipegen(row.args.map((a) => (a === "{ex}" ? example : a)), { cwd: tmp, ...(row.env ? { env: row.env } : {}) });
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
