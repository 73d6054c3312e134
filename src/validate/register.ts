/** Makes `renderPipeline` and `loadPipelineFile` check configs with the Concourse-parity validator. */
import { setConfigChecker } from "../render";
import { validatePipeline } from "./index";

setConfigChecker((config) => validatePipeline(config));
