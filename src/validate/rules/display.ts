/** Display: concourse-spec.md §3.5 D1–D2 (configvalidate `validateDisplay`). */
import { goUrlParse } from "../go-url";
import type { RuleContext } from "./context";

export function validateDisplay(ctx: RuleContext): void {
  const display = ctx.cfg.display;
  if (!display) return;
  const url = goUrlParse(display.backgroundImage);
  const path = `${display.path}.background_image`;
  if ("error" in url) ctx.r.error("concourse/invalid-url", path, `background_image is not a valid URL: ${display.backgroundImage}`);
  else if (url.scheme !== "" && url.scheme !== "http" && url.scheme !== "https")
    ctx.r.error("concourse/invalid-url", path, "background_image scheme must be either http, https or relative");
}
