// The three seed pipelines, written with the builders, render to exactly the objects of the seed's YAML files.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { corpusDir } from "./_paths";
import { pipegen } from "./_run";

const seed = (name: string) =>
  path.join(corpusDir, "pipelines", `pivotalservices__concourse-pipeline-samples__concourse-pipeline-hacks__docker-images-from-s3__${name}.yml`);

const cases: [string, string][] = [
  ["examples/hello-s3.ts", "hello-s3"],
  ["examples/hello-s3-with-resource.ts", "hello-s3-with-resource"],
  ["examples/seed-package-docker-images.ts", "package-docker-images"],
];

describe("seed examples", () => {
  for (const [example, seedName] of cases) {
    it(`${example} renders to the same object as the seed's ${seedName}.yml`, () => {
      const r = pipegen(["render", example]);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.status).toBe(0);
      const expected = parse(readFileSync(seed(seedName), "utf8"), { version: "1.1" });
      // the output must read the same under YAML 1.1 (Concourse's go-yaml v2) and YAML 1.2
      expect(parse(r.stdout, { version: "1.1" })).toEqual(expected);
      expect(parse(r.stdout, { version: "1.2" })).toEqual(expected);
    });
  }

  it("renders the same bytes every time", () => {
    const a = pipegen(["render", "examples/seed-package-docker-images.ts"]);
    const b = pipegen(["render", "examples/seed-package-docker-images.ts"]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.length).toBeGreaterThan(100);
  });
});
