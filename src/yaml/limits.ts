/** Bounds of the YAML reader (hostile input: alias bombs, 100,000 nested brackets). */

/**
 * A document that uses aliases may expand to at most this many nodes (a real pipeline with ~235 aliases has a few
 * 10k). go-yaml's own ratio rule stops alias bombs only past ~1,000,000 nodes, seconds of work here.
 */
export const MAX_EXPANDED_NODES = 400_000;
/**
 * Collections may nest at most this deep, aliases expanded. go-yaml's parser stops at 10,000; the `yaml`
 * library's composer recurses and runs out of call stack somewhere past 700, depending on the caller; a fixed bound
 * below that gives the same answer everywhere. No real pipeline nests beyond 30.
 */
export const MAX_DEPTH = 500;
