// The s3 resource's version order (go-semi-semantic), checked against the worked examples of
// resource-types.md §1.4 and the library's own rules, including every way a capture fails to parse.
import { describe, expect, it } from "vitest";
import { compareS3Versions, parseS3Version, s3VersionOrderingTrap, type S3Version } from "../src/images";

describe("compareS3Versions: the worked examples of resource-types.md §1.4", () => {
  const table: [string, string, -1 | 0 | 1][] = [
    ["1.9.0", "1.10.0", -1],
    ["1.0", "1.0.0", 0],
    ["1.0.0-rc.1", "1.0.0", -1],
    ["1.0.0-rc.2", "1.0.0-rc.10", -1],
    ["1.0.0-rc2", "1.0.0-rc10", 1],
    ["1.0.0+build.1", "1.0.0", 1],
    ["1.0.a", "1.0.9", 1],
    ["1.09", "1.10", 1],
    ["2024.09.30", "2024.10.01", 1],
    ["v9.0.0", "v10.0.0", 1],
    ["2024-12-31", "2024", -1],
    ["20240115", "20240116", -1],
    ["abc123", "1234567", 1],
    ["1.2.3.tgz", "1.10.0.tgz", -1],
  ];
  it.each(table)("%s vs %s -> %i", (a, b, want) => {
    expect(compareS3Versions(a, b)).toBe(want);
    expect(compareS3Versions(b, a)).toBe(-want === 0 ? 0 : -want);
  });
});

describe("compareS3Versions: rules beyond the table", () => {
  it("ignores trailing integer zeros in every segment, but not trailing strings", () => {
    expect(compareS3Versions("1-rc.1.0", "1-rc.1")).toBe(0);
    expect(compareS3Versions("1.0.a", "1")).toBe(1);
    expect(compareS3Versions("1", "1.0.0.0.1")).toBe(-1);
  });
  it("orders pre-releases below and post-releases above the release, and compares them component-wise", () => {
    const sorted = ["1.0.0+2", "1.0.0", "1.0.0-beta", "1.0.0-alpha.10", "1.0.0-alpha.2", "1.0.0+1", "1.0.0-rc.1+b"].sort(compareS3Versions);
    expect(sorted).toEqual(["1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta", "1.0.0-rc.1+b", "1.0.0", "1.0.0+1", "1.0.0+2"]);
  });
  it("compares a pre-release version's POST only after PRE (1.0-a+9 < 1.0-b)", () => {
    expect(compareS3Versions("1.0-a+9", "1.0-b")).toBe(-1);
  });
  it("treats a lone 0 as an integer and 00 / 01 as strings", () => {
    expect(parseS3Version("0").ok && parseS3Version("0")).toMatchObject({ version: { release: [{ kind: "int", value: 0n }] } });
    expect(parseS3Version("00")).toMatchObject({ ok: true, version: { release: [{ kind: "str", value: "00" }] } });
    expect(compareS3Versions("01", "9")).toBe(1);
  });
  it("keeps integers exact up to int64 (no float rounding)", () => {
    expect(compareS3Versions("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareS3Versions("9223372036854775807", "9223372036854775806")).toBe(1);
  });
  it("compares strings by bytes: upper case sorts before lower case, '_' and '-' by code", () => {
    expect(compareS3Versions("1.B", "1.a")).toBe(-1);
    expect(compareS3Versions("1.a-b", "1.a_b")).toBe(-1);
  });
});

describe("parseS3Version: what the resource refuses (its check panics on such a key)", () => {
  const bad: [string, RegExp][] = [
    ["", /Expected version to be non-empty string/],
    ["1..2", /Expected component '' from version segment '1\.\.2' to be either an integer or a formatted string/],
    ["1.", /component ''/],
    [".1", /component ''/],
    ["1 2", /to match version format/],
    ["1+2+3", /to match version format/],
    ["1:2", /to match version format/],
    ["~", /to match version format/],
    ["/", /to match version format/],
    ["@", /to match version format/],
    ["-1", /to match version format/],
    ["1-", /to match version format/],
    ["1+", /to match version format/],
    ["1.0-rc..1", /component '' from version segment 'rc\.\.1'/],
    ["ümlaut", /to match version format/],
    ["9223372036854775808", /to be a parseable integer: strconv\.Atoi: parsing "9223372036854775808": value out of range/],
  ];
  it.each(bad)("%j does not parse", (raw, why) => {
    const r = parseS3Version(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
  it("throws the resource's panic text from compareS3Versions", () => {
    expect(() => compareS3Versions("1.0", "")).toThrow("version number was not valid: Expected version to be non-empty string");
  });
  it("accepts any identifier made of allowed characters, and digit runs with leading zeros as strings", () => {
    for (const ok of ["latest", "1.0.0-rc-1", "1_2", "0123456789012345678901234567890", "1.0+build.2024-01-01", "A.b-C+d"])
      expect(parseS3Version(ok).ok, ok).toBe(true);
  });
});

function v(raw: string): S3Version {
  const r = parseS3Version(raw);
  if (!r.ok) throw new Error(r.error);
  return r.version;
}

describe("s3VersionOrderingTrap", () => {
  it("explains the versions that sort unlike people expect", () => {
    expect(s3VersionOrderingTrap(v("v10.0.0"))).toMatch(/'v10' mixes letters and digits/);
    expect(s3VersionOrderingTrap(v("2024.09.30"))).toMatch(/'09' has a leading zero/);
    expect(s3VersionOrderingTrap(v("1.0.0-rc10"))).toMatch(/'rc10'/);
    expect(s3VersionOrderingTrap(v("1.10.0-rc.2"))).toBeUndefined();
  });
});
