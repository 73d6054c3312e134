/**
 * `pipegen image export <image> [s3://bucket/<name>/]`: pulls an image from a registry (no Docker),
 * applies its layers, writes metadata.json as registry-image does, packs `<name>-<version>.tgz` and
 * pushes it where the packaging pipeline would. Messages and progress on stderr (bars only on a TTY),
 * `--json` result on stdout; Ctrl-C cleans up (no temp dir, no object, no pending upload).
 */
import type { Command } from "commander";
import { exportImage, parseImageReference, savedCredentials } from "../lazy/images";
import { formatIssue } from "../issues";
import { ExitCode, PipegenError } from "../errors";
import type { ExportImageResult, RegistryCredentials } from "../images/export";
import { checkOutputPath } from "../output-path";
import { formatBytes } from "./_output";
import { interruptible, progressBar, s3OptionsFrom, withS3Options, type S3CliOptions } from "./image";

interface ExportCliOptions extends S3CliOptions {
  name?: string;
  version?: string;
  tagVersion?: boolean;
  withDigest?: boolean;
  platform?: string;
  insecureRegistry?: boolean;
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  output?: string;
  force?: boolean;
  level: string;
  reproducible?: boolean;
  json?: boolean;
}

const err = (line: string): void => {
  process.stderr.write(line + "\n");
};

