// One Go-duration parser (src/go-duration.ts), for the validator's errors and diff's normalisation alike.
// Cases are Go's own time.ParseDuration behaviour, including its int64 limits and float64 fraction scaling.
import { describe, expect, it } from "vitest";
import { formatGoDuration, normalizeGoDuration, parseGoDuration } from "../src/go-duration";
import { validatePipeline } from "../src/index";

const ns = (text: string) => {
  const r = parseGoDuration(text);
  return "ns" in r ? r.ns : r.error;
};
const S = 1_000_000_000n;

describe("parseGoDuration", () => {
  it("reads what Go reads", () => {
    const cases: [string, bigint][] = [
      ["0", 0n],
      ["-0", 0n],
      ["+0", 0n],
      ["5s", 5n * S],
      ["+5s", 5n * S],
      ["-5s", -5n * S],
      ["5.0s", 5n * S],
      ["5.6s", 5_600_000_000n],
      ["5.s", 5n * S],
      [".5s", 500_000_000n],
      ["1.004s", 1_004_000_000n],
      ["100.00100s", 100_001_000_000n],
      ["10ns", 10n],
      ["11us", 11_000n],
      ["12µs", 12_000n],
      ["12μs", 12_000n],
      ["13ms", 13_000_000n],
      ["15m", 900n * S],
      ["16h", 57_600n * S],
      ["3h30m", 12_600n * S],
      ["10.5s4m", 250_500_000_000n],
      ["-2m3.4s", -123_400_000_000n],
      ["1h2m3s4ms5us6ns", 3_723_004_005_006n],
      ["39h9m14.425s", 140_954_425_000_000n],
      ["9007199254740993ns", 9_007_199_254_740_993n],
      ["0.3333333333333333333h", 1_200_000_000_000n],
      ["9223372036854775807ns", 9_223_372_036_854_775_807n],
      ["9223372036854775.807us", 9_223_372_036_854_775_807n],
      ["9223372036s854ms775us807ns", 9_223_372_036_854_775_807n],
      ["-9223372036854775808ns", -9_223_372_036_854_775_808n],
      ["0.100000000000000000000h", 360n * S],
      ["0.830103483285477580700h", 2_988_372_539_827n],
    ];
    for (const [text, want] of cases) expect([text, ns(text)]).toEqual([text, want]);
  });

  it("refuses what Go refuses, with Go's message", () => {
    expect(ns("")).toBe('time: invalid duration ""');
    for (const t of ["-", "s", ".", "-.", ".s", "+.s"]) expect(ns(t)).toBe(`time: invalid duration "${t}"`);
    expect(ns("3")).toBe('time: missing unit in duration "3"');
    expect(ns("1.5.s")).toBe('time: missing unit in duration "1.5.s"');
    expect(ns("1d")).toBe('time: unknown unit "d" in duration "1d"');
    expect(ns("1hr")).toBe('time: unknown unit "hr" in duration "1hr"');
    // int64 overflow, in each place Go checks it
    for (const t of [
      "9223372036854775808ns",
      "9223372036854775.808us",
      "9223372036854ms775us808ns",
      "-9223372036854775809ns",
      "99999999999999999999s",
      "2562048h",
    ]) {
      expect(ns(t)).toBe(`time: invalid duration "${t}"`);
    }
  });
});

describe("formatGoDuration / normalizeGoDuration", () => {
  it("writes Go's Duration.String()", () => {
    expect([0n, 1n, 1_500n, 1_500_000n, 1_500_000_000n, 90n * S, 5_400n * S, -61n * S].map(formatGoDuration)).toEqual([
      "0s",
      "1ns",
      "1.5µs",
      "1.5ms",
      "1.5s",
      "1m30s",
      "1h30m0s",
      "-1m1s",
    ]);
    expect(["1.5h", "90m", "5400s", "never", "((every))", "1d"].map(normalizeGoDuration)).toEqual([
      "1h30m0s",
      "1h30m0s",
      "1h30m0s",
      "never",
      "((every))",
      "1d",
    ]);
  });

  it("is what the validator uses: a check_every one nanosecond past int64 is Go's error (a float64 parser misses it)", () => {
    const cfg = { resources: [{ name: "r", type: "git", source: {}, check_every: "9223372036854775808ns" }], jobs: [{ name: "j", plan: [{ get: "r" }] }] };
    const issues = validatePipeline(cfg).filter((i) => i.code === "concourse/invalid-duration");
    expect(issues.map((i) => i.message)).toEqual(['error unmarshaling JSON: while decoding JSON: time: invalid duration "9223372036854775808ns"']);
  });
});
