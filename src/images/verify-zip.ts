/**
 * Verifies a zip image as the s3 resource unpacks it: `unzip -P "" -d <outdir> <file>` (Info-ZIP unzip 6.0,
 * run as root, no -X, no -K). What that means for the rootfs, and what this reports:
 *
 *  - names, modes and owners come from the central directory (at the end of the file), so the zip is read with
 *    random access (yauzl), never as a stream;
 *  - Unix zips keep their permission bits, but unzip clears setuid/setgid/sticky without -K (warning);
 *  - zips made elsewhere (DOS/Windows attributes) get rw-rw-rw- less the umask and no execute bit: nothing in
 *    rootfs/ could run (error);
 *  - owners are never restored without -X: everything belongs to root after unpacking (warning, naming the
 *    entries the zip says belong to someone else);
 *  - absolute or '..' names: unzip strips them but warns, and its exit status 1 fails the get (error);
 *  - encrypted entries (`-P ""` cannot decrypt them) and methods unzip does not know fail the get (error);
 *  - every entry's data is decompressed and its CRC checked, as a damaged member makes unzip exit non-zero.
 */
import type { PipelineIssue } from "../issues";
import { bunzip2, Bzip2Error } from "./bzip2";
import { crc32 } from "./gzip";
import type { ImageMetadata } from "./metadata";
import { entryPath, ImageLayout, MAX_SMALL_FILE, problem, type SmallFile } from "./verify-layout";

export interface ZipCheck {
  readonly entries: number;
  /** Sum of the entries' uncompressed sizes. */
  readonly unpackedBytes: number;
  readonly metadata?: ImageMetadata;
}

/** Hosts whose mode bits unzip 6.0 applies as Unix modes (its mapattr()). */
const UNIX_HOSTS = new Set([2, 3, 5, 12, 13, 16, 17, 30]);
const HOST_NAMES: Record<number, string> = {
  0: "MS-DOS/Windows (FAT)",
  6: "OS/2 (HPFS)",
  7: "Macintosh",
  10: "Windows (NTFS)",
  11: "Windows (NTFS)",
  14: "Windows (VFAT)",
  19: "macOS",
};
/** Methods Info-ZIP unzip 6.0 extracts (bzip2 when built with it, as distributions do). */
const UNZIP_METHODS = new Set([0, 1, 2, 3, 4, 5, 6, 8, 9, 12]);
const METHOD_NAMES: Record<number, string> = { 14: "LZMA", 19: "LZ77", 93: "Zstandard", 95: "xz", 96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "AES-encrypted" };

type Yauzl = typeof import("yauzl");
type Entry = import("yauzl").Entry;
type ZipFile = import("yauzl").ZipFile;

interface Tally {
  count: number;
  example: string;
  detail: string;
}
const tally = (t: Tally | undefined, where: string, detail: string): Tally => (t ? { ...t, count: t.count + 1 } : { count: 1, example: where, detail });
const entries = (n: number): string => `${n} entr${n === 1 ? "y" : "ies"}`;

/** uid/gid from Info-ZIP's "ux" (0x7875) or old "UX" (0x5855, with ids) extra fields, as unzip -X would read them. */
function owners(entry: Entry): { uid: number; gid: number } | undefined {
  for (const f of entry.extraFields) {
    const d = f.data;
    if (f.id === 0x7875 && d.length >= 3 && d[0] === 1) {
      const uidSize = d[1]!;
      const gidAt = 2 + uidSize;
      if (uidSize < 1 || uidSize > 6 || d.length < gidAt + 1) continue;
      const gidSize = d[gidAt]!;
      if (gidSize < 1 || gidSize > 6 || d.length < gidAt + 1 + gidSize) continue;
      return { uid: d.readUIntLE(2, uidSize), gid: d.readUIntLE(gidAt + 1, gidSize) };
    }
    if (f.id === 0x5855 && d.length >= 12) return { uid: d.readUInt16LE(8), gid: d.readUInt16LE(10) };
  }
  return undefined;
}

