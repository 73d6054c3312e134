/**
 * `pipegen image pack | push | ls | verify`: S3-hosted task images (the s3 resource with `unpack: true`).
 * Data goes to stdout (`ls` table, `--json` reports), messages and progress to stderr; progress bars
 * only on a TTY. Ctrl-C during pack or push cleans up (no partial file, no object, no pending upload).
 */
import { InvalidArgumentError, type Command } from "commander";
import { formatBytes } from "./_output";
import { registerImageExport } from "./image-export";
import { formatIssue, type PipelineIssue } from "../issues";
import { listImageVersions, packImage, parseS3Url, pushImage, verifyImage } from "../lazy/images";
import { ExitCode, PipegenError } from "../errors";
import type { S3Options, VerifyImageReport } from "../images";

/** Options shared by the commands that talk to S3. */
export interface S3CliOptions {
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  profile?: string;
  insecure?: boolean;
  caBundle?: string;
}

/** Adds the S3 connection options to a command. */
export function withS3Options(cmd: Command): Command {
  return cmd
    .option("--endpoint <url>", "S3 endpoint URL (default: $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL, or AWS)")
    .option("--region <region>", "bucket region (default: $AWS_REGION, the profile's, or us-east-1)")
    .option("--path-style", "path-style URLs (default with --endpoint)")
    .option("--no-path-style", "virtual-hosted URLs even with --endpoint")
    .option("--profile <name>", "AWS profile for credentials and region (default: $AWS_PROFILE)")
    .option("--ca-bundle <file>", "PEM file of CAs that sign the endpoint's certificate")
    .option("--insecure", "do not verify the endpoint's TLS certificate");
}

/** S3Options from the CLI flags (credentials always come from the SDK default chain). */
export function s3OptionsFrom(o: S3CliOptions): S3Options {
  let caBundle: string | undefined;
  if (o.caBundle) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
      caBundle = require("node:fs").readFileSync(o.caBundle, "utf8") as string;
    } catch {
      throw new PipegenError("pipegen.usage", `--ca-bundle ${o.caBundle}: cannot read the file`, { exitCode: ExitCode.usage });
    }
  }
  return {
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.region ? { region: o.region } : {}),
    ...(o.pathStyle !== undefined ? { pathStyle: o.pathStyle } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.insecure ? { insecure: true } : {}),
    ...(caBundle ? { caBundle } : {}),
  };
}

/** `--level`: a whole number 1–9, else a usage error naming what was given. */
function parseLevel(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 9)) throw new InvalidArgumentError(`the gzip level is a whole number from 1 to 9, got '${value}'`);
  return n;
}

const err = (line: string): void => {
  process.stderr.write(line + "\n");
};

/** A one-line progress bar on stderr, redrawn at most 10 times a second; a no-op when stderr is not a TTY. */
export function progressBar(label: string): { update: (done: number, total: number) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, done: () => undefined };
  const start = Date.now();
  let last = 0;
  let drawn = false;
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  const update = (done: number, total: number): void => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const rate = done / Math.max(0.001, (now - start) / 1000);
    const width = 24;
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    const bar = total > 0 ? `[${"#".repeat(Math.round(frac * width)).padEnd(width, "-")}] ${String(Math.floor(frac * 100)).padStart(3)}% ` : "";
    process.stderr.write(`\r${label} ${bar}${mb(done)}${total > 0 ? `/${mb(total)}` : ""} MB  ${mb(rate)} MB/s\x1b[K`);
    drawn = true;
  };
  return {
    update,
    done: () => {
      if (drawn) process.stderr.write("\r\x1b[K");
    },
  };
}

/** Runs `fn` with an AbortSignal that fires on the first SIGINT/SIGTERM (a second one kills as usual). */
export async function interruptible<T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    err(`\npipegen: ${sig}: stopping ${what} and cleaning up… (press Ctrl-C again to stop at once, without cleaning up)`);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    controller.abort(new PipegenError("pipegen.interrupted", `${what}: interrupted`, { exitCode: 130 }));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

