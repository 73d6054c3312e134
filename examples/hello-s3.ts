// Seed example 1: a task whose image is a .tgz in S3, given as the task's image_resource (type s3, unpack: true).
import { job, pipeline, s3Image, task, v } from "pipegen";

/** ubuntu/ubuntu-<version>.tgz in the images bucket; the newest version is used. */
export const ubuntu = s3Image({
  access_key_id: v("s3-access-key-id"),
  bucket: v("s3-bucket"),
  endpoint: v("s3-endpoint"),
  secret_access_key: v("s3-secret-access-key"),
  regexp: "ubuntu/ubuntu-(.*).tgz",
});

export default pipeline({
  jobs: [
    job("hello-ubuntu-s3", {
      plan: [
        task("run-with-image-from-s3", {
          config: {
            platform: "linux",
            image_resource: ubuntu,
            run: { path: "sh", args: ["-c", 'echo "I can run with the image from S3"'] },
          },
        }),
      ],
    }),
  ],
});
