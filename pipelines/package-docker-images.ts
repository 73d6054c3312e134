/**
 * The packaging pipeline: Docker images -> `.tgz` files in S3, for offline and air-gapped Concourse.
 *
 * One job per image: get the image from its registry (registry-image, `format: rootfs`), package `rootfs/` and
 * `metadata.json` into `<name>/<name>-<version>.tgz` (version read from the image's tag, and digest when asked),
 * and put it into the bucket. Consumers use `imageStore(settings).image(img)` (or `.resource(img)`), so producer
 * and consumers agree on bucket and regexp by construction.
 *
 *   pipegen render pipelines/package-docker-images.ts > pipelines/package-docker-images.yml
 *
 * Call `packageDockerImages(yourImages, yourSettings)` from your own file to package your own list.
 */
import {
  IMAGE_VERSION_SED,
  dockerImage,
  get,
  group,
  job,
  pipeline,
  put,
  registryImage,
  s3,
  s3Image,
  task,
  v,
  type AnonymousImage,
  type Group,
  type Job,
  type Pipeline,
  type Resource,
  type S3Spec,
  type Secret,
  type Str,
} from "pipegen";

/** An image to package. */
export interface ImageToPackage {
  /** Short name: the S3 folder and file prefix (`<name>/<name>-<version>.tgz`) and the job name. */
  readonly name: string;
  /** Registry repository, e.g. `ubuntu` or `registry.example.com/team/tool`. */
  readonly repository: string;
  /** Tag to package; the version in the file name is derived from it (leading zeros dropped: `24.04` -> `24.4`). */
  readonly tag: string;
  /** Append the first 12 hex digits of the image digest to the version (`24.4+0123456789ab`). @default false */
  readonly withDigest?: boolean;
  /** Registry user (basic auth). */
  readonly username?: Str;
  /** Registry password. */
  readonly password?: Secret;
  /** Platform to pick from a multi-arch image. @default the worker's */
  readonly platform?: { readonly architecture?: string; readonly os?: string };
  /** Use the deprecated docker-image resource with `rootfs: true`, as the seed did. @default false */
  readonly legacy?: boolean;
  /** Package again whenever the registry has a new digest for the tag. @default the pipeline's `trigger` */
  readonly trigger?: boolean;
  /** UI group of the job. @default "images" when any image sets a group, else no groups */
  readonly group?: string;
}

/** Where the packaged images live. Every field may be a var; credentials must be. */
export interface ImageStoreSettings {
  readonly bucket: Str;
  readonly endpoint?: Str;
  readonly region_name?: Str;
  readonly access_key_id?: Secret;
  readonly secret_access_key?: Secret;
  /** Path-style addressing (most on-premises S3 servers). @default not set */
  readonly use_path_style?: boolean;
  /** Use http for an endpoint without a scheme. @default not set */
  readonly disable_ssl?: boolean;
}

/** The seed's settings: everything from vars. */
export const defaultStoreSettings: ImageStoreSettings = {
  access_key_id: v("s3-access-key-id"),
  bucket: v("s3-bucket"),
  endpoint: v("s3-endpoint"),
  secret_access_key: v("s3-secret-access-key"),
};

/** `<name>/<name>-(.*).tgz`: the s3 regexp of an image, shared by producer and consumers. */
export function imageRegexp(name: string): string {
  return `${name}/${name}-(.*).tgz`;
}

/** The S3 side of the images: the same bucket and regexp for the producer's puts and the consumers' images. */
export function imageStore(settings: ImageStoreSettings = defaultStoreSettings) {
  const source = (img: Pick<ImageToPackage, "name">) => ({ ...settings, regexp: imageRegexp(img.name) });
  return {
    settings,
    /** An anonymous image for a task config's `image_resource` (type s3, `unpack: true`). */
    image(img: Pick<ImageToPackage, "name">): AnonymousImage {
      return s3Image(source(img));
    },
    /** The producer's resource: a plain s3 resource (its implicit get after a put does not unpack). */
    uploads(img: Pick<ImageToPackage, "name">, name = `${img.name}-s3`): Resource<S3Spec> {
      return s3(name, source(img));
    },
    /** A named resource: `get()` it (with `unpack: true`) and use it as a task's `image:`. */
    resource(img: Pick<ImageToPackage, "name">, name = `${img.name}-image`): Resource<S3Spec> {
      return s3Image(name, source(img));
    },
  };
}

/** Options of `packageDockerImages()`. */
export interface PackagingOptions {
  /** Package when the registry has a new digest for a tag. @default false (run by hand, as the seed) */
  readonly trigger?: boolean;
  /** Image of the packaging task: needs sh, GNU tar and gzip. @default debian:stable-slim from Docker Hub */
  readonly taskImage?: AnonymousImage | { readonly type: string; readonly source: Readonly<Record<string, unknown>> };
}

/** Name of the artifact (get step) holding the image, and of the task's output. */
const IMAGE_DIR = "image";
const OUT_DIR = "packaged";

