// Check levels from pipegen.config.ts apply to `pipegen validate` and `pipegen render`; --rule flags win.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

const dir = path.join(repoRoot, "test/fixtures/project-rules");

describe("rules in pipegen.config.ts", () => {
  it("makes a pipegen check an error for validate and render in that project", () => {
    const v = pipegen(["validate", "pipeline.ts"], { cwd: dir });
    expect(v.status).toBe(1);
    expect(v.stderr).toMatch(/error: .*\[pipegen\/unused-task-output\]/);
    const r = pipegen(["render", "pipeline.ts"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
  });

  it("lets --rule override the project's level", () => {
    const v = pipegen(["validate", "pipeline.ts", "--rule", "pipegen/unused-task-output=off"], { cwd: dir });
    expect(v.stderr).not.toMatch(/unused-task-output/);
    expect(v.status).toBe(0);
  });

  it("is only a warning outside the project", () => {
    const v = pipegen(["validate", path.join(dir, "pipeline.ts")]);
    expect(v.status).toBe(0);
    expect(v.stderr).toMatch(/warning: .*\[pipegen\/unused-task-output\]/);
  });

  it("reports an unknown code in the config clearly", () => {
    const v = pipegen(["validate", "pipeline.ts", "--config", path.join(repoRoot, "test/fixtures/project-rules-bad/pipegen.config.ts")], { cwd: dir });
    expect(v.status).toBe(1);
    expect(v.stderr).toMatch(
      /rules: unknown code 'pipegen\/unused-task-outpt' \(Did you mean 'pipegen\/unused-task-output'\?\); every code is listed in the README's "Issue codes" section/,
    );
  });
});
