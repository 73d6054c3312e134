/** The `pool` resource type (concourse/pool-resource; resource-types.md §4.4): locks kept in a git repository. */
import { makeResource, type Resource, type ResourceOptions, type ResourceSpec } from "../resource";
import { captureSite } from "../site";
import type { Secret, Str } from "../var";
import { bool, given, int, map, objectSchema, reqStr, str, strList, type ResourceTypeSchema } from "./schema";

/** `source` of a pool resource. */
export interface PoolSource {
  /** The lock repository. */
  readonly uri: Str;
  readonly branch: Str;
  /** Directory of the pool in the repository. */
  readonly pool: Str;
  readonly private_key?: Secret;
  readonly private_key_user?: Str;
  readonly private_key_passphrase?: Secret;
  readonly username?: Str;
  readonly password?: Secret;
  readonly git_config?: readonly { readonly name: Str; readonly value: Str }[];
  /** How long to wait between tries to acquire a lock: a Go duration. @default "10s" */
  readonly retry_delay?: Str;
  readonly https_tunnel?: { readonly proxy_host: Str; readonly proxy_port: Str | number; readonly proxy_user?: Str; readonly proxy_password?: Secret };
  readonly forward_agent?: boolean;
  readonly skip_ssl_verification?: boolean;
}

/** `params` of a get of a pool resource. */
export interface PoolGetParams {
  /** Clone depth of the lock repository. */
  readonly depth?: number;
}

/** `params` of a put to a pool resource: exactly one action. Paths name a directory holding `name` and `metadata`. */
export interface PoolPutParams {
  /** Acquire any unclaimed lock. */
  readonly acquire?: boolean;
  /** Claim the lock of this name. */
  readonly claim?: Str;
  readonly release?: Str;
  readonly add?: Str;
  readonly add_claimed?: Str;
  readonly remove?: Str;
  readonly update?: Str;
  readonly check?: Str;
  readonly check_unclaimed?: Str;
}

export interface PoolSpec extends ResourceSpec {
  readonly source: PoolSource;
  readonly getParams: PoolGetParams;
  readonly putParams: PoolPutParams;
}

const ACTIONS = ["acquire", "release", "remove", "claim", "add", "add_claimed", "update", "check", "check_unclaimed"];

/** What the pool resource accepts: unknown keys are ignored; `out` is Go, so its keys have strict JSON types. */
export const POOL_SCHEMA: ResourceTypeSchema = {
  type: "pool",
  image: "concourse/pool-resource",
  unknownKeys: "ignored",
  types: "json",
  source: objectSchema<PoolSource>({
    uri: reqStr,
    branch: reqStr,
    pool: reqStr,
    private_key: str,
    private_key_user: str,
    private_key_passphrase: str,
    username: str,
    password: str,
    git_config: strList,
    retry_delay: str,
    https_tunnel: map,
    forward_agent: bool,
    skip_ssl_verification: bool,
  }),
  get: objectSchema<PoolGetParams>({ depth: int }),
  put: objectSchema<PoolPutParams>(
    { acquire: bool, claim: str, release: str, add: str, add_claimed: str, remove: str, update: str, check: str, check_unclaimed: str },
    {
      rules: (obj) => {
        const set = ACTIONS.filter((k) => given(obj, k) && obj[k] !== false);
        if (set.length === 0)
          return [
            { kind: "missing", message: "invalid payload (missing acquire, release, remove, claim, add, add_claimed, update, check, or check_unclaimed)" },
          ];
        if (set.length > 1)
          return [{ kind: "value", key: set[1]!, message: `'${set.join("' and '")}' are all run, one after another: give one action per put` }];
        return [];
      },
    },
  ),
};

/** A pool resource: locks (environments, test accounts…) acquired and released by puts. */
export function pool(name: string, source: PoolSource, options: ResourceOptions = {}): Resource<PoolSpec> {
  return makeResource<PoolSpec>(name, "pool", source, options, undefined, captureSite());
}
