// `pipegen render` runs the Concourse-parity validator and refuses what Concourse would reject.
import { describe, expect, it } from "vitest";
import { pipegen } from "./_run";

const fixture = (name: string) => `test/fixtures/render/${name}`;

describe("pipegen render validation", () => {
  it("refuses a pipeline Concourse would reject, unless --no-validate", () => {
    const r = pipegen(["render", fixture("invalid-for-concourse.ts")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const forced = pipegen(["render", fixture("invalid-for-concourse.ts"), "--no-validate"]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/task: compile/);
  });
});
