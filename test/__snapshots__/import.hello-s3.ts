import { job, pipeline, s3Image, task, v } from "pipegen";

const helloUbuntuS3Job = job("hello-ubuntu-s3", {
  plan: [
    task("run-with-image-from-s3", {
      config: {
        platform: "linux",
        image_resource: s3Image({
          access_key_id: v("s3-access-key-id"),
          bucket: v("s3-bucket"),
          endpoint: v("s3-endpoint"),
          secret_access_key: v("s3-secret-access-key"),
          regexp: "ubuntu/ubuntu-(.*).tgz",
          // region_name:
        }),
        run: { path: "sh", args: ["-c", 'echo "I can run with the image from S3"'] },
      },
    }),
  ],
});

export default pipeline({ jobs: [helloUbuntuS3Job] });
