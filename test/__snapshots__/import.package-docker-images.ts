import { dockerImage, get, image, job, pipeline, put, s3, task, v } from "pipegen";

const ubuntuImageToPackage = dockerImage("ubuntu-image-to-package", {
  repository: "ubuntu", // UPDATE THIS with the targeted image repo name
  tag: 17.04, // UPDATE THIS with the desired tag of the image
});

const myUbuntuImageS3 = s3("my-ubuntu-image-s3", {
  access_key_id: v("s3-access-key-id"),
  bucket: v("s3-bucket"),
  endpoint: v("s3-endpoint"),
  secret_access_key: v("s3-secret-access-key"),
  regexp: "ubuntu/ubuntu-(.*).tgz",
});

const prepareImageToExportScript = `echo "Exporting ubuntu image"
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

const downloadAndPackageUbuntuImageJob = job("Download-And-Package-Ubuntu-Image", {
  plan: [
    get(ubuntuImageToPackage, { params: { rootfs: true } }),
    task("prepare-image-to-export", {
      config: {
        platform: "linux",
        inputs: ["ubuntu-image-to-package"],
        outputs: ["ubuntu"],
        image_resource: image({ type: "docker-image", source: { repository: "ubuntu" } }),
        run: { path: "sh", args: ["-exc", prepareImageToExportScript] },
      },
    }),
    put(myUbuntuImageS3, { params: { file: "ubuntu/ubuntu-*.tgz" } }),
  ],
});

export default pipeline({
  resources: [ubuntuImageToPackage, myUbuntuImageS3],
  jobs: [downloadAndPackageUbuntuImageJob],
});
