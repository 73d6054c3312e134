// `pipegen set-all` / `diff-all` over a pipegen.config.ts, against the stand-in fly.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./_paths";
import { deployedApp, flyWorld, SECRETS } from "./fixtures/fly/harness";

const fixtures = path.join(repoRoot, "test/fixtures/fly");

function project(w: ReturnType<typeof flyWorld>, body: string): string {
  const file = path.join(w.root, "pipegen.config.ts");
  writeFileSync(file, `import { defineConfig } from "pipegen";\nexport default defineConfig(${body});\n`);
  return file;
}

const THREE = `{
  target: "ci",
  pipelines: [
    { file: ${JSON.stringify(path.join(fixtures, "app.ts"))}, name: "app", vars: { "s3-secret": "wJalrXUtnFEMIK7MDENGbPxRfiCY", replicas: 3 } },
    { file: ${JSON.stringify(path.join(fixtures, "invalid.ts"))}, name: "broken" },
    { file: ${JSON.stringify(path.join(fixtures, "app.ts"))}, name: "app-prod", target: "prod", team: "ops", instanceVars: { branch: "release" }, varFiles: ["vars.yml"] },
  ],
}`;

describe("pipegen set-all", () => {
  it("sets pipelines in order, stops at the first failure, and ends with a summary table", () => {
    const w = flyWorld();
    writeFileSync(path.join(w.root, "vars.yml"), "region: eu\n");
    project(w, THREE);
    const r = w.run(["set-all", "-n"], { cwd: w.root });
    expect(r.status).toBe(1);
    const calls = w.invocations();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.argv).toEqual([
      "-t",
      "ci",
      "set-pipeline",
      "-p",
      "app",
      "-c",
      calls[0]!.configPath,
      "-v",
      "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY",
      "-y",
      "replicas=3",
      "-n",
    ]);
    expect(r.stderr).toMatch(
      /pipeline\s+target\s+result\napp\s+ci\s+set\nbroken\s+ci\s+failed: .*invalid\.ts: 1 error; fly was not run\napp-prod\/branch:release\s+prod\/ops\s+skipped/,
    );
    expect(r.stderr).toContain("1 of 3 pipelines failed, 1 skipped (use --keep-going to go on after a failure)");
    expect(w.leftovers()).toEqual([]);
  });

  it("--keep-going sets the rest, with each pipeline's target, team, var files and instance vars", () => {
    const w = flyWorld();
    writeFileSync(path.join(w.root, "vars.yml"), "region: eu\n");
    project(w, THREE);
    const r = w.run(["set-all", "-n", "--keep-going"], { cwd: w.root });
    expect(r.status).toBe(1);
    const calls = w.invocations();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.argv).toEqual([
      "-t",
      "prod",
      "set-pipeline",
      "-p",
      "app-prod",
      "-c",
      calls[1]!.configPath,
      "-l",
      path.join(w.root, "vars.yml"),
      "-i",
      'branch="release"',
      "--team",
      "ops",
      "-n",
    ]);
    expect(r.stderr).toMatch(/app-prod\/branch:release\s+prod\/ops\s+set/);
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it("runs only the named pipelines, and reports a fly failure in the table", () => {
    const w = flyWorld();
    writeFileSync(path.join(w.root, "vars.yml"), "region: eu\n");
    project(w, THREE);
    const r = w.run(["set-all", "-n", "app-prod", "app"], { cwd: w.root, env: { FAKE_FLY_EXIT: "4" } });
    expect(r.status).toBe(1);
    expect(w.invocations()).toHaveLength(1);
    expect(r.stderr).toMatch(/app\s+ci\s+failed \(fly exited 4\)/);
    const unknown = w.run(["set-all", "nope"], { cwd: w.root });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("not in");
  });

  it("explains a missing or malformed config", () => {
    const w = flyWorld();
    const none = w.run(["set-all"], { cwd: w.root });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("no pipegen.config.ts in");
    project(w, `{ pipelines: [{ file: "x.ts", name: "x" }] }`);
    const bad = w.run(["set-all"], { cwd: w.root });
    expect(bad.stderr).toContain("pipegen.config.ts: pipelines[0].target: is missing (set it here or as the config's default target)");
    const other = path.join(w.root, "other.config.ts");
    writeFileSync(
      other,
      `export default { target: "ci", pipelines: [{ file: ${JSON.stringify(path.join(fixtures, "app.ts"))}, name: "a", vars: { "s3-secret": "x" } }] };\n`,
    );
    const ok = w.run(["set-all", "-n", "--config", other], { cwd: repoRoot });
    expect(ok.status).toBe(0);
  });
});

describe("pipegen diff-all", () => {
  it("compares every pipeline, prints a summary, and --exit-code fails when one differs", () => {
    const w = flyWorld();
    w.deploy(deployedApp());
    project(
      w,
      `{ target: "ci", pipelines: [
      { file: ${JSON.stringify(path.join(fixtures, "app.ts"))}, name: "app", vars: { "s3-secret": "wJalrXUtnFEMIK7MDENGbPxRfiCY" } },
      { file: ${JSON.stringify(path.join(fixtures, "app.ts"))}, name: "copy", target: "prod" },
    ] }`,
    );
    const r = w.run(["diff-all", "--exit-code"], { cwd: w.root });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("pipeline app (target ci)");
    expect(r.stdout).toContain("pipeline copy (target prod)");
    expect(r.stderr).toMatch(/app\s+ci\s+\d+ differences: /);
    for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
    const json = JSON.parse(w.run(["diff-all", "--json"], { cwd: w.root }).stdout);
    expect(json.map((d: { pipeline: string }) => d.pipeline)).toEqual(["app", "copy"]);
    expect(json[0].different).toBe(true);
  });
});
