#!/usr/bin/env node
// `pipegen graph` speed targets and the layout-engine choice (issue 13). Run after `npm run build`:
//   node bench/graph.js
// 1. Layout engines on the largest corpus pipelines, every view (the whole pipeline and each group), in a fresh
//    process each (cold, as a CLI run is): CPU time and edge crossings, elkjs (what pipegen ships) vs
//    @dagrejs/dagre (a devDependency kept for this comparison).
// 2. `pipegen graph` of the largest corpus pipeline (cf-deployment update-releases, ~15k lines) to HTML:
//    target <= 2 s wall.
// 3. That page in Chromium (playwright-core, PIPEGEN_CHROMIUM or `chromium`) until its script has run:
//    target <= 1 s.
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const { existsSync, mkdtempSync, rmSync, statSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const root = path.resolve(__dirname, "..");
const shared = [path.resolve(root, "..", "shared"), "/work/shared"].find((d) => existsSync(path.join(d, "corpus")));
if (!shared) throw new Error("shared/corpus not found");
const corpus = path.join(shared, "corpus", "pipelines");
const LARGEST = "cloudfoundry__cf-deployment__ci__pipelines__update-releases.yml";
const FILES = [
  LARGEST,
  "cloudfoundry__capi-ci__ci__pipeline.yml",
  "cloudfoundry__bosh__ci__pipeline.yml",
  "cloudfoundry__cf-deployment__ci__pipelines__cf-deployment.yml",
  "cloudfoundry__cf-for-k8s__ci__pipelines__cf-for-k8s-contributions.yml",
];

/** The child: lays out every view of one file with one engine and prints {cpuMs, crossings, nodes}. */
async function child(engine, file) {
  const esbuild = require("esbuild");
  const out = esbuild.buildSync({
    stdin: { contents: `export * from "./src/graph/index"; export * from "./src/graph/crossings";`, resolveDir: root, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    external: ["elkjs"],
  });
  const m = { exports: {} };
  new Function("module", "exports", "require", out.outputFiles[0].text)(m, m.exports, require);
  const G = m.exports;
  const { loadPipelineFile } = require(path.join(root, "dist", "index.js"));
  const { config } = await loadPipelineFile(file);
  const graph = G.pipelineGraph(config);
  const views = G.viewsOf(graph, undefined, true);
  const cpu = process.cpuUsage();
  let crossings = 0;
  if (engine === "dagre") {
    const dagre = require("@dagrejs/dagre");
    for (const v of views) {
      const g = new dagre.graphlib.Graph({ multigraph: true }).setGraph({ rankdir: "LR", nodesep: 14, ranksep: 50 }).setDefaultEdgeLabel(() => ({}));
      for (const n of v.nodes) g.setNode(n.id, { width: n.width, height: n.height });
      for (const e of v.edges) g.setEdge(e.from, e.to, {}, e.id);
      dagre.layout(g);
      crossings += G.countCrossings(v.edges.map((e) => g.edge({ v: e.from, w: e.to, name: e.id }).points));
    }
  } else {
    for (const v of views) crossings += G.countCrossings((await G.layoutView(v)).edges.map((e) => e.points));
  }
  const cpuMs = Math.round(process.cpuUsage(cpu).user / 1000);
  process.stdout.write(JSON.stringify({ cpuMs, crossings, views: views.length, nodes: views.reduce((n, v) => n + v.nodes.length, 0) }));
}

async function main() {
  console.log("1. layout engines, all views, cold process (CPU ms / edge crossings)");
  for (const f of FILES) {
    const r = {};
    for (const engine of ["elkjs", "dagre"]) {
      const p = spawnSync(process.execPath, [__filename, "--child", engine, path.join(corpus, f)], { encoding: "utf8", cwd: root });
      if (p.status !== 0) throw new Error(p.stderr);
      r[engine] = JSON.parse(p.stdout);
    }
    console.log(
      `   ${f
        .replace(/^cloudfoundry__/, "")
        .slice(0, 48)
        .padEnd(
          48,
        )} ${String(r.elkjs.views).padStart(2)} views ${String(r.elkjs.nodes).padStart(5)} nodes  elkjs ${r.elkjs.cpuMs} ms / ${r.elkjs.crossings}  dagre ${r.dagre.cpuMs} ms / ${r.dagre.crossings}`,
    );
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-bench-graph-"));
  try {
    const html = path.join(dir, "graph.html");
    const t0 = process.hrtime.bigint();
    const g = spawnSync(process.execPath, [path.join(root, "bin", "pipegen.js"), "graph", path.join(corpus, LARGEST), "-o", html], { encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!existsSync(html)) throw new Error(g.stderr);
    console.log(`2. pipegen graph ${LARGEST} -> HTML (${Math.round(statSync(html).size / 1024)} KB): ${Math.round(ms)} ms (target <= 2000 ms)`);

    const { chromium } = require("playwright-core");
    const executablePath =
      process.env.PIPEGEN_CHROMIUM || execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();
    const browser = await chromium.launch({ executablePath, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
    const times = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
      await page.waitForSelector("body[data-ready]");
      // from navigation start to the end of the load event: parse, style, layout, first paint and the script
      times.push(
        await page.evaluate(() => {
          const n = performance.getEntriesByType("navigation")[0];
          return Math.round(n.loadEventEnd - n.startTime);
        }),
      );
      await page.close();
    }
    await browser.close();
    console.log(`3. that page in Chromium until ready: ${times.join(", ")} ms (target <= 1000 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child")
  child(process.argv[3], process.argv[4]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
else
  main().catch((e) => {
    console.error(e.message || e);
    process.exit(1);
  });
