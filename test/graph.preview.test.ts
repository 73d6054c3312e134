// `pipegen preview` against a real Chromium: the page follows edits of the pipeline within 2 s without a
// navigation (server-sent events), shows problems with file:line:col, and the server stops cleanly on
// Ctrl-C; a port in use gets a one-line error.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, watchedPage } from "./_browser";
import { cli, repoRoot } from "./_paths";
import { pipegen } from "./_run";

let browser: Browser;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(os.tmpdir(), "pipegen-preview-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const pipelineTs = (jobName: string, extra = "") => `import { get, git, job, pipeline, task } from "pipegen";
const repo = git("repo", { uri: "https://example.com/repo.git", branch: "main" });
const unit = job("unit", { plan: [get(repo, { trigger: true }), task("test", { config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "busybox" } }, inputs: [{ name: "repo" }], run: { path: "true" } } })] });
const next = job(${JSON.stringify(jobName)}, { plan: [get(repo, { trigger: true, passed: [unit] })${extra}] });
export default pipeline({ jobs: [unit, next] });
`;

/** Starts `pipegen preview` and resolves with its URL (from its stderr) once it serves. */
function startPreview(file: string, port = "0"): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [cli, "preview", file, "--port", port], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${err}`)), 30_000);
    child.stderr!.on("data", () => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], stderr: () => err });
      }
    });
    child.on("exit", () => reject(new Error(`preview exited: ${err}`)));
  });
}

/** Saves a file the way many editors do: a new file renamed over the old one. */
function saveAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", (code) => resolve(code))));
}

describe("pipegen preview", () => {
  it("updates the open page within 2 s of a save, without a navigation; shows problems at file:line:col; stops on Ctrl-C", async () => {
    const file = path.join(dir, "app.ts");
    writeFileSync(file, pipelineTs("deploy"));
    const { child, url, stderr } = await startPreview(file);
    const { page, messages } = await watchedPage(browser);
    let navigations = 0;
    page.on("framenavigated", (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    await page.locator('.node.job[data-name="deploy"]').waitFor();
    expect(await page.locator("#problems").isHidden()).toBe(true);
    const before = navigations;

    // a renamed job: the page shows it within 2 s, with no reload
    saveAtomically(file, pipelineTs("ship-it"));
    const t0 = Date.now();
    await page.locator('section.view:not([hidden]) .node.job[data-name="ship-it"]').waitFor({ timeout: 2000 });
    expect(Date.now() - t0).toBeLessThanOrEqual(2000);
    expect(await page.locator('.node.job[data-name="deploy"]').count()).toBe(0);
    expect(navigations).toBe(before);

    // a task input nothing produces: the problem is listed on the page with the .ts call site
    saveAtomically(
      file,
      pipelineTs(
        "ship-it",
        `, task("use", { config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "busybox" } }, inputs: [{ name: "missing" }], run: { path: "true" } } })`,
      ),
    );
    const problem = page.locator("#problems li").first();
    await problem.waitFor({ timeout: 2000 });
    const lineOfTask =
      readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes('task("use"')) + 1;
    expect(await problem.innerText()).toMatch(new RegExp(`app\\.ts:${lineOfTask}:\\d+`));
    expect(stderr()).toMatch(/app\.ts:\d+:\d+/);

    // a syntax error keeps the last graph and says what is wrong
    saveAtomically(file, "export default (;\n");
    await page.locator("#problems li.load-error").waitFor({ timeout: 5000 });
    expect(await page.locator('.node.job[data-name="ship-it"]').count()).toBe(1);
    expect(navigations).toBe(before);
    expect(messages).toEqual([]);
    await page.close();

    child.kill("SIGINT");
    expect(await exited(child)).toBe(0);
    expect(stderr()).toContain("pipegen preview: stopped");
  });

  it("follows edits of a file the pipeline imports (an ES module project split over files)", async () => {
    const project = path.join(dir, "split");
    mkdirSync(path.join(project, "lib"), { recursive: true });
    writeFileSync(path.join(project, "package.json"), `{ "type": "module" }\n`);
    const jobsTs = (name: string) => `import { job, task } from "pipegen";
export const build = job(${JSON.stringify(name)}, { plan: [task("t", { config: { platform: "linux", image_resource: { type: "registry-image", source: { repository: "busybox" } }, run: { path: "true" } } })] });
`;
    writeFileSync(path.join(project, "lib", "jobs.ts"), jobsTs("compile"));
    writeFileSync(
      path.join(project, "app.ts"),
      `import { pipeline } from "pipegen";\nimport { build } from "./lib/jobs.js";\nexport default pipeline({ jobs: [build] });\n`,
    );
    const { child, url } = await startPreview(path.join(project, "app.ts"));
    const { page, messages } = await watchedPage(browser);
    await page.goto(url);
    await page.locator('.node.job[data-name="compile"]').waitFor();
    saveAtomically(path.join(project, "lib", "jobs.ts"), jobsTs("link"));
    const t0 = Date.now();
    await page.locator('section.view:not([hidden]) .node.job[data-name="link"]').waitFor({ timeout: 2000 });
    expect(Date.now() - t0).toBeLessThanOrEqual(2000);
    expect(messages).toEqual([]);
    await page.close();
    child.kill("SIGINT");
    expect(await exited(child)).toBe(0);
  });

  it("a port in use gets a one-line error, exit 1; a bad --port is a usage error", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const port = (blocker.address() as { port: number }).port;
    const file = path.join(dir, "busy.ts");
    writeFileSync(file, pipelineTs("deploy"));
    const r = pipegen(["preview", file, "--port", String(port)]);
    blocker.close();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const bad = pipegen(["preview", file, "--port", "http"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--port must be a number");
  });
});
