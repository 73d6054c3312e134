/** Bounds of the YAML reader (hostile input: alias bombs, 100,000 nested brackets). */

/**
 * A document that uses aliases may expand to at most this many nodes (a real pipeline with ~235 aliases has a few
 * 10k). go-yaml's own ratio rule stops alias bombs only past ~1,000,000 nodes, seconds of work here.
 */
export const MAX_EXPANDED_NODES = 400_000;
/**
 * Collections may nest at most this deep, the top-level mapping counting as one and aliases expanded: Concourse's
 * own limit. fly and the ATC read a pipeline with go-yaml v2 through sigs.k8s.io/yaml, which turns it into JSON for
 * Go's encoding/json: go-yaml's scanner refuses more than 10,000 flow levels or 10,000 block indentation levels
 * ("exceeded max depth of 10000"), and Go's JSON decoder refuses values nested more than 10,000 deep ("exceeded max
 * depth"), aliases expanded. The reader and the converter are iterative, so this costs heap, not call stack.
 */
export const MAX_DEPTH = 10_000;
/** How a refusal at MAX_DEPTH names the limit. */
export const CONCOURSE_DEPTH_LIMIT = "Concourse's limit (go-yaml and Go's JSON decoder refuse deeper documents: exceeded max depth of 10000)";
