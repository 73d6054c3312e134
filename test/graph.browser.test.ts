/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// `pipegen graph` pages opened in a real Chromium: every job and resource is on the page as text, every edge
// joins the boxes it should (by name and by geometry), group tabs switch views, hovering a job shows its
// steps with their images, and the page logs nothing and requests nothing.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { launchBrowser, watchedPage } from "./_browser";
import { corpusDir } from "./_paths";
import { pipegen } from "./_run";

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-graph-"));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
type Obj = Record<string, any>;
interface Config {
  jobs?: Obj[];
  resources?: Obj[];
  groups?: { name: string; jobs: string[] }[];
}

/** The config, read independently of the code under test: `pipegen render --json` (ts) or the yaml library. */
function configOf(file: string): Config {
  if (file.endsWith(".ts")) return JSON.parse(pipegen(["render", file, "--json", "--no-validate"]).stdout);
  return parse(readFileSync(file, "utf8"), { merge: true, maxAliasCount: -1 }) as Config;
}

/** Every get/put of a job, walking nested steps and hooks. */
function io(job: Obj): { gets: { resource: string; passed: string[] }[]; puts: string[] } {
  const gets: { resource: string; passed: string[] }[] = [];
  const puts: string[] = [];
  const walk = (s: unknown): void => {
    if (!s || typeof s !== "object") return;
    const step = s as Obj;
    if (typeof step.get === "string") gets.push({ resource: step.resource ?? step.get, passed: step.passed ?? [] });
    if (typeof step.put === "string") puts.push(step.resource ?? step.put);
    const par = step.in_parallel;
    for (const c of Array.isArray(par) ? par : (par?.steps ?? [])) walk(c);
    for (const c of step.do ?? []) walk(c);
    for (const k of ["try", "on_success", "on_failure", "on_abort", "on_error", "ensure"]) walk(step[k]);
  };
  for (const s of job.plan ?? []) walk(s);
  for (const k of ["on_success", "on_failure", "on_abort", "on_error", "ensure"]) walk(job[k]);
  return { gets, puts };
}

/** The edges a view must have, as `from -> to` with nodes named `job:x`, `in:job/res`, `out:job/res`. */
function expectedEdges(config: Config, jobs: readonly string[]): string[] {
  const inView = new Set(jobs);
  const out = new Set<string>();
  const inputs = (config.jobs ?? []).flatMap((j) => io(j).gets.map((g) => ({ job: j.name, ...g })));
  const outputs = (config.jobs ?? []).flatMap((j) => io(j).puts.map((resource) => ({ job: j.name, resource })));
  for (const i of inputs) {
    if (!inView.has(i.job)) continue;
    const upstream = (i.passed as string[]).filter((p) => inView.has(p) && p !== i.job);
    if (upstream.length === 0) out.add(`in:${i.job}/${i.resource} -> job:${i.job}`);
    for (const p of upstream) out.add(`job:${p} -> job:${i.job}`);
  }
  for (const o of outputs) if (inView.has(o.job)) out.add(`job:${o.job} -> out:${o.job}/${o.resource}`);
  return [...out].sort();
}

/** What the visible view shows: node texts by kind, edges by node names, and edges whose ends miss their boxes. */
async function visibleView(page: Page) {
  return page.evaluate(() => {
    const view = [...document.querySelectorAll("section.view")].find((s) => !(s as HTMLElement).hidden)!;
    const nodes = new Map<string, Element>();
    for (const n of view.querySelectorAll(".node")) nodes.set(n.getAttribute("data-id")!, n);
    const label = (n: Element): string => {
      const kind = n.classList.contains("job") ? "job" : n.classList.contains("input") ? "in" : n.classList.contains("output") ? "out" : "res";
      return kind === "job" || kind === "res" ? `${kind}:${n.textContent}` : `${kind}:${n.getAttribute("data-job")}/${n.textContent}`;
    };
    const misses: string[] = [];
    const edges = [...view.querySelectorAll("path.edge")].map((e) => {
      const from = nodes.get(e.getAttribute("data-from")!)!;
      const to = nodes.get(e.getAttribute("data-to")!)!;
      const p = e as SVGPathElement;
      const len = p.getTotalLength();
      const near = (pt: DOMPoint, n: Element): boolean => {
        const r = n.querySelector("rect")!.getBBox();
        const m = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(n.getAttribute("transform")!)!;
        const x = r.x + Number(m[1]),
          y = r.y + Number(m[2]);
        return pt.x >= x - 2 && pt.x <= x + r.width + 2 && pt.y >= y - 2 && pt.y <= y + r.height + 2;
      };
      const name = `${label(from)} -> ${label(to)}`;
      if (!near(p.getPointAtLength(0), from) || !near(p.getPointAtLength(len), to)) misses.push(name);
      return name;
    });
    const texts = (cls: string) => [...view.querySelectorAll(`.node.${cls} text`)].map((t) => t.textContent!);
    return { jobs: texts("job"), resources: [...texts("input"), ...texts("output"), ...texts("resource")], edges: edges.sort(), misses };
  });
}

