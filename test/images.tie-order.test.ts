// Equal versions in a real bucket (Ceph RGW): `pipegen image ls` lists the keys as the s3 resource's check does and
// orders them with Go's sort.Sort, so it marks the key the resource picks (the two data points, measured
// against the real resource: 16 keys → img-20.0.0, 300 keys in 5-way ties → img-61.0).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipegenAsync, putObjects, requireS3, s3Env, testBucket } from "./_s3";
import { formKeys } from "./fixtures/go-sort/cases";

let b: Awaited<ReturnType<typeof testBucket>>;

beforeAll(async () => {
  await requireS3();
  b = await testBucket("ties");
  const sixteen = [...Array.from({ length: 13 }, (_, i) => `img-${i + 1}.tgz`), "img-20.tgz", "img-20.0.tgz", "img-20.0.0.tgz"].map((k) => `sixteen/${k}`);
  const many = formKeys(2, 60, 5).map((k) => `many/${k.key}`);
  // uploaded in a shuffled order: the listing, not the upload order, is what the resource sorts
  await putObjects(b.client, b.bucket, [...sixteen, ...many].reverse());
}, 120_000);
afterAll(async () => {
  await b?.cleanup();
});

describe("image ls among equal versions", () => {
  it("16 keys: marks img-20.0.0, the key the resource picks, and says so", async () => {
    const r = await pipegenAsync(["image", "ls", `s3://${b.bucket}`, "--regexp", "sixteen/img-(.*).tgz", "--json"], { env: s3Env() });
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { latest: string; versions: { key: string; latest: boolean }[]; warnings: string[] };
    expect(list.latest).toBe("sixteen/img-20.0.0.tgz");
    expect(list.versions.filter((v) => v.latest).map((v) => v.key)).toEqual(["sixteen/img-20.0.0.tgz"]);
    expect(list.warnings.join("\n")).toContain("its check picks sixteen/img-20.0.0.tgz");
  });

  it("300 keys in 5-way ties: img-61.0", async () => {
    const r = await pipegenAsync(["image", "ls", `s3://${b.bucket}`, "--regexp", "many/img-(.*).tgz"], { env: s3Env() });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("*"))).toEqual([expect.stringContaining("many/img-61.0.tgz")]);
    expect(r.stderr).toContain("latest: many/img-61.0.tgz");
  });
});