/** Reads an entry's data, checking its CRC; keeps the text when `keep` (it is a small file the layout needs). */
async function readEntry(zip: ZipFile, entry: Entry, keep: boolean): Promise<string | undefined> {
  const raw = entry.compressionMethod === 12;
  const stream = await zip.openReadStreamPromise(entry, raw ? { decodeFileData: false } : {});
  const data: AsyncIterable<Buffer> = raw ? bunzip2(stream as AsyncIterable<Buffer>) : (stream as AsyncIterable<Buffer>);
  let crc = 0;
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of data) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (keep && size <= MAX_SMALL_FILE) parts.push(Buffer.from(chunk));
  }
  if (size !== entry.uncompressedSize) throw new Error(`${size} bytes of data, the directory says ${entry.uncompressedSize}`);
  if (crc >>> 0 !== entry.crc32) throw new Error("CRC mismatch");
  return keep ? Buffer.concat(parts).toString("utf8") : undefined;
}

/** Why yauzl could not open or list the zip, in the user's words. */
function zipFailure(err: unknown): string {
  const msg = (err as Error).message ?? String(err);
  if (/end of central directory record signature not found|unexpected EOF/i.test(msg))
    return `the zip's central directory is missing (truncated upload or download?): ${msg}`;
  return `corrupt zip (${msg})`;
}

