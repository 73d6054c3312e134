/** The `time` resource type (concourse/time-resource; resource-types.md §4.2). */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Str } from "../var";

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

/** A time resource: triggers jobs on an interval or in a time window. */
export function time(name: string, source: TimeSource, options: ResourceOptions = {}): Resource<TimeSpec> {
  return makeResource<TimeSpec>(name, "time", source, options, undefined, captureSite());
}
