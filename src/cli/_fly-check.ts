/** `--fly` for `validate` and `check`: a real `fly validate-pipeline` gives a second opinion on the same YAML. */
import { readFileSync } from "node:fs";
import { crossCheckWithFly } from "../lazy/fly";
import { isModuleFile, loadPipelineModule } from "../load";
import { renderPipeline } from "../render";

/**
 * Asks a real fly for a second opinion on the same YAML Concourse would get. Returns false (and says why on stderr)
 * when fly disagrees with pipegen's verdict; without fly on PATH it says so once and trusts pipegen.
 */
export async function flyAgrees(file: string, pipegenValid: boolean, strict: boolean): Promise<boolean> {
  let yaml: string;
  try {
    yaml = isModuleFile(file) ? renderPipeline(await loadPipelineModule(file), { sourceFile: file, validate: false }).yaml : readFileSync(file, "utf8");
  } catch {
    return true; // pipegen's own result already reports why the file cannot be read
  }
  const check = await crossCheckWithFly(yaml, pipegenValid, { strict });
  if (!check.ran) {
    if (!flyNoteShown) process.stderr.write("pipegen: --fly: no fly on PATH, so only pipegen's own checks ran\n");
    flyNoteShown = true;
    return true;
  }
  if (check.agree) return true;
  process.stderr.write(`pipegen: ${file}: fly validate-pipeline disagrees (fly says ${pipegenValid ? "invalid" : "valid"}):\n${check.flyOutput.trimEnd()}\n`);
  return false;
}
let flyNoteShown = false;