const SKIP_REASON: Record<string, string> = {
  "character-device": "character device",
  "block-device": "block device",
  fifo: "FIFO",
  socket: "socket",
  "link-to-skipped": "hard link to a left-out entry",
  unknown: "unsupported file type",
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Flags first; without --username, what `docker login` / `skopeo login` saved for the registry. */
async function credentialsFrom(o: ExportCliOptions, ref: string): Promise<{ credentials?: RegistryCredentials; helper?: string }> {
  if (o.password !== undefined && o.passwordStdin)
    throw new PipegenError("pipegen.usage", "--password and --password-stdin cannot be used together", { exitCode: ExitCode.usage });
  const password = o.passwordStdin ? await readStdin() : (o.password ?? process.env.PIPEGEN_REGISTRY_PASSWORD);
  if (o.username === undefined) {
    if (o.password !== undefined || o.passwordStdin)
      throw new PipegenError("pipegen.usage", "a registry password needs --username", { exitCode: ExitCode.usage });
    const registry = parseImageReference(ref).registry;
    const saved = savedCredentials(registry);
    if (saved.credentials) err(`using the credentials of '${saved.credentials.username}' for ${registry} saved in ${saved.file}`);
    return saved;
  }
  if (password === undefined || password === "")
    throw new PipegenError("pipegen.usage", `--username ${o.username} needs a password: --password, --password-stdin, or PIPEGEN_REGISTRY_PASSWORD`, {
      exitCode: ExitCode.usage,
    });
  return { credentials: { username: o.username, password } };
}

export function registerImageExport(image: Command): void {
  withS3Options(
    image
      .command("export")
      .description("pull an image from a registry (no Docker), and push it to S3 as <name>/<name>-<version>.tgz (rootfs/, metadata.json, labels.json)")
      .argument("<image>", "image reference: [host[:port]/]repository[:tag][@sha256:…], e.g. ubuntu:24.04")
      .argument("[target]", "s3://bucket/<name>/ (the archive goes to <name>/<name>-<version>.tgz), s3://bucket, or s3://bucket/key.tgz")
      .option("--name <name>", "archive name (default: the target folder's last part, else the repository's)")
      .option("--version <version>", "version in the archive name (default: from the tag, leading 'v' and leading zeros dropped: 24.04 -> 24.4)")
      .option("--tag-version", "use the tag unchanged as the version (no 'v'/leading-zero rewriting)")
      .option("--with-digest", "append the first 12 hex digits of the image digest to the version (24.4+0123456789ab)")
      .option("--platform <os/arch>", "image to pick from a multi-arch index, e.g. linux/arm64 (default: linux/amd64)")
      .option("--insecure-registry", "the registry speaks plain HTTP")
      .option("--username <user>", "registry user (default: what docker/skopeo/podman login saved for the registry)")
      .option("--password <password>", "registry password (default: $PIPEGEN_REGISTRY_PASSWORD)")
      .option("--password-stdin", "read the registry password from stdin")
      .option("-o, --output <file>", "also keep the archive in this local file (without a target: only write it)")
      .option("--force", "replace an object that already exists at the key")
      .option("--level <n>", "gzip level 1-9", "6")
      .option("--reproducible", "fixed mtimes ($SOURCE_DATE_EPOCH or 0): byte-identical archives for identical images")
      .option("--json", "print the result as JSON on stdout")
      .addHelpText(
        "after",
        "\nRegistry credentials never go to S3; S3 credentials come from the AWS default chain (env, profile…).\nzstd layers are decoded by node:zlib on Node.js 22.15+, in JavaScript (slower) on older Node.js.",
      ),
  ).action(async (ref: string, target: string | undefined, o: ExportCliOptions) => {
    if (o.output !== undefined) checkOutputPath(o.output); // before pulling anything
    const level = Number(o.level);
    if (!Number.isInteger(level) || level < 1 || level > 9)
      throw new PipegenError("pipegen.usage", `--level must be 1-9, got '${o.level}'`, { exitCode: ExitCode.usage });
    if (o.tagVersion && o.version !== undefined)
      throw new PipegenError("pipegen.usage", "--tag-version and --version cannot be used together", { exitCode: ExitCode.usage });
    const { credentials, helper } = await credentialsFrom(o, ref);
    let bar: ReturnType<typeof progressBar> | undefined;
    let phase = "";
    const onProgress = (p: string, done: number, total: number): void => {
      if (p !== phase) {
        bar?.done();
        phase = p;
        bar = progressBar(p === "pull" ? "pulling" : p === "pack" ? "packing" : "uploading");
      }
      bar!.update(done, total);
    };
    const r: ExportImageResult = await interruptible(`exporting ${ref}`, (signal) =>
      exportImage({
        image: ref,
        ...(target !== undefined ? { target } : {}),
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.version !== undefined ? { version: o.version } : {}),
        tagVersion: !!o.tagVersion,
        withDigest: !!o.withDigest,
        ...(o.platform !== undefined ? { platform: o.platform } : {}),
        insecureRegistry: !!o.insecureRegistry,
        ...(credentials ? { credentials } : {}),
        s3: s3OptionsFrom(o),
        force: !!o.force,
        ...(o.output !== undefined ? { output: o.output } : {}),
        level,
        reproducible: !!o.reproducible,
        signal,
        onProgress,
        onStep: (m) => {
          bar?.done();
          phase = "";
          err(m);
        },
      }),
    )
      .catch((e: unknown) => {
        if (helper && (e as { code?: string }).code === "pipegen.registryAuth") {
          err(
            `note: docker-credential-${helper} may hold credentials for this registry; pipegen does not run credential helpers, pass --username and --password`,
          );
        }
        throw e;
      })
      .finally(() => bar?.done());
    for (const s of r.skipped.slice(0, 20))
      err(`note: left out ${s.path} (${SKIP_REASON[s.type] ?? s.type}: the s3 resource's unprivileged tar cannot create it)`);
    if (r.skipped.length > 20) err(`note: left out ${r.skipped.length - 20} more special files`);
    for (const w of r.warnings) err(formatIssue(w));
    if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    const size = `${formatBytes(r.bytes)}, sha256 ${r.sha256}`;
    if (r.pushed) err(`exported ${r.reference} (${r.platform}, ${r.digest}) to ${r.pushed} (${size})`);
    else err(`exported ${r.reference} (${r.platform}, ${r.digest}) to ${r.output} (${size})`);
    if (r.regexp) err(`consumers: an s3 resource with regexp '${r.regexp}' (and unpack: true) picks it up`);
  });
}
