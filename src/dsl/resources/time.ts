/** The `time` resource type (concourse/time-resource; resource-types.md §4.2). */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Str } from "../var";
import { bool, objectSchema, str, strList, type ResourceTypeSchema } from "./schema";

/** `source` of a time resource. */
export interface TimeSource {
  /** A Go duration between versions, e.g. `"1h"`. */
  readonly interval?: Str;
  /** IANA time zone. @default "UTC" */
  readonly location?: Str;
  /** Window start, e.g. `"8:00 PM"` or `"20:00"` (always quoted in the output); needs `stop`. */
  readonly start?: Str;
  /** Window end; needs `start`. */
  readonly stop?: Str;
  /** Days of the week, e.g. `["Monday", "Tue"]`. */
  readonly days?: readonly Str[];
  readonly initial_version?: boolean;
  readonly start_after?: Str;
}

export interface TimeSpec extends ResourceSpec {
  readonly source: TimeSource;
  readonly getParams: Record<string, never>;
  readonly putParams: Record<string, never>;
}

/** What the time resource accepts (Go encoding/json: unknown keys ignored, wrong JSON types fail). */
export const TIME_SCHEMA: ResourceTypeSchema = {
  type: "time",
  image: "concourse/time-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<TimeSource>(
    { interval: str, location: str, start: str, stop: str, days: strList, initial_version: bool, start_after: str },
    {
      rules: (obj) => {
        if ("start" in obj && !("stop" in obj)) return [{ kind: "missing", key: "stop", message: "must configure 'stop' if 'start' is set" }];
        if ("stop" in obj && !("start" in obj)) return [{ kind: "missing", key: "start", message: "must configure 'start' if 'stop' is set" }];
        return [];
      },
    },
  ),
  get: objectSchema<Record<string, never>>({}),
  put: objectSchema<Record<string, never>>({}),
};

/** A time resource: triggers jobs on an interval or in a time window. */
export function time(name: string, source: TimeSource, options: ResourceOptions = {}): Resource<TimeSpec> {
  return makeResource<TimeSpec>(name, "time", source, options, undefined, captureSite());
}
