/** The `pipegen/testing` entry point: the same `Testing` helper as `import { Testing } from "pipegen"`. */
export { Testing } from "./index";
export type { TestingRenderOptions } from "./index";
