// A consumer of the packaging pipeline's images (pipelines/package-docker-images.ts): the bucket and regexp
// come from the producer's definitions, so the two cannot drift apart. Both of the seed's styles are shown.
import { get, job, pipeline, task } from "pipegen";
import { imageStore, sampleImages } from "../pipelines/package-docker-images";

const store = imageStore(); // the same settings (vars) the producer uses
const ubuntu = sampleImages.find((i) => i.name === "ubuntu")!;
const golang = sampleImages.find((i) => i.name === "golang")!;

// Style 2 of the seed: the image as a resource, fetched with unpack: true and handed to the task.
const golangImage = store.resource(golang);

export default pipeline({
  jobs: [
    job("hello-offline", {
      plan: [
        // Style 1 (recommended by the seed): the image as the task's image_resource.
        task("hello-from-ubuntu", {
          config: { platform: "linux", image_resource: store.image(ubuntu), run: { path: "sh", args: ["-c", "cat /etc/os-release"] } },
        }),
        get(golangImage),
        task("go-version", { image: golangImage, config: { platform: "linux", run: { path: "go", args: ["version"] } } }),
      ],
    }),
  ],
});