/**
 * The packaging task's script (POSIX sh). Inputs: `image/` as the registry-image resource writes it (`rootfs/`,
 * `metadata.json`, `tag`, `digest`) or, in legacy mode, as docker-image writes it (`rootfs.tar`, `metadata.json`,
 * `tag`, `digest`). Output: `packaged/<name>/<name>-<version>.tgz` with `rootfs/` and `metadata.json` at the top.
 * Exported so tests can run it for real.
 */
export function packageScript(img: Pick<ImageToPackage, "name" | "withDigest" | "legacy">): string {
  return `set -eu
name=${shellQuote(img.name)}
src=${IMAGE_DIR}
out=${OUT_DIR}/$name

# The version comes from the image's tag. go-semi-semantic (the s3 resource's ordering) reads a component with a
# leading zero as a string that sorts above every number ("24.04" > "24.10"), so leading zeros are dropped, and a
# leading "v" (v9 > v10 as strings) too.
tag=$(cat "$src/tag")
version=$(printf '%s' "$tag" | sed -E '${IMAGE_VERSION_SED}')
${
  img.withDigest
    ? `digest=$(cat "$src/digest")
digest=\${digest#*:}
version="$version+$(printf '%s' "$digest" | cut -c1-12)"
`
    : ""
}if ! printf '%s' "$version" | grep -Eq '^[0-9A-Za-z_]+([.][0-9A-Za-z_]+)*(-[0-9A-Za-z_-]+([.][0-9A-Za-z_-]+)*)?([+][0-9A-Za-z_-]+([.][0-9A-Za-z_-]+)*)?$'; then
  echo "tag '$tag' gives version '$version', which the s3 resource cannot parse" >&2
  exit 1
fi

mkdir -p "$out"
file="$out/$name-$version.tgz"
${
  img.legacy
    ? `# docker-image's rootfs.tar is a flat export: re-root it under rootfs/, leaving out device nodes.
work=$(mktemp -d)
mkdir "$work/rootfs"
tar -xf "$src/rootfs.tar" -C "$work/rootfs" --exclude='dev/*' --exclude='./dev/*'
cp "$src/metadata.json" "$work/metadata.json"
tar -czf "$file" --numeric-owner -C "$work" rootfs metadata.json
rm -rf "$work"
`
    : `# registry-image's rootfs format already leaves device nodes out.
tar -czf "$file" --numeric-owner -C "$src" rootfs metadata.json
`
}echo "packaged $name:$tag as $file ($(wc -c < "$file") bytes)"
`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The packaging pipeline for a list of images. */
export function packageDockerImages(
  images: readonly ImageToPackage[],
  settings: ImageStoreSettings = defaultStoreSettings,
  options: PackagingOptions = {},
): Pipeline {
  const store = imageStore(settings);
  const taskImage = options.taskImage ?? { type: "registry-image", source: { repository: "debian", tag: "stable-slim" } };
  const jobs: Job[] = images.map((img) => {
    const credentials = { ...(img.username ? { username: img.username } : {}), ...(img.password ? { password: img.password } : {}) };
    const trigger = img.trigger ?? options.trigger;
    const fetch = img.legacy
      ? get(dockerImage(`${img.name}-registry`, { repository: img.repository, tag: img.tag, ...credentials }), {
          as: IMAGE_DIR,
          trigger,
          params: { rootfs: true },
        })
      : get(
          registryImage(`${img.name}-registry`, {
            repository: img.repository,
            tag: img.tag,
            ...credentials,
            ...(img.platform ? { platform: img.platform } : {}),
          }),
          { as: IMAGE_DIR, trigger, params: { format: "rootfs" } },
        );
    return job(`package-${img.name}`, {
      plan: [
        fetch,
        task("package", {
          config: {
            platform: "linux",
            image_resource: taskImage,
            inputs: [IMAGE_DIR],
            outputs: [OUT_DIR],
            run: { path: "sh", args: ["-c", packageScript(img)] },
          },
        }),
        put(store.uploads(img), { params: { file: `${OUT_DIR}/${img.name}/${img.name}-*.tgz` } }),
      ],
    });
  });
  const groupNames = [...new Set(images.filter((i) => i.group).map((i) => i.group as string))];
  const groups: Group[] =
    groupNames.length === 0
      ? []
      : [...groupNames, ...(images.some((i) => !i.group) ? ["images"] : [])].map((g) =>
          group(
            g,
            jobs.filter((_, k) => (images[k]?.group ?? "images") === g),
          ),
        );
  return pipeline({ jobs, ...(groups.length ? { groups } : {}) });
}

/** A sample list: the images the seed article and a typical offline Concourse need. */
export const sampleImages: readonly ImageToPackage[] = [
  { name: "ubuntu", repository: "ubuntu", tag: "24.04", group: "os" },
  { name: "alpine", repository: "alpine", tag: "3.20", group: "os" },
  { name: "golang", repository: "golang", tag: "1.22", withDigest: true, group: "toolchains" },
  { name: "busybox", repository: "busybox", tag: "1.36", legacy: true, group: "os" },
];

export default packageDockerImages(sampleImages);
