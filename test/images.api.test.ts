// The S3 image tooling as a library, from the built package as users import it (`pipegen/images`): the functions
// are there, and importing it does not load the AWS SDK (only the functions that talk to S3 do, when called).
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./_paths";

describe("pipegen's S3 image API", () => {
  it("exports packImage, pushImage, listImageVersions, verifyImage, checkPipelineImages and compareS3Versions without loading the SDK", () => {
    const script = `
      const p = require(${JSON.stringify(path.join(repoRoot, "dist", "images.js"))});
      const names = ["packImage", "pushImage", "listImageVersions", "verifyImage", "checkPipelineImages", "compareS3Versions", "parseS3Version"];
      const missing = names.filter((n) => typeof p[n] !== "function");
      const sorted = ["1.10.0", "1.9.0", "1.0.0-rc.1", "1.0.0"].sort(p.compareS3Versions);
      const sdkLoaded = Object.keys(require.cache).some((k) => k.includes("@aws-sdk"));
      console.log(JSON.stringify({ missing, sorted, sdkLoaded }));
    `;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ missing: [], sorted: ["1.0.0-rc.1", "1.0.0", "1.9.0", "1.10.0"], sdkLoaded: false });
  });
});
