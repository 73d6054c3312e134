/** The Concourse model: one zod definition per shape, giving types, runtime checks and JSON Schema. */
export * from "./common";
export * from "./task-config";
export * from "./step";
export * from "./job";
export * from "./resource";
export * from "./group";
export * from "./var-source";
export * from "./display";
export * from "./pipeline";
export { pipelineJsonSchema } from "./json-schema";
