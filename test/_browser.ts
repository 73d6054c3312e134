// A real Chromium (Debian's `chromium`, installed by .ci/browser) driven by playwright-core. The browser
// tests fail, loudly, when no Chromium is found: they must never be skipped for want of a browser.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser, type ConsoleMessage, type Page } from "playwright-core";

export function chromiumPath(): string {
  const env = process.env.PIPEGEN_CHROMIUM;
  if (env) return env;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const found = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (found && existsSync(found)) return found;
    } catch {
      // not this one
    }
  }
  throw new Error("no chromium found (apt-get install chromium, or set PIPEGEN_CHROMIUM): the browser tests need it");
}

export async function launchBrowser(): Promise<Browser> {
  // root (CI) cannot use Chromium's sandbox
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath: chromiumPath(), args });
}

/** A page that records every console message, page error and request, for "nothing logged, nothing fetched". */
export async function watchedPage(browser: Browser): Promise<{ page: Page; messages: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const messages: string[] = [];
  const requests: string[] = [];
  page.on("console", (m: ConsoleMessage) => messages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  return { page, messages, requests };
}