async function openGraph(file: string, extra: string[] = []) {
  const out = path.join(dir, `${path.basename(file)}.html`);
  const r = pipegen(["graph", file, "-o", out, ...extra]);
  expect(r.stderr).not.toMatch(/internal error/);
  const { page, messages, requests } = await watchedPage(browser);
  await page.goto(pathToFileURL(out).href);
  await page.waitForSelector("body[data-ready]");
  return { page, messages, requests, url: pathToFileURL(out).href, status: r.status };
}

const seeds = [
  "examples/app-ci.ts",
  "examples/hello-s3.ts",
  "examples/hello-s3-with-resource.ts",
  "examples/offline-images-consumer.ts",
  "examples/pipelines-of-pipelines.ts",
  "examples/seed-package-docker-images.ts",
  "pipelines/package-docker-images.ts",
];

describe("pipegen graph in Chromium: seed pipelines", () => {
  for (const seed of seeds) {
    it(`${seed}: every job and resource as text, edges join the right boxes, nothing logged or fetched`, async () => {
      const config = configOf(seed);
      const { page, messages, requests, url, status } = await openGraph(seed);
      expect(status).toBe(0);
      const v = await visibleView(page);
      const jobs = (config.jobs ?? []).map((j) => j.name);
      expect([...v.jobs].sort()).toEqual([...jobs].sort());
      for (const r of config.resources ?? []) expect(v.resources).toContain(r.name);
      expect(v.edges).toEqual(expectedEdges(config, jobs));
      expect(v.misses).toEqual([]);
      expect(messages).toEqual([]);
      expect(requests).toEqual([url]);
      await page.close();
    });
  }

  it("hovering a job shows its steps: task names and images, for S3 images the bucket and regexp", async () => {
    const { page, messages } = await openGraph("examples/offline-images-consumer.ts");
    const config = configOf("examples/offline-images-consumer.ts");
    const job = config.jobs!.find((j) => JSON.stringify(j.plan).includes('"type":"s3"'))!;
    const task = job.plan.find((s: Obj) => s.task && s.config?.image_resource?.type === "s3");
    await page.hover(`section.view:not([hidden]) .node.job[data-name="${job.name}"]`);
    const panel = page.locator("#steps");
    await expect.poll(() => panel.isVisible()).toBe(true);
    const text = await panel.innerText();
    expect(text).toContain(`task: ${task.task}`);
    expect(text).toContain(`bucket ${task.config.image_resource.source.bucket}`);
    expect(text).toContain(`regexp ${task.config.image_resource.source.regexp}`);
    await page.mouse.move(2, 890);
    await expect.poll(() => panel.isVisible()).toBe(false);
    expect(messages).toEqual([]);
    await page.close();
  });

  it("the packaging pipeline's hover shows the registry image a task runs in", async () => {
    const { page } = await openGraph("pipelines/package-docker-images.ts");
    await page.hover(`section.view:not([hidden]) .node.job[data-name="package-ubuntu"]`);
    const text = await page.locator("#steps").innerText();
    expect(text).toMatch(/get: image\s+resource ubuntu-registry/);
    expect(text).toMatch(/task: package\s+image registry-image debian:stable-slim/);
    expect(text).toContain("put: ubuntu-s3");
    await page.close();
  });
});

describe("pipegen graph in Chromium: a corpus pipeline with 50+ jobs and groups", () => {
  const file = path.join(corpusDir, "pipelines", "cloudfoundry__cf-deployment__ci__pipelines__cf-deployment.yml");

  it("shows every job and resource, joins edges right, and switches groups", async () => {
    const config = configOf(file);
    expect(config.jobs!.length).toBeGreaterThanOrEqual(50);
    expect(config.groups!.length).toBeGreaterThan(1);
    const { page, messages, requests, url } = await openGraph(file);
    const all = await visibleView(page);
    const jobs = config.jobs!.map((j) => j.name);
    expect([...all.jobs].sort()).toEqual([...jobs].sort());
    for (const r of config.resources ?? []) expect(all.resources).toContain(r.name);
    expect(all.edges).toEqual(expectedEdges(config, jobs));
    expect(all.misses).toEqual([]);
    for (const group of config.groups!) {
      await page.click(`.tab[data-group="${group.name}"]`);
      expect(await page.locator(`.tab[data-group="${group.name}"]`).getAttribute("aria-selected")).toBe("true");
      expect(await page.locator("section.view:not([hidden])").count()).toBe(1);
      const v = await visibleView(page);
      const members = jobs.filter((j) => group.jobs.includes(j));
      expect([...v.jobs].sort()).toEqual([...members].sort());
      expect(v.edges).toEqual(expectedEdges(config, members));
      expect(v.misses).toEqual([]);
    }
    await page.click(`.tab[data-group=""]`);
    expect((await visibleView(page)).jobs.length).toBe(jobs.length);
    expect(messages).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
