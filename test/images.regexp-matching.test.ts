// How the s3 resource matches `source.regexp` (resource-types.md §1.3): Go RE2 syntax, one piece per key
// level, anchored level matching, unanchored extraction, and which group holds the version. The bucket
// walk is exercised here over an in-memory key set (pure algorithm); images.s3.test.ts runs it on RGW.
import { describe, expect, it } from "vitest";
import { compileGoRegexp, extractVersion, orderVersions, regexpProblem, versionPattern } from "../src/images";
import { matchingKeys, type ListLevel } from "../src/images/s3-regexp";

/** Delimiter listing over a fixed key set, exactly as S3 answers ListObjectsV2 with Delimiter "/", 2 per page. */
function bucket(keys: string[]): { list: ListLevel; calls: string[] } {
  const calls: string[] = [];
  const sorted = [...keys].sort();
  const list: ListLevel = async (prefix, token) => {
    calls.push(prefix);
    const items: { kind: "key" | "prefix"; v: string }[] = [];
    for (const k of sorted) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) items.push({ kind: "key", v: k });
      else {
        const p = prefix + rest.slice(0, slash + 1);
        if (!items.some((i) => i.kind === "prefix" && i.v === p)) items.push({ kind: "prefix", v: p });
      }
    }
    const start = token ? Number(token) : 0;
    const page = items.slice(start, start + 2);
    return {
      keys: page.filter((i) => i.kind === "key").map((i) => i.v),
      prefixes: page.filter((i) => i.kind === "prefix").map((i) => i.v),
      ...(start + 2 < items.length ? { next: String(start + 2) } : {}),
    };
  };
  return { list, calls };
}

describe("compileGoRegexp", () => {
  it("accepts Go named groups and reports Go's group names", () => {
    const re = compileGoRegexp("app-(?P<version>[0-9.]+)-(?P<arch>amd64|arm64)\\.tgz");
    expect(re.groups).toBe(2);
    expect(re.names).toEqual(["", "version", "arch"]);
    expect(re.js.exec("app-1.2-arm64.tgz")?.[1]).toBe("1.2");
  });
  it("maps a leading (?i) to a case-insensitive match", () => {
    expect(compileGoRegexp("(?i)APP-(.*)\\.TGZ").js.test("app-1.tgz")).toBe(true);
  });
  it("keeps Go's '.' (everything but \\n), ASCII \\s and \\A / \\z", () => {
    const re = compileGoRegexp("\\Aa.b\\sc\\z");
    expect(re.js.test("a\rb c")).toBe(true); // JS '.' would refuse \r
    expect(re.js.test("a\nb c")).toBe(false);
    expect(re.js.test("axb\u00a0c")).toBe(false); // JS \s would accept a no-break space
  });
  it("supports \\Q…\\E literals, POSIX classes and escaped punctuation", () => {
    expect(compileGoRegexp("\\Qa.b(c)\\E-([[:digit:]]+)").js.exec("a.b(c)-42")?.[1]).toBe("42");
    expect(compileGoRegexp("a\\-b\\#c").js.test("a-b#c")).toBe(true);
    expect(compileGoRegexp("x{y}").js.test("x{y}")).toBe(true); // braces that are not a repetition are literals
  });
  it("refuses what Go refuses, in Go's words", () => {
    expect(() => compileGoRegexp("(a)\\1")).toThrow(/invalid escape sequence: `\\1`/);
    expect(() => compileGoRegexp("a(?=b)")).toThrow(/invalid or unsupported Perl syntax/);
    expect(() => compileGoRegexp("a(b")).toThrow(/missing closing \)/);
    expect(() => compileGoRegexp("a)")).toThrow(/unexpected \)/);
  });
});