function printProblems(problems: readonly PipelineIssue[]): void {
  for (const p of [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1))) err(formatIssue(p));
}

const SKIP_REASON: Record<string, string> = {
  "character-device": "character device: the s3 resource's unprivileged tar cannot create it",
  "block-device": "block device: the s3 resource's unprivileged tar cannot create it",
  fifo: "FIFO: a runtime object, not image content",
  socket: "socket: tar cannot store it",
  "link-to-skipped": "hard link to a left-out entry",
  unknown: "unsupported file type",
};

export function registerImage(program: Command): void {
  const image = program.command("image").description("build, check and publish task images stored in S3 (s3 resource with unpack: true)");

  image
    .command("pack")
    .description(
      "write an image archive (-o, e.g. ubuntu-22.04.1.tgz) holding rootfs/ and metadata.json, from an image directory or a docker-image rootfs.tar output",
    )
    .argument("<dir>", "rootfs/ + metadata.json (registry-image format: rootfs), or rootfs.tar + metadata.json (docker-image rootfs: true)")
    .requiredOption("-o, --output <file>", "the archive to write, e.g. ubuntu-22.04.1.tgz (written atomically)")
    .option("--reproducible", "byte-identical output for identical input: sorted entries, every mtime set to $SOURCE_DATE_EPOCH or 0")
    .option("--level <n>", "gzip level 1-9", parseLevel, 6)
    .option("--json", "print the result as JSON on stdout")
    .action(async (dir: string, o: { output: string; reproducible?: boolean; level: number; json?: boolean }) => {
      const bar = progressBar("packing");
      const r = await interruptible(`packing ${o.output}`, (signal) =>
        packImage({ input: dir, output: o.output, reproducible: !!o.reproducible, level: o.level, onProgress: bar.update, signal }),
      ).finally(bar.done);
      for (const s of r.skipped.slice(0, 20)) err(`note: left out ${s.path} (${SKIP_REASON[s.type]})`);
      if (r.skipped.length > 20) err(`note: left out ${r.skipped.length - 20} more special files`);
      printProblems(r.warnings);
      if (o.json) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
      else err(`packed ${r.output} (${formatBytes(r.bytes)}, sha256 ${r.sha256})`);
    });

  withS3Options(
    image
      .command("verify")
      .description("check that an archive is an image the s3 resource can unpack and Concourse can run")
      .argument("<archive>", "a local .tgz or s3://bucket/key")
      .option("--json", "print the report as JSON on stdout")
      .addHelpText("after", "\nExit status: 0 when the image is usable (warnings allowed), 1 when it has problems."),
  ).action(async (archive: string, o: S3CliOptions & { json?: boolean }) => {
    const report: VerifyImageReport = await verifyImage(archive, { s3: s3OptionsFrom(o) });
    if (o.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    else {
      printProblems(report.problems);
      const errors = report.problems.filter((p) => p.severity === "error").length;
      err(
        report.ok
          ? `ok: ${archive} is a usable image (${report.format}, ${report.entries} entr${report.entries === 1 ? "y" : "ies"})`
          : `${archive}: ${errors} problem${errors === 1 ? "" : "s"}`,
      );
    }
    if (!report.ok) process.exitCode = ExitCode.failure;
  });

  withS3Options(
    image
      .command("push")
      .description("upload an image archive to S3: verified first, multipart for large files, checked after upload, nothing left behind on failure")
      .argument("<archive>", "the .tgz to upload")
      .argument("<target>", "s3://bucket/path/name-version.tgz")
      .option("--force", "replace an object that already exists at the key")
      .option("--no-verify", "skip the layout check before uploading")
      .option("--part-size <MiB>", "multipart part size in MiB (min 5)", "8")
      .option("--concurrency <n>", "parts uploaded at once", "4")
      .option("--json", "print the result as JSON on stdout"),
  ).action(
    async (archive: string, target: string, o: S3CliOptions & { force?: boolean; verify: boolean; partSize: string; concurrency: string; json?: boolean }) => {
      const partMiB = Number(o.partSize);
      const concurrency = Number(o.concurrency);
      if (!Number.isInteger(partMiB) || partMiB < 5)
        throw new PipegenError("pipegen.usage", `--part-size must be a whole number of MiB ≥ 5, got '${o.partSize}'`, { exitCode: ExitCode.usage });
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new PipegenError("pipegen.usage", `--concurrency must be 1–64, got '${o.concurrency}'`, { exitCode: ExitCode.usage });
      parseS3Url(target, { needKey: true });
      const bar = progressBar("uploading");
      const r = await interruptible(`pushing ${archive}`, (signal) =>
        pushImage({
          file: archive,
          target,
          s3: s3OptionsFrom(o),
          force: !!o.force,
          verify: o.verify,
          partSize: partMiB * 1048576,
          concurrency,
          onProgress: bar.update,
          signal,
        }),
      ).finally(bar.done);
      if (r.verification) printProblems(r.verification.problems);
      printProblems(r.warnings);
      if (o.json) process.stdout.write(JSON.stringify({ ...r, verification: undefined }, null, 2) + "\n");
      else
        err(
          `pushed ${archive} to s3://${r.bucket}/${r.key} (${formatBytes(r.bytes)}, ${r.parts} part${r.parts === 1 ? "" : "s"}, ETag ${r.etag}, size and ETag verified)`,
        );
    },
  );

  withS3Options(
    image
      .command("ls")
      .description("list image versions in the s3 resource's order (go-semi-semantic), marking the one a pipeline picks")
      .argument("<bucket>", "s3://bucket")
      .requiredOption("--regexp <regexp>", "the resource's source.regexp, e.g. 'ubuntu/ubuntu-(.*)\\.tgz'")
      .option("--json", "print the list as JSON on stdout")
      .addHelpText("after", "\nExit status: 0 when a version resolves, 1 when nothing matches or a key would crash the resource's check."),
  ).action(async (bucketUrl: string, o: S3CliOptions & { regexp: string; json?: boolean }) => {
    const loc = parseS3Url(bucketUrl);
    if (loc.key !== "")
      throw new PipegenError("pipegen.usage", `give the bucket only (s3://${loc.bucket}) and put the path in --regexp ('${loc.key}…')`, {
        exitCode: ExitCode.usage,
      });
    const list = await listImageVersions({ bucket: loc.bucket, regexp: o.regexp, s3: s3OptionsFrom(o) });
    if (o.json) process.stdout.write(JSON.stringify(list, null, 2) + "\n");
    else if (list.versions.length > 0) {
      const rows = list.versions.map((v) => [v.latest ? "*" : " ", v.version, v.key, v.size !== undefined ? formatBytes(v.size) : "", v.lastModified ?? ""]);
      const head = [" ", "VERSION", "KEY", "SIZE", "LAST MODIFIED"];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [head, ...rows])
        process.stdout.write(
          r
            .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
            .join("  ")
            .trimEnd() + "\n",
        );
    }
    for (const bad of list.invalid) {
      err(
        formatIssue({
          code: "pipegen/s3-unparseable-version",
          severity: "error",
          path: bad.key,
          message: `captured '${bad.capture}', which the s3 resource cannot parse: its check panics with "${bad.error}" and no version resolves`,
          hint: "delete or rename the key, or tighten the regexp so it does not match",
        }),
      );
    }
    for (const w of list.warnings) err(`warning: ${w}`);
    if (list.invalid.length > 0) process.exitCode = ExitCode.failure;
    else if (list.versions.length === 0) {
      err(`pipegen: no object in s3://${list.bucket} matches '${list.regexp}': a pipeline using it would find no version`);
      process.exitCode = ExitCode.failure;
    } else if (!o.json) err(`latest: ${list.latest} (the version a pipeline's check picks)`);
  });

  registerImageExport(image);
}
