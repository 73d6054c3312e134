/**
 * What the s3 resource makes of `source.endpoint` (s3client.go, NewS3Client): Go's `url.Parse` reads it first,
 * and a parse error ends the step ("error creating s3 client: error parsing given endpoint: …"); without a
 * scheme it gets `https://` (`http://` with `disable_ssl: true`); with one it is used as it is, and the SDK's
 * endpoint rules accept only an http or https URL without a query ("Custom endpoint `…` was not a valid URI").
 * So `127.0.0.1:7480` fails to parse (a colon in the first path segment) and `localhost:7480` is a URL whose
 * scheme is `localhost`, which the SDK rejects: pipegen must not quietly add `http://` to either.
 */
import { goUrlParse } from "../validate/go-url";

export type ResourceEndpoint = { readonly endpoint: string } | { readonly error: string };

/** The endpoint URL the s3 resource would use, or the error its step would fail with. */
export function resourceEndpoint(raw: string, disableSsl: boolean): ResourceEndpoint {
  const parsed = goUrlParse(raw);
  if ("error" in parsed) {
    return {
      error: `the s3 resource fails on endpoint '${raw}': error creating s3 client: error parsing given endpoint: ${parsed.error} (write ${disableSsl ? "http" : "https"}://${raw})`,
    };
  }
  if (parsed.scheme === "") return { endpoint: `${disableSsl ? "http" : "https"}://${raw}` };
  if ((parsed.scheme !== "http" && parsed.scheme !== "https") || rawQuery(raw)) {
    const hint =
      parsed.scheme !== "http" && parsed.scheme !== "https"
        ? ` ('${parsed.scheme}:' is read as the URL's scheme; write ${disableSsl ? "http" : "https"}://${raw})`
        : " (an endpoint has no ?query)";
    return { error: `the s3 resource fails on endpoint '${raw}': Custom endpoint \`${raw}\` was not a valid URI${hint}` };
  }
  return { endpoint: raw };
}

function rawQuery(raw: string): boolean {
  const noFrag = raw.split("#")[0]!;
  const q = noFrag.indexOf("?");
  return q >= 0 && q < noFrag.length - 1;
}
