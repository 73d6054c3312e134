#!/usr/bin/env node
// bench/render: how fast is `pipegen render`?
//  1. a generated 500-job pipeline (each job: get a git resource with trigger, a task with inline config and a
//     registry-image image_resource, put to s3) against a plain JS script that builds the same object and prints
//     JSON.stringify — target: render <= 2.0x the JSON baseline;
//  2. `pipegen render examples/hello-s3.ts` against `node -e 0` — target: <= 1.6x;
//  3. an ES module project of 3 files (package.json "type": "module", NodeNext `.js` imports, top-level await)
//     against `node -e 0` — target: <= 1.8x.
// The commands run in turns (node, hello, JSON, 500 jobs, ESM project, node, …), so the machine's noise hits all
// of them alike; the medians of each are compared. Run it with each supported Node (`node bench/render.js`,
// `.cache/nodes/n24/package/bin/node bench/render.js`): the Node running it runs every command.
// Usage: node bench/render.js [--runs N]
"use strict";
const { mkdtempSync, writeFileSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { timeInterleaved, fmt } = require("./_timing");

const root = path.resolve(__dirname, "..");
const cli = path.join(root, "bin", "pipegen.js");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 21;
const JOBS = 500;

const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-bench-"));
const tsFile = path.join(dir, "big.ts");
writeFileSync(
  tsFile,
  `import { get, git, job, pipeline, put, s3, task, v } from "pipegen";
const artifacts = s3("artifacts", { bucket: v("bucket"), regexp: "builds/app-(.*).tgz", access_key_id: v("key"), secret_access_key: v("secret") });
const jobs = [];
for (let i = 0; i < ${JOBS}; i++) {
  const repo = git(\`repo-\${i}\`, { uri: \`https://example.com/repo-\${i}.git\`, branch: "main" });
  jobs.push(job(\`build-\${i}\`, { plan: [
    get(repo, { trigger: true }),
    task("compile", { config: { platform: "linux",
      image_resource: { type: "registry-image", source: { repository: "golang", tag: "1.22" } },
      inputs: [\`repo-\${i}\`], outputs: ["out"],
      run: { path: "sh", args: ["-ec", "cd repo\\ngo build -o ../out/app ."] } } }),
    put(artifacts, { params: { file: "out/app-*.tgz" } }),
  ] }));
}
export default pipeline({ jobs });
`,
);
const jsonFile = path.join(dir, "big-json.js");
writeFileSync(
  jsonFile,
  `"use strict";
const artifacts = { name: "artifacts", type: "s3", source: { bucket: "((bucket))", regexp: "builds/app-(.*).tgz", access_key_id: "((key))", secret_access_key: "((secret))" } };
const resources = []; const jobs = [];
for (let i = 0; i < ${JOBS}; i++) {
  resources.push({ name: \`repo-\${i}\`, type: "git", source: { uri: \`https://example.com/repo-\${i}.git\`, branch: "main" } });
  jobs.push({ name: \`build-\${i}\`, plan: [
    { get: \`repo-\${i}\`, trigger: true },
    { task: "compile", config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "golang", tag: "1.22" } },
      inputs: [{ name: \`repo-\${i}\` }], outputs: [{ name: "out" }], run: { path: "sh", args: ["-ec", "cd repo\\ngo build -o ../out/app ."] } } },
    { put: "artifacts", params: { file: "out/app-*.tgz" } } ] });
}
resources.push(artifacts);
process.stdout.write(JSON.stringify({ resources, jobs }, null, 2));
`,
);

// the ESM project: three files, as a user splits a pipeline
const esmDir = path.join(dir, "esm-project");
require("node:fs").mkdirSync(path.join(esmDir, "lib"), { recursive: true });
writeFileSync(path.join(esmDir, "package.json"), `{ "type": "module" }\n`);
writeFileSync(
  path.join(esmDir, "lib", "images.ts"),
  `import { registryImage } from "pipegen";
export const golang = registryImage("golang", { repository: "golang", tag: "1.22" });
`,
);
writeFileSync(
  path.join(esmDir, "lib", "jobs.ts"),
  `import { get, git, job, task, type Job } from "pipegen";
import { golang } from "./images.js";
export const services: string[] = await Promise.resolve(["api", "web", "worker"]);
export function buildJob(service: string): Job {
  const repo = git(\`\${service}-repo\`, { uri: \`https://example.com/\${service}.git\`, branch: "main" });
  return job(\`build-\${service}\`, { plan: [get(repo, { trigger: true }),
    task("test", { config: { platform: "linux", image_resource: golang, inputs: [\`\${service}-repo\`], run: { path: "go", args: ["test", "./..."] } } })] });
}
`,
);
writeFileSync(
  path.join(esmDir, "pipeline.ts"),
  `import { pipeline } from "pipegen";
import { buildJob, services } from "./lib/jobs.js";
export default pipeline({ jobs: services.map(buildJob) });
`,
);

// Node 20 has no in-thread module hooks: `import` of TypeScript needs module.register(), which starts Node's hooks
// thread and waits for it. What that costs by itself (an empty hooks module) is measured too: it is the floor of
// any ESM project's render on such a Node, whatever pipegen does.
const threadHooksOnly = typeof require("node:module").registerHooks !== "function";
const emptyHooks = "data:text/javascript,export%20async%20function%20resolve(s,c,n){return%20n(s,c)}";

// Where the time goes, measured beside the targets: `pipegen --version` loads pipegen's code (its bundles through
// the code cache, commander) and does nothing else, the floor of any command; `render --no-validate` of the 500
// jobs is the render without Concourse's checks (and pipegen's).
console.log(`bench/render: ${runs} runs each (median wall time), node ${process.version}, ${os.cpus().length} cpus`);
const { nodeEmpty, version, hello, json, big, bigNoValidate, esm, hooksThread } = timeInterleaved(
  {
    nodeEmpty: { cmd: process.execPath, args: ["-e", "0"] },
    version: { cmd: process.execPath, args: [cli, "--version"], cwd: root },
    hello: { cmd: process.execPath, args: [cli, "render", path.join(root, "examples/hello-s3.ts")], cwd: root },
    json: { cmd: process.execPath, args: [jsonFile] },
    big: { cmd: process.execPath, args: [cli, "render", tsFile], cwd: dir },
    bigNoValidate: { cmd: process.execPath, args: [cli, "render", "--no-validate", tsFile], cwd: dir },
    esm: { cmd: process.execPath, args: [cli, "render", "pipeline.ts"], cwd: esmDir },
    ...(threadHooksOnly ? { hooksThread: { cmd: process.execPath, args: ["-e", `require("node:module").register(${JSON.stringify(emptyHooks)})`] } } : {}),
  },
  { runs },
);
console.log(`node -e 0                         ${fmt(nodeEmpty)}`);
console.log(`pipegen render examples/hello-s3  ${fmt(hello)}`);
console.log(`JSON baseline, ${JOBS} jobs             ${fmt(json)}`);
console.log(`pipegen render, ${JOBS} jobs            ${fmt(big)}`);
console.log(`pipegen render, ESM project (3 files) ${fmt(esm)}`);
console.log(`pipegen --version (floor)         ${fmt(version)}`);
console.log(`render --no-validate, ${JOBS} jobs      ${fmt(bigNoValidate)}`);
const r1 = hello.median / nodeEmpty.median;
const r2 = big.median / json.median;
const r3 = esm.median / nodeEmpty.median;
console.log(`\nhello-s3 render / node -e 0    = ${r1.toFixed(2)}x  (target <= 1.6x) ${r1 <= 1.6 ? "OK" : "MISSED"}`);
console.log(`500-job render / JSON baseline = ${r2.toFixed(2)}x  (target <= 2.0x) ${r2 <= 2.0 ? "OK" : "MISSED"}`);
console.log(`ESM project / node -e 0        = ${r3.toFixed(2)}x  (target <= 1.8x) ${r3 <= 1.8 ? "OK" : "MISSED"}`);
const floor = version.median / nodeEmpty.median;
console.log(`\nfloor: pipegen --version / node -e 0 = ${floor.toFixed(2)}x (loading pipegen's code, before any work)`);
console.log(`500-job render --no-validate / JSON baseline = ${(bigNoValidate.median / json.median).toFixed(2)}x (the render without its checks)`);
if (hooksThread) {
  const r4 = hooksThread.median / nodeEmpty.median;
  console.log(`\nthis Node has no module.registerHooks: module.register() of an empty hooks module alone = ${fmt(hooksThread)}`);
  console.log(`  = ${r4.toFixed(2)}x node -e 0, the floor of an ESM project's render on this Node (its hooks thread)`);
}
require("node:fs").rmSync(dir, { recursive: true, force: true });
