/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// `pipegen graph`'s other outputs and bad input: Mermaid that mermaid itself (the renderer GitHub uses) parses
// and draws in Chromium, dot that Graphviz accepts, standalone SVG, `--group`, and invalid pipelines that are
// still drawn with their problems on the page and on stderr (exit 1).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchBrowser, watchedPage } from "./_browser";
import { corpusDir, repoRoot } from "./_paths";
import { pipegen } from "./_run";

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-graph-formats-"));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const corpus = (name: string) => path.join(corpusDir, "pipelines", name);
const cfDeployment = corpus("cloudfoundry__cf-deployment__ci__pipelines__cf-deployment.yml");

describe("pipegen graph --format mermaid", () => {
  it("is parsed and rendered by mermaid in Chromium, with every job and edge", async () => {
    const cases = [
      { args: ["examples/app-ci.ts"], jobs: JSON.parse(pipegen(["render", "examples/app-ci.ts", "--json"]).stdout).jobs.map((j: { name: string }) => j.name) },
      { args: [cfDeployment, "--group", "ship-it"], jobs: undefined },
    ];
    const { page, messages } = await watchedPage(browser);
    await page.setContent("<!doctype html><body></body>");
    await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
    await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
    for (const c of cases) {
      const r = pipegen(["graph", ...c.args, "--format", "mermaid"]);
      expect(r.stdout).toMatch(/^---\ntitle: .*\n---\nflowchart LR\n/);
      const edges = r.stdout.split("\n").filter((l) => /-\.?->/.test(l)).length;
      const drawn = await page.evaluate(async (text) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
        const m = (window as any).mermaid;
        await m.parse(text);
        const { svg } = await m.render(`g${Math.random().toString(36).slice(2)}`, text);
        const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
        return {
          labels: [...doc.querySelectorAll(".node")].map((n) => n.textContent!.trim()),
          edges: doc.querySelectorAll(".edgePaths path, path.flowchart-link").length,
        };
      }, r.stdout);
      expect(drawn.edges).toBe(edges);
      if (c.jobs) for (const j of c.jobs) expect(drawn.labels).toContain(j);
    }
    // Mermaid's own warnings would show here
    expect(messages.filter((m) => !m.startsWith("debug"))).toEqual([]);
    await page.close();
  });

  it("escapes quotes and # in names so mermaid keeps them as text", async () => {
    const file = path.join(dir, "odd.yml");
    writeFileSync(
      file,
      `jobs:\n- name: 'say "hi" #1'\n  plan:\n  - get: "src<x>"\nresources:\n- name: "src<x>"\n  type: git\n  source: {uri: "https://example.com/x.git"}\n`,
    );
    const r = pipegen(["graph", file, "--format", "mermaid"]);
    expect(r.stdout).toContain(`["say #34;hi#34; #35;1"]`);
    const { page } = await watchedPage(browser);
    await page.setContent("<!doctype html><body></body>");
    await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
    const labels = await page.evaluate(async (text) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
      const m = (window as any).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: "strict" });
      const { svg } = await m.render("odd", text);
      return [...new DOMParser().parseFromString(svg, "image/svg+xml").querySelectorAll(".node")].map((n) => n.textContent!.trim());
    }, r.stdout);
    expect(labels).toEqual(expect.arrayContaining(['say "hi" #1', "src<x>"]));
    await page.close();
  });
});

describe("pipegen graph --format dot and svg", () => {
  it("dot is accepted by Graphviz, with every job", () => {
    const r = pipegen(["graph", cfDeployment, "--format", "dot"]);
    expect(r.stdout).toMatch(/^digraph /);
    const svg = execFileSync("dot", ["-Tsvg"], { input: r.stdout, encoding: "utf8", maxBuffer: 64 << 20 });
    const jobs = (parse(readFileSync(cfDeployment, "utf8"), { merge: true }) as { jobs: { name: string }[] }).jobs;
    expect(jobs.length).toBeGreaterThanOrEqual(50);
    const texts = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))));
    for (const j of jobs) expect(texts).toContain(j.name);
  });

  it("-o picks the format from the extension; svg is a standalone SVG document", () => {
    const out = path.join(dir, "g.svg");
    expect(pipegen(["graph", "examples/app-ci.ts", "-o", out]).status).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain("<style>");
    expect(() => execFileSync("dot", ["-V"], { stdio: "ignore" })).not.toThrow();
  });
});

describe("pipegen graph: groups and bad input", () => {
  it("--group draws one group; an unknown group names the groups that exist (usage error)", () => {
    const one = pipegen(["graph", cfDeployment, "--group", "ship-it", "--format", "dot"]);
    expect(one.status).toBe(0);
    const all = pipegen(["graph", cfDeployment, "--format", "dot"]);
    expect(one.stdout.split("\n").length).toBeLessThan(all.stdout.split("\n").length);
    const bad = pipegen(["graph", cfDeployment, "--group", "nope"]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^pipegen: no group named 'nope'; the pipeline's groups are 'cf-deployment', 'fresh-luna', /m);
    const none = pipegen(["graph", "examples/hello-s3.ts", "--group", "x"]);
    expect(none.stderr).toContain("the pipeline has no groups");
    expect(pipegen(["graph", "examples/hello-s3.ts", "--format", "png"]).status).toBe(2);
  });

  it("an invalid pipeline is drawn anyway: problems on stderr and on the page, exit 1", async () => {
    const file = path.join(dir, "bad.yml");
    writeFileSync(
      file,
      `resources:\n- name: repo\n  type: git\n  source: {uri: "https://example.com/x.git"}\njobs:\n- name: unit\n  plan:\n  - get: repo\n- name: deploy\n  plan:\n  - get: repo\n    passed: [unti]\n  - put: nowhere\n`,
    );
    const out = path.join(dir, "bad.html");
    const r = pipegen(["graph", file, "-o", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unti/);
    expect(r.stderr).toMatch(/bad\.yml:\d+:\d+/);
    const { page, messages } = await watchedPage(browser);
    await page.goto(pathToFileURL(out).href);
    const problems = await page.locator("#problems").innerText();
    expect(problems).toMatch(/bad\.yml:12:\d+/);
    expect(problems).toContain("unti");
    expect(await page.locator('.node.job[data-name="deploy"]').count()).toBe(1);
    expect(await page.locator('.node.output[data-name="nowhere"]').count()).toBe(1);
    expect(messages).toEqual([]);
    await page.close();
  });

  it("a file that cannot be loaded is one line, exit 1", () => {
    const r = pipegen(["graph", path.join(repoRoot, "nope.ts")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nope\.ts: no such file/);
  });
});
