// The seed's packaging pipeline, as it was: export the ubuntu image with the docker-image resource, tar
// rootfs/ + metadata.json, and put the .tgz into S3. (pipelines/package-docker-images.ts is the general version.)
import { dockerImage, get, job, pipeline, put, s3, task, v } from "pipegen";

const ubuntuImageToPackage = dockerImage("ubuntu-image-to-package", {
  repository: "ubuntu",
  // a YAML number in the seed; registry-image users should write "17.04"
  tag: 17.04,
});

const myUbuntuImageS3 = s3("my-ubuntu-image-s3", {
  access_key_id: v("s3-access-key-id"),
  bucket: v("s3-bucket"),
  endpoint: v("s3-endpoint"),
  secret_access_key: v("s3-secret-access-key"),
  regexp: "ubuntu/ubuntu-(.*).tgz",
});

const packageScript = `echo "Exporting ubuntu image"
mkdir export-directory && cd export-directory
cp ../ubuntu-image-to-package/metadata.json .
mkdir rootfs
tar -xvf ../ubuntu-image-to-package/rootfs.tar -C ./rootfs/ --exclude="dev/*"
cd rootfs
cd ../..
echo "Packaging ubuntu image"
tmp_version="17.04"
tar -czf "ubuntu/ubuntu-\${tmp_version}.tgz" -C export-directory .
ls -la ubuntu
`;

export default pipeline({
  jobs: [
    job("Download-And-Package-Ubuntu-Image", {
      plan: [
        get(ubuntuImageToPackage, { params: { rootfs: true } }),
        task("prepare-image-to-export", {
          config: {
            platform: "linux",
            inputs: ["ubuntu-image-to-package"],
            outputs: ["ubuntu"],
            image_resource: { type: "docker-image", source: { repository: "ubuntu" } },
            run: { path: "sh", args: ["-exc", packageScript] },
          },
        }),
        put(myUbuntuImageS3, { params: { file: "ubuntu/ubuntu-*.tgz" } }),
      ],
    }),
  ],
});
