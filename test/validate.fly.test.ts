// `pipegen validate --fly`: a real fly (here the recording stand-in) gives a second opinion on the same YAML.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

const flyBin = path.join(repoRoot, "test/fixtures/fly/bin");
const withFly = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: `${flyBin}${path.delimiter}${process.env.PATH}`, ...extra });

describe("pipegen validate --fly", () => {
  it("passes when fly agrees", () => {
    const r = pipegen(["validate", "--fly", "examples/hello-s3.ts"], { env: withFly() });
    expect(r.stdout).toBe("looks good\n");
    expect(r.status).toBe(0);
  });

  it("fails and shows fly's output when fly disagrees", () => {
    const r = pipegen(["validate", "--fly", "examples/hello-s3.ts"], { env: withFly({ FAKE_FLY_VALIDATE: "fail" }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/fly validate-pipeline disagrees \(fly says invalid\)/);
    expect(r.stderr).toMatch(/unknown resource 'nope'/);
  });

  it("says so when there is no fly on PATH, and trusts pipegen", () => {
    const r = pipegen(["validate", "--fly", "examples/hello-s3.ts"], { env: { PATH: path.dirname(process.execPath) } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/no fly on PATH/);
  });
});

describe("pipegen check --fly", () => {
  it("reports fly's disagreement even when there is nothing to resolve in S3", () => {
    const r = pipegen(["check", "--fly", "test/fixtures/render/named-and-async.ts"], { env: withFly({ FAKE_FLY_VALIDATE: "fail" }) });
    expect(r.stderr).toMatch(/fly validate-pipeline disagrees \(fly says invalid\)/);
    expect(r.status).toBe(1);
    const agree = pipegen(["check", "--fly", "test/fixtures/render/named-and-async.ts"], { env: withFly() });
    expect(agree.status).toBe(0);
  });
});
