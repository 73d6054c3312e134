// `pipegen diff` against the stand-in fly, and the structural comparison under it.
import { describe, expect, it } from "vitest";
import { diffConfigs, normalizeConfig, unwrapDeployedConfig } from "../src/fly";
import { normalizeGoDuration } from "../src/go-duration";
import { deployedApp, fixture, flyWorld, SECRETS } from "./fixtures/fly/harness";
import { pipegen } from "./_run";

const APP = fixture("app.ts");
const S3_SECRET = ["-v", "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY"];

/** app.ts as Concourse would hand it back after `set-pipeline -v s3-secret=…` (Go's shape: in_parallel objects, no zero values). */
function appAsDeployed(): Record<string, unknown> {
  const d = deployedApp();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
  const resources = d.resources as Record<string, any>[];
  resources[0]!.source.private_key =
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB\n-----END OPENSSH PRIVATE KEY-----\n";
  resources[1]!.source = {
    access_key_id: "AKIAIOSFODNN7EXAMPLE",
    bucket: "acme-artifacts",
    regexp: "app/app-(.*).tgz",
    secret_access_key: "wJalrXUtnFEMIK7MDENGbPxRfiCY",
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's loose view of parsed output
  const task = ((d.jobs as any[])[0].plan as any[])[1];
  task.config.image_resource.source.password = "registry-pw-83hd72";
  task.config.params = { DB_PASSWORD: "db-pw-hunter2-9f8e", FOO: "1" };
  return d;
}

describe("pipegen diff", () => {
  it("--exit-code: 0 when the target runs exactly this pipeline, 1 when it differs", () => {
    const w = flyWorld();
    w.deploy(appAsDeployed());
    const same = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET, "--exit-code"]);
    expect(same.stderr).toContain("app: no differences");
    expect(same.stdout).toBe("");
    expect(same.status).toBe(0);
    expect(w.invocations()[0]!.argv).toEqual(["-t", "ci", "get-pipeline", "-p", "app", "--json"]);

    w.deploy(deployedApp());
    const differs = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET, "--exit-code"]);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toContain('~ jobs.build.plan[1].task(unit).config.params.FOO: "2" → "1"');
    expect(differs.stdout).toContain("~ resources.artifacts.source.secret_access_key: <redacted> → <redacted> (credential changed)");
    // without --exit-code a difference is not a failure
    expect(w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET]).status).toBe(0);
  });

  it("never prints a credential, in text or JSON, from either side", () => {
    const w = flyWorld();
    w.deploy(deployedApp());
    for (const extra of [[], ["--json"], ["--color"]]) {
      const r = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET, ...extra]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("<redacted>");
      for (const s of SECRETS) {
        expect(r.stdout).not.toContain(s);
        expect(r.stderr).not.toContain(s);
      }
    }
  });

  it("shows a pipeline that does not exist yet as all added", () => {
    const w = flyWorld();
    const r = w.run(["diff", "-t", "ci", "-p", "app", APP, "--exit-code", "--team", "apps"]);
    expect(r.status).toBe(1);
    expect(w.invocations()[0]!.argv).toEqual(["-t", "ci", "get-pipeline", "-p", "app", "--json", "--team", "apps"]);
    expect(r.stderr).toContain("pipeline 'app' does not exist on target 'ci' yet");
    expect(
      r.stdout
        .split("\n")
        .filter((l) => /^[-~↕+] /.test(l))
        .every((l) => l.startsWith("+ ")),
    ).toBe(true);
    expect(r.stdout).toContain("+ resources.repo:");
    expect(r.stdout).toContain("+ jobs.build:");
    const json = JSON.parse(w.run(["diff", "-t", "ci", "-p", "app", APP, "--json"]).stdout);
    expect(json.exists).toBe(false);
    expect(json.changes.map((c: { kind: string }) => c.kind)).toEqual(["added", "added", "added"]);
  });

  it("accepts the API's {\"config\": …} shape as well as fly's bare config", () => {
    const w = flyWorld();
    w.deploy(appAsDeployed());
    const r = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET, "--exit-code"], { env: { FAKE_FLY_WRAP: "1" } });
    expect(r.status).toBe(0);
    expect(unwrapDeployedConfig({ config: { jobs: [] } })).toEqual({ jobs: [] });
    expect(unwrapDeployedConfig({ jobs: [], config: {} })).toEqual({ jobs: [], config: {} });
  });

  it("selects an instance of an instanced pipeline with -p name/key:value", () => {
    const w = flyWorld();
    w.run(["diff", "-t", "ci", "-p", "app", APP, "-i", "branch=main", "-i", "n=2"]);
    expect(w.invocations()[0]!.argv).toEqual(["-t", "ci", "get-pipeline", "-p", 'app/branch:"main",n:2', "--json"]);
  });

  it("reports a fly failure as such (not as a difference)", () => {
    const w = flyWorld();
    const r = w.run(["diff", "-t", "nope", "-p", "app", APP]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("fly target 'nope' is not in");
    expect(w.invocations()).toEqual([]);
  });
});

