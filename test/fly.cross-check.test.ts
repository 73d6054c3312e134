// crossCheckWithFly: fly validate-pipeline --strict as a second opinion on rendered YAML.
import { describe, expect, it } from "vitest";
import { crossCheckWithFly } from "../src/fly";
import { flyWorld } from "./fixtures/fly/harness";

describe("crossCheckWithFly", () => {
  it("runs fly validate-pipeline --strict on a private copy, reports agreement, and removes the copy", async () => {
    const w = flyWorld();
    const yaml = "jobs:\n- name: build\n  plan:\n  - get: nope\n";
    const agree = await crossCheckWithFly(yaml, true, { env: w.env });
    expect(agree).toEqual({ ran: true, agree: true, flyOutput: "looks good\n" });
    const call = w.invocations()[0]!;
    expect(call.argv).toEqual(["validate-pipeline", "--strict", "-c", call.configPath]);
    expect(call.config).toBe(yaml);
    expect(call.configMode).toBe("600");

    const disagree = await crossCheckWithFly(yaml, true, { env: { ...w.env, FAKE_FLY_VALIDATE: "fail" } });
    expect(disagree.ran).toBe(true);
    expect(disagree.agree).toBe(false);
    expect(disagree.flyOutput).toContain("unknown resource 'nope'");
    expect((await crossCheckWithFly(yaml, false, { env: { ...w.env, FAKE_FLY_VALIDATE: "fail" } })).agree).toBe(true);
    expect(await crossCheckWithFly(yaml, true, { env: w.env, strict: false })).toMatchObject({ ran: true, agree: true });
    expect(w.invocations()[3]!.argv).toEqual(["validate-pipeline", "-c", w.invocations()[3]!.configPath]);
  });

  it("does nothing without fly", async () => {
    const w = flyWorld({ withFly: false });
    expect(await crossCheckWithFly("jobs: []\n", true, { env: w.env })).toEqual({ ran: false, agree: true, flyOutput: "" });
  });
});
