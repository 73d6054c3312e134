// `pipegen set-pipeline` against a stand-in fly that records what it was given (test/fixtures/fly/bin/fly).
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pipegen } from "./_run";
import { cli, repoRoot } from "./_paths";
import { deployedApp, fixture, flyWorld, SECRETS } from "./fixtures/fly/harness";

const APP = fixture("app.ts");

describe("pipegen set-pipeline", () => {
  it("maps every flag onto fly's own, in order, and hands fly the rendered YAML in a private file it then removes", () => {
    const w = flyWorld();
    const vars1 = path.join(w.root, "vars1.yml");
    const vars2 = path.join(w.root, "vars2.yml");
    writeFileSync(vars1, "a: 1\n");
    writeFileSync(vars2, "b: 2\n");
    const r = w.run([
      "set-pipeline",
      "-t",
      "ci",
      "-p",
      "app",
      APP,
      "-v",
      "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY",
      "-v",
      "greeting=hello world",
      "-y",
      "list=[1, 2]",
      "-l",
      vars1,
      "-l",
      vars2,
      "-i",
      "branch=main",
      "-i",
      "env=prod",
      "--team",
      "apps",
      "-n",
      "--check-creds",
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const calls = w.invocations();
    expect(calls).toHaveLength(1);
    const { argv, config, configMode, configDirMode, configPath } = calls[0]!;
    expect(argv).toEqual([
      "-t",
      "ci",
      "set-pipeline",
      "-p",
      "app",
      "-c",
      configPath,
      "-v",
      "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY",
      "-v",
      "greeting=hello world",
      "-y",
      "list=[1, 2]",
      "-l",
      vars1,
      "-l",
      vars2,
      "-i",
      "branch=main",
      "-i",
      "env=prod",
      "--team",
      "apps",
      "-n",
      "--check-creds",
    ]);
    // exactly what `pipegen render` prints, in a 0600 file inside a 0700 directory under TMPDIR
    expect(config).toBe(pipegen(["render", APP], { env: w.env }).stdout);
    expect(configMode).toBe("600");
    expect(configDirMode).toBe("700");
    expect(configPath!.startsWith(w.tmp + path.sep)).toBe(true);
    expect(existsSync(configPath!)).toBe(false);
    expect(w.leftovers()).toEqual([]);
    expect(r.stdout).toContain("pipeline created!");
  });

  it("returns fly's exit code when fly fails, and still removes the file", () => {
    const w = flyWorld();
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-n"], { env: { FAKE_FLY_EXIT: "3" } });
    expect(r.status).toBe(3);
    expect(w.invocations()).toHaveLength(1);
    expect(w.leftovers()).toEqual([]);
  });

  it("passes stdin through to fly's question unless -n, and leaves the answer to the user", () => {
    const w = flyWorld();
    const no = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP], { input: "n\n" });
    expect(no.status).toBe(0);
    expect(no.stdout).toContain("apply configuration? [yN]: ");
    expect(no.stdout).toContain("bailing out");
    const yes = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP], { input: "y\n" });
    expect(yes.stdout).toContain("pipeline created!");
    expect(w.invocations().map((c) => c.argv.includes("-n"))).toEqual([false, false]);
    const nonInteractive = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "--non-interactive"]);
    expect(nonInteractive.stdout).not.toContain("apply configuration?");
    expect(nonInteractive.stdout).toContain("pipeline created!");
    expect(w.invocations()[2]!.argv).toContain("-n");
    expect(w.leftovers()).toEqual([]);
  });

  for (const [label, extraEnv, expected] of [
    ["pipegen exits 130 when fly dies of the forwarded SIGINT", {}, 130],
    ["pipegen exits with fly's code when fly handles SIGINT itself", { FAKE_FLY_SIGINT_EXIT: "7" }, 7],
  ] as const) {
    it(`Ctrl-C while fly runs: ${label}, and the file is gone`, async () => {
      const w = flyWorld();
      const ready = path.join(w.root, "ready");
      const child = spawn(process.execPath, [cli, "set-pipeline", "-t", "ci", "-p", "app", APP, "-n"], {
        cwd: repoRoot,
        env: { ...process.env, ...w.env, FAKE_FLY_SLEEP_MS: "30000", FAKE_FLY_READY: ready, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const started = Date.now();
      while (!existsSync(ready)) {
        if (Date.now() - started > 30_000) throw new Error("the stand-in fly never started");
        await new Promise((r) => setTimeout(r, 50));
      }
      // the file exists while fly runs…
      expect(w.leftovers()).toHaveLength(1);
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      expect(code).toBe(expected);
      // …and is gone once pipegen has exited
      expect(w.leftovers()).toEqual([]);
      expect(existsSync(w.invocations()[0]!.configPath!)).toBe(false);
    });
  }

  it("refuses a pipeline Concourse would reject: exit 1, errors listed, fly never run", () => {
    const w = flyWorld();
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "app", fixture("invalid.ts"), "-n"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/must specify either `file:` or `config:`/);
    expect(r.stderr).toMatch(/invalid\.ts: 1 error; fly was not run/);
    expect(w.invocations()).toEqual([]);
    expect(w.leftovers()).toEqual([]);
  });

  it("says where to download fly when it is not installed (the target's own download link)", () => {
    const w = flyWorld({ withFly: false });
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-n"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("fly was not found on PATH");
    expect(r.stderr).toMatch(/https:\/\/ci\.example\.com\/api\/v1\/cli\?arch=\w+&platform=\w+/);
    expect(r.stderr).toContain("https://github.com/concourse/concourse/releases");
    expect(r.stderr).toContain("--fly <path>");
    expect(
      r.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("warning:") && !l.startsWith("    at")),
    ).toHaveLength(1);
    expect(w.leftovers()).toEqual([]);
    // --fly names the executable explicitly
    const explicit = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-n", "--fly", path.join(__dirname, "fixtures/fly/bin/fly")]);
    expect(explicit.status).toBe(0);
    expect(w.invocations()).toHaveLength(1);
  });

  it("explains an unknown target: how to log in, and which targets exist ($HOME/.flyrc)", () => {
    const w = flyWorld();
    const r = w.run(["set-pipeline", "-t", "staging", "-p", "app", APP, "-n"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`fly target 'staging' is not in ${path.join(w.home, ".flyrc")}`);
    expect(r.stderr).toContain("known targets: ci, prod");
    expect(r.stderr).toContain("fly -t staging login -c <concourse url>");
    expect(w.invocations()).toEqual([]);
    // like fly 7.7+, $FLY_HOME wins over $HOME
    const flyHome = path.join(w.root, "elsewhere");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded where the test needs it
    require("node:fs").mkdirSync(flyHome);
    writeFileSync(path.join(flyHome, ".flyrc"), "targets:\n  staging:\n    api: https://staging.example.com\n    team: main\n");
    const moved = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-n"], { env: { FLY_HOME: flyHome } });
    expect(moved.stderr).toContain(`fly target 'ci' is not in ${path.join(flyHome, ".flyrc")} (known targets: staging)`);
  });

  it("--dry-run prints the fly command line, shell-quoted, and runs nothing", () => {
    const w = flyWorld();
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "my app", APP, "-v", "msg=it's here", "-i", "branch=main", "--team", "apps", "-n", "--dry-run"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`fly -t ci set-pipeline -p 'my app' -c <(pipegen render ${APP}) -v 'msg=it'\\''s here' -i branch=main --team apps -n\n`);
    expect(w.invocations()).toEqual([]);
    expect(w.leftovers()).toEqual([]);
  });

  it("gives a YAML pipeline to fly as it is (after checking it)", () => {
    const w = flyWorld();
    const yml = path.join(w.root, "app.yml");
    writeFileSync(yml, pipegen(["render", APP], { env: w.env }).stdout);
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "app", yml, "-n"]);
    expect(r.status).toBe(0);
    expect(w.invocations()[0]!.argv.slice(5, 7)).toEqual(["-c", yml]);
  });

  it("never shows a credential: fly's diff of old and new resources is redacted, vars included", () => {
    const w = flyWorld();
    w.deploy(deployedApp());
    const r = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-v", "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY", "-n"]);
    expect(r.status).toBe(0);
    // the stand-in printed the resources (as fly does), with the values redacted
    expect(r.stdout).toContain("resource artifacts has changed:");
    expect(r.stdout).toMatch(/secret_access_key: <redacted>/);
    expect(r.stdout).toMatch(/access_key_id: <redacted>/);
    expect(r.stdout).toContain("configuration updated");
    for (const s of SECRETS) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
    // --no-redact shows fly's output untouched (the stand-in really prints the secrets)
    const raw = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-v", "s3-secret=wJalrXUtnFEMIK7MDENGbPxRfiCY", "-n", "--no-redact"]);
    expect(raw.stdout).toContain("OLDSECRETvalue123456");
    expect(raw.stdout).toContain("wJalrXUtnFEMIK7MDENGbPxRfiCY");
  });

  it("rejects a pipeline name fly would misread, and a var without '='", () => {
    const w = flyWorld();
    expect(w.run(["set-pipeline", "-t", "ci", "-p", "app/x", APP, "-n"]).status).toBe(2);
    const bad = w.run(["set-pipeline", "-t", "ci", "-p", "app", APP, "-v", "novalue", "-n"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('-v "novalue": expected name=value');
    expect(w.invocations()).toEqual([]);
  });
});
