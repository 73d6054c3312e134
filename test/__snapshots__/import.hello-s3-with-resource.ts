import { get, job, pipeline, s3Image, task, v } from "pipegen";

const myImage = s3Image("my-image", {
  access_key_id: v("s3-access-key-id"),
  bucket: v("s3-bucket"),
  endpoint: v("s3-endpoint"),
  secret_access_key: v("s3-secret-access-key"),
  regexp: "ubuntu/ubuntu-(.*).tgz",
});

const helloUbuntuS3WithResourceJob = job("hello-ubuntu-s3-with-resource", {
  plan: [
    get(myImage),
    task("run-with-image-from-s3-using-resource-definition", {
      image: myImage,
      config: {
        platform: "linux",
        run: { path: "sh", args: ["-c", 'echo "I can run with image from resource definition"'] },
      },
    }),
  ],
});

export default pipeline({ resources: [myImage], jobs: [helloUbuntuS3WithResourceJob] });
