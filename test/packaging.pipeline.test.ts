// The packaging pipeline: the committed YAML is what the TypeScript renders, and its consumers agree with it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Testing } from "../src/index";
import { imageRegexp, imageStore, packageDockerImages, sampleImages } from "../pipelines/package-docker-images";
import { repoRoot } from "./_paths";
import { pipegen } from "./_run";

describe("pipelines/package-docker-images", () => {
  it("the committed .yml is up to date (run: pipegen render pipelines/package-docker-images.ts -o pipelines/package-docker-images.yml)", () => {
    const r = pipegen(["render", "pipelines/package-docker-images.ts"]);
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(repoRoot, "pipelines/package-docker-images.yml"), "utf8")).toBe(r.stdout);
  });

  it("passes pipegen validate --strict (warnings would fail it too)", () => {
    const r = pipegen(["validate", "--strict", "pipelines/package-docker-images.yml", "pipelines/package-docker-images.ts"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("looks good\n");
    expect(r.status).toBe(0);
  });

  it("has one job per image: get with format rootfs (or legacy rootfs: true), package, put to <name>/<name>-(.*).tgz", () => {
    const config = Testing.config(packageDockerImages(sampleImages));
    expect(config.jobs.map((j) => j.name)).toEqual(sampleImages.map((i) => `package-${i.name}`));
    const ubuntu = config.jobs[0]!.plan!;
    expect(ubuntu[0]).toMatchObject({ get: "image", resource: "ubuntu-registry", params: { format: "rootfs" } });
    expect(ubuntu[2]).toMatchObject({ put: "ubuntu-s3", params: { file: "packaged/ubuntu/ubuntu-*.tgz" } });
    const s3 = config.resources!.find((r) => r.name === "ubuntu-s3")!;
    expect(s3.source).toMatchObject({ regexp: "ubuntu/ubuntu-(.*).tgz", bucket: "((s3-bucket))" });
    const busybox = config.jobs.find((j) => j.name === "package-busybox")!.plan!;
    expect(busybox[0]).toMatchObject({ get: "image", params: { rootfs: true } });
    expect(config.resources!.find((r) => r.name === "busybox-registry")!.type).toBe("docker-image");
    expect(config.groups!.map((g) => g.name)).toEqual(["os", "toolchains"]);
  });

  it("triggers on new image versions when asked", () => {
    const config = Testing.config(packageDockerImages([{ name: "alpine", repository: "alpine", tag: "3.20" }], undefined, { trigger: true }));
    expect(config.jobs[0]!.plan![0]).toMatchObject({ trigger: true });
    expect(config.groups).toBeUndefined();
  });

  it("gives consumers the producer's bucket and regexp", () => {
    const r = pipegen(["render", "examples/offline-images-consumer.ts", "--json"]);
    expect(r.status).toBe(0);
    const consumer = JSON.parse(r.stdout);
    const producer = parse(readFileSync(path.join(repoRoot, "pipelines/package-docker-images.yml"), "utf8"));
    const producerSource = producer.resources.find((x: { name: string }) => x.name === "ubuntu-s3").source;
    const imageResource = consumer.jobs[0].plan[0].config.image_resource;
    expect(imageResource).toEqual({ type: "s3", source: producerSource, params: { unpack: true } });
    expect(imageStore().image({ name: "x" })).toBeTruthy();
    expect(imageRegexp("golang")).toBe("golang/golang-(.*).tgz");
  });
});