describe("version group and extraction (versions.Extract)", () => {
  it("uses the only group, else the group named 'version', else group 1", () => {
    expect(versionPattern("a-(.*)\\.tgz").versionGroup).toBe(1);
    expect(versionPattern("(app|lib)-(?P<version>.*)\\.tgz").versionGroup).toBe(2);
    expect(versionPattern("(app|lib)-(.*)\\.tgz").versionGroup).toBe(1);
    expect(versionPattern("app\\.tgz").versionGroup).toBe(0);
  });
  it("extracts from the whole key, including groups in directory pieces", () => {
    const p = versionPattern("builds/(?P<version>[^/]+)/app\\.tgz");
    expect(extractVersion(p, "builds/1.2.3/app.tgz")).toMatchObject({ kind: "version", capture: "1.2.3" });
  });
  it("reports the resource's panic text for a capture that does not parse", () => {
    expect(extractVersion(versionPattern("app-(.*).tgz"), "app-.tgz")).toEqual({
      kind: "invalid",
      key: "app-.tgz",
      capture: "",
      error: "version number was not valid: Expected version to be non-empty string",
    });
  });
  it("treats an optional group that did not take part as an empty capture, like Go", () => {
    expect(extractVersion(versionPattern("app(-[0-9]+)?\\.tgz"), "app.tgz")).toMatchObject({ kind: "invalid", capture: "" });
  });
  it("flags a regexp without a group and a '/' inside a group before any listing", () => {
    expect(regexpProblem("images/app.tgz")).toMatch(/no capture group/);
    expect(regexpProblem("images/(a/b)-(.*).tgz")).toMatch(/does not compile/);
    expect(regexpProblem("images/app-(.*)\\.tgz")).toBeUndefined();
  });
});

describe("matchingKeys: the resource's level-by-level bucket walk", () => {
  const keys = [
    "ubuntu/ubuntu-1.9.0.tgz",
    "ubuntu/ubuntu-1.10.0.tgz",
    "ubuntu/ubuntu-1.10.0.tgz.sha256",
    "ubuntu/old/ubuntu-0.1.tgz",
    "xubuntu/ubuntu-9.tgz",
    "ubuntu-2.tgz",
    "builds/7/app-1.tgz",
    "builds/12/app-2.tgz",
    "builds/x/app-3.tgz",
    "builds/12/sub/app-4.tgz",
  ];
  it("anchors each level: no partial matches, no matches across '/'", async () => {
    const b = bucket(keys);
    expect(await matchingKeys("ubuntu/ubuntu-(.*).tgz", b.list)).toEqual(["ubuntu/ubuntu-1.10.0.tgz", "ubuntu/ubuntu-1.9.0.tgz"]);
    // a literal directory piece is used as a prefix without listing the root
    expect(new Set(b.calls)).toEqual(new Set(["ubuntu/"]));
  });
  it("lists and filters the parent when a directory piece has regexp characters, following pagination", async () => {
    const b = bucket(keys);
    expect(await matchingKeys("builds/([0-9]+)/app-(?P<version>.*)\\.tgz", b.list)).toEqual(["builds/12/app-2.tgz", "builds/7/app-1.tgz"]);
    expect(b.calls.filter((c) => c === "builds/").length).toBeGreaterThan(1); // paged
  });
  it("strips one leading ^ and trailing $ before splitting", async () => {
    expect(await matchingKeys("^ubuntu/ubuntu-(.*).tgz$", bucket(keys).list)).toHaveLength(2);
  });
  it("orders the matches as the resource does and marks the latest", () => {
    const list = orderVersions("b", "ubuntu/ubuntu-(.*).tgz", ["ubuntu/ubuntu-1.10.0.tgz", "ubuntu/ubuntu-1.9.0.tgz", "ubuntu/ubuntu-1.10.0-rc.1.tgz"]);
    expect(list.versions.map((v) => v.version)).toEqual(["1.9.0", "1.10.0-rc.1", "1.10.0"]);
    expect(list.latest).toBe("ubuntu/ubuntu-1.10.0.tgz");
    expect(list.versions.filter((v) => v.latest).map((v) => v.key)).toEqual(["ubuntu/ubuntu-1.10.0.tgz"]);
  });
  it("reports no latest while a key would crash the check, and warns about ties and order traps", () => {
    const crash = orderVersions("b", "a-(.*).tgz", ["a-1.tgz", "a-.tgz"]);
    expect(crash.latest).toBeUndefined();
    expect(crash.invalid).toEqual([{ key: "a-.tgz", capture: "", error: expect.stringContaining("non-empty") }]);
    const tie = orderVersions("b", "a-(.*).tgz", ["a-1.0.tgz", "a-1.tgz"]);
    expect(tie.warnings.join("\n")).toMatch(/'1\.0', '1' are equal/);
    const trap = orderVersions("b", "a-(.*).tgz", ["a-v9.tgz", "a-v10.tgz"]);
    expect(trap.latest).toBe("a-v9.tgz");
    expect(trap.warnings.join("\n")).toMatch(/'v9' mixes letters and digits/);
  });
});
