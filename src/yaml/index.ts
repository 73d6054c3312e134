/** Reading Concourse YAML (go-yaml v2 semantics) and pointing at positions in it. */
export { readPipelineYaml, readPipelineYamlDetailed, readTaskYaml } from "./read";
export type { DetailedYamlReadResult, YamlReadResult } from "./read";
export { parseYamlDocument } from "./document";
export type { ParsedYaml, YamlIssue } from "./document";
export { caretExcerpt, caretExcerptAt } from "./excerpt";
export { resolvePlainScalar } from "./go-scalar";