describe("normalising what Concourse hands back", () => {
  it("treats zero values, in_parallel lists, Go durations, task params and memory units as Concourse stores them", () => {
    const rendered = {
      resources: [{ name: "r", type: "git", source: { uri: "u" }, check_every: "1m", public: false }],
      jobs: [
        {
          name: "j",
          serial: false,
          plan: [
            { in_parallel: [{ get: "r", trigger: false }] },
            { task: "t", config: { platform: "linux", run: { path: "x" }, params: { N: 0, B: true, M: { a: 1 } }, container_limits: { memory: "1GB" } } },
          ],
        },
      ],
      not_concourse: { anchors: true },
    };
    const deployed = {
      resources: [{ name: "r", type: "git", source: { uri: "u" }, check_every: "1m0s" }],
      jobs: [
        {
          name: "j",
          plan: [
            { in_parallel: { steps: [{ get: "r" }] } },
            {
              task: "t",
              config: { platform: "linux", run: { path: "x" }, params: { N: "0", B: "true", M: '{"a":1}' }, container_limits: { memory: 1073741824 } },
            },
          ],
        },
      ],
    };
    expect(diffConfigs(normalizeConfig(deployed), normalizeConfig(rendered))).toEqual([]);
    // free-form maps keep their empty values: an empty env var is a real setting
    const a = normalizeConfig({ jobs: [{ name: "j", plan: [{ put: "x", params: { EMPTY: "" } }] }] });
    expect(a).toEqual({ jobs: [{ name: "j", plan: [{ put: "x", params: { EMPTY: "" } }] }] });
  });

  it("formats durations as Go does", () => {
    expect(["1m", "1h", "90s", "1.5h", "500ms", "0", "1m1ms", "never", "((t))"].map(normalizeGoDuration)).toEqual([
      "1m0s",
      "1h0m0s",
      "1m30s",
      "1h30m0s",
      "500ms",
      "0s",
      "1m0.001s",
      "never",
      "((t))",
    ]);
  });

  it("matches steps by kind and name through do, in_parallel, try and hooks, and reports moves", () => {
    const step = (extra: object) => ({ task: "unit", file: "ci/unit.yml", ...extra });
    const before = {
      jobs: [
        {
          name: "build",
          plan: [
            { get: "repo" },
            { in_parallel: { steps: [{ get: "a" }, { do: [{ task: "x", file: "x.yml", params: { V: "1" } }] }] } },
            step({ on_failure: { put: "chat", params: { text: "old" } } }),
            { try: { put: "cleanup" } },
          ],
        },
      ],
    };
    const after = {
      jobs: [
        {
          name: "build",
          plan: [
            { in_parallel: { steps: [{ get: "a" }, { do: [{ task: "x", file: "x.yml", params: { V: "2" } }] }] } },
            { get: "repo" },
            step({ on_failure: { put: "chat", params: { text: "new" } } }),
            { try: { put: "cleanup", params: { force: true } } },
            { load_var: "version", file: "v/version" },
          ],
        },
      ],
    };
    const changes = diffConfigs(normalizeConfig(before), normalizeConfig(after));
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      "changed jobs.build.plan[0].in_parallel.steps[1].do[0].task(x).params.V",
      // the longest run kept in order stays; the rest is reported as moved
      "moved jobs.build.plan[1].get(repo)",
      "changed jobs.build.plan[2].task(unit).on_failure.put(chat).params.text",
      "added jobs.build.plan[3].try.put(cleanup).params",
      "added jobs.build.plan[4].load_var(version)",
    ]);
  });

  it("matches jobs, resources and groups by name; group order is reported because the UI shows it", () => {
    const before = {
      groups: [
        { name: "a", jobs: ["x"] },
        { name: "b", jobs: ["y"] },
      ],
      resources: [{ name: "r1", type: "t", source: {} }],
      jobs: [
        { name: "x", plan: [] },
        { name: "y", plan: [] },
      ],
    };
    const after = {
      groups: [
        { name: "b", jobs: ["y"] },
        { name: "a", jobs: ["x"] },
      ],
      resources: [{ name: "r2", type: "t", source: {} }],
      jobs: [
        { name: "y", plan: [] },
        { name: "x", plan: [] },
      ],
    };
    const changes = diffConfigs(normalizeConfig(before), normalizeConfig(after));
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(["moved groups.a", "removed resources.r1", "added resources.r2"]);
  });
});

describe("pipegen diff output", () => {
  it("is plain without a terminal and coloured with --color", () => {
    const w = flyWorld();
    w.deploy(deployedApp());
    const plain = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET]);
    expect(plain.stdout).not.toContain("\x1b[");
    const coloured = w.run(["diff", "-t", "ci", "-p", "app", APP, ...S3_SECRET, "--color"]);
    expect(coloured.stdout).toContain("\x1b[33m~ jobs.build.plan[1].task(unit).config.params.FOO:");
  });

  it("refuses an invalid pipeline before asking fly anything", () => {
    const w = flyWorld();
    const r = w.run(["diff", "-t", "ci", "-p", "app", fixture("invalid.ts")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nothing was compared");
    expect(w.invocations()).toEqual([]);
    expect(pipegen(["diff", "--help"]).stdout).toContain("--exit-code");
  });
});
