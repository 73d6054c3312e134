#!/usr/bin/env node
// Makes docs/packaging-graph.png, the README's picture of `pipegen graph`: the packaging pipeline drawn by
// the built CLI and photographed by Chromium (playwright-core; PIPEGEN_CHROMIUM or `chromium` on the PATH).
//   npm run build && node scripts/graph-screenshot.js
"use strict";
const { execFileSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { chromium } = require("playwright-core");

const root = path.resolve(__dirname, "..");
const executablePath =
  process.env.PIPEGEN_CHROMIUM || execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-shot-"));
  try {
    const html = path.join(dir, "graph.html");
    execFileSync(process.execPath, [path.join(root, "bin", "pipegen.js"), "graph", "pipelines/package-docker-images.ts", "-o", html], {
      cwd: root,
      stdio: "inherit",
    });
    const browser = await chromium.launch({ executablePath, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector("body[data-ready]");
    await page.hover('.node.job[data-name="package-busybox"]');
    const box = await page.evaluate(() => {
      const svg = document.querySelector("section.view:not([hidden]) svg").getBoundingClientRect();
      const steps = document.getElementById("steps").getBoundingClientRect();
      return { width: Math.ceil(Math.max(svg.right, steps.right) + 8), height: Math.ceil(Math.max(svg.bottom, steps.bottom) + 8) };
    });
    await page.screenshot({ path: path.join(root, "docs", "packaging-graph.png"), clip: { x: 0, y: 0, ...box } });
    await browser.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