/** Checks the zip `file`, adding problems to `problems` (`base` is the name they are reported under). */
export async function verifyZip(file: string, base: string, problems: PipelineIssue[]): Promise<ZipCheck> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: loaded only by the commands that need it
  const yauzl = require("yauzl") as Yauzl;
  const layout = new ImageLayout(problems, base);
  let zip: ZipFile;
  try {
    // decodeStrings: false, because yauzl rejects absolute and '..' names outright; they are reported here instead
    zip = await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (err) {
    problems.push(problem("error", "image-corrupt", base, `cannot read the archive: ${zipFailure(err)}`));
    return { entries: 0, unpackedBytes: 0 };
  }
  let count = 0;
  let unpackedBytes = 0;
  let dataBroken = false;
  let noModes: Tally | undefined;
  let specialBits: Tally | undefined;
  let otherOwner: Tally | undefined;
  let noOwner: Tally | undefined;
  let encrypted: Tally | undefined;
  let method: Tally | undefined;
  try {
    for await (const entry of zip.eachEntry()) {
      count++;
      unpackedBytes += entry.uncompressedSize;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const { path: p, problem: bad } = entryPath(name);
      if (bad === "absolute")
        problems.push(
          problem(
            "error",
            "image-absolute-path",
            name,
            `absolute path: unzip strips the '/' but warns and exits 1, and the s3 resource fails with "failed to extract archive: exit status 1"`,
          ),
        );
      if (bad === "dotdot")
        problems.push(
          problem(
            "error",
            "image-dotdot-path",
            name,
            `path contains '..': unzip skips that part but warns and exits 1, and the s3 resource fails with "failed to extract archive: exit status 1"`,
          ),
        );

      const host = entry.versionMadeBy >>> 8;
      const mode = entry.externalFileAttributes >>> 16;
      const unixModes = UNIX_HOSTS.has(host) && mode !== 0;
      const type = mode & 0o170000;
      const isDir = name.endsWith("/") || (unixModes ? type === 0o040000 : (entry.externalFileAttributes & 0x10) !== 0);
      const kind = isDir ? "directory" : unixModes && type === 0o120000 ? "symlink" : "file";
      const inRootfs = p.startsWith("rootfs/");
      if (inRootfs && kind === "file" && !unixModes) noModes = tally(noModes, p, HOST_NAMES[host] ?? `host system ${host}`);
      if (unixModes && mode & 0o7000) specialBits = tally(specialBits, p, `${(mode & 0o7777).toString(8)} → ${(mode & 0o777).toString(8).padStart(4, "0")}`);
      if (inRootfs) {
        const o = owners(entry);
        if (!o) noOwner = tally(noOwner, p, "");
        else if (o.uid !== 0 || o.gid !== 0) otherOwner = tally(otherOwner, p, `${o.uid}:${o.gid}`);
      }

      const small = layout.see(p, kind, entry.uncompressedSize);
      const isEncrypted = (entry.generalPurposeBitFlag & 1) !== 0;
      if (isEncrypted) encrypted = tally(encrypted, p, "");
      if (!UNZIP_METHODS.has(entry.compressionMethod)) method = tally(method, p, METHOD_NAMES[entry.compressionMethod] ?? `method ${entry.compressionMethod}`);
      const readable = !isEncrypted && (entry.compressionMethod === 0 || entry.compressionMethod === 8 || entry.compressionMethod === 12);
      if (!readable) {
        if (small) layout.unreadable(small, isEncrypted ? "it is encrypted" : `pipegen does not decode compression method ${entry.compressionMethod}`);
        continue;
      }
      if (dataBroken || (kind === "directory" && entry.uncompressedSize === 0)) continue;
      try {
        const text = await readEntry(zip, entry, small !== undefined);
        if (small && text !== undefined) layout.provide(small as SmallFile, text);
      } catch (err) {
        // one line for the first damaged member; its neighbours share the cause (usually truncation)
        const why = err instanceof Bzip2Error ? err.message : (err as Error).message;
        problems.push(problem("error", "image-corrupt", base, `cannot read the archive's entry '${name}': ${why}; unzip would fail on it`));
        if (small) layout.unreadable(small, why);
        dataBroken = true;
      }
    }
  } catch (err) {
    problems.push(problem("error", "image-corrupt", base, `cannot read the archive after ${entries(count)}: ${zipFailure(err)}`));
    return { entries: count, unpackedBytes };
  } finally {
    zip.close();
  }

  if (noModes) {
    problems.push(
      problem(
        "error",
        "image-zip-no-modes",
        noModes.example,
        `${entries(noModes.count)} under rootfs/ carry no Unix permissions (zipped on ${noModes.detail}): unzip makes them rw-rw-rw- less the umask and never executable, so the container could run none of its programs`,
        "zip on Unix (Info-ZIP zip -ry keeps modes and symlinks), or ship a .tgz made by pipegen image pack",
      ),
    );
  }
  if (specialBits) {
    problems.push(
      problem(
        "warning",
        "image-zip-special-bits",
        specialBits.example,
        `${entries(specialBits.count)} lose setuid/setgid/sticky bits (here ${specialBits.detail}): the s3 resource runs unzip without -K, which clears them`,
        "ship a .tgz (pipegen image pack) to keep them",
      ),
    );
  }
  if (otherOwner) {
    problems.push(
      problem(
        "warning",
        "image-zip-owners",
        otherOwner.example,
        `${entries(otherOwner.count)} under rootfs/ ${otherOwner.count === 1 ? "is" : "are"} owned by other users or groups in the zip (here uid:gid ${otherOwner.detail}), but unzip runs without -X: after unpacking everything is owned by root`,
        "ship a .tgz (pipegen image pack) to keep owners",
      ),
    );
  } else if (noOwner) {
    problems.push(
      problem(
        "warning",
        "image-zip-owners",
        "rootfs/",
        `${entries(noOwner.count)} under rootfs/ record no owner, and unzip runs without -X anyway: after unpacking everything is owned by root`,
        "ship a .tgz (pipegen image pack) if the image needs other owners",
      ),
    );
  }
  if (encrypted) {
    problems.push(
      problem(
        "error",
        "image-zip-encrypted",
        encrypted.example,
        `${entries(encrypted.count)} are encrypted: the s3 resource runs unzip -P "" (an empty password), which cannot decrypt them`,
      ),
    );
  }
  if (method) {
    problems.push(
      problem(
        "error",
        "image-zip-method",
        method.example,
        `${entries(method.count)} use ${method.detail} compression, which unzip cannot extract`,
        "zip with deflate (the default)",
      ),
    );
  }
  const metadata = layout.finish(count);
  return { entries: count, unpackedBytes, ...(metadata ? { metadata } : {}) };
}
