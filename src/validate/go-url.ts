/**
 * Go `net/url.Parse`, the parts whose failures Concourse reports: the display background image (D1/D2) and the
 * vault var source URL (§2.6). Returns the scheme and host, or Go's error text.
 */
import { goQ } from "./go";

export type GoUrl = { scheme: string; hostname: string } | { error: string };

export function goUrlParse(raw: string): GoUrl {
  const fail = (msg: string): GoUrl => ({ error: `parse ${goQ(raw)}: ${msg}` });
  const hash = raw.indexOf("#");
  const noFrag = hash >= 0 ? raw.slice(0, hash) : raw;
  if (hash >= 0 && badEscape(raw.slice(hash + 1))) return fail(`invalid URL escape ${goQ(badEscape(raw.slice(hash + 1))!)}`);
  if (/[\x00-\x1f\x7f]/.test(noFrag)) return fail("net/url: invalid control character in URL");
  if (noFrag === "") return { scheme: "", hostname: "" };
  let scheme = "";
  let rest = noFrag;
  for (let i = 0; i < noFrag.length; i++) {
    const c = noFrag[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ":") {
      if (i === 0) return fail("missing protocol scheme");
      scheme = noFrag.slice(0, i).toLowerCase();
      rest = noFrag.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf("?");
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith("/")) {
    if (scheme !== "") return { scheme, hostname: "" };
    const segment = rest.split("/")[0]!;
    if (segment.includes(":")) return fail("first path segment in URL cannot contain colon");
  }
  let hostname = "";
  let path = rest;
  if ((scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    const after = rest.slice(2);
    const slash = after.indexOf("/");
    const authority = slash >= 0 ? after.slice(0, slash) : after;
    path = slash >= 0 ? after.slice(slash) : "";
    const at = authority.lastIndexOf("@");
    let host = at >= 0 ? authority.slice(at + 1) : authority;
    if (host.startsWith("[")) {
      const close = host.indexOf("]");
      if (close < 0) return fail("missing ']' in host");
      const port = host.slice(close + 1);
      if (port !== "" && !/^:[0-9]*$/.test(port)) return fail(`invalid port ${goQ(port)} after host`);
      hostname = host.slice(1, close);
    } else {
      const colon = host.lastIndexOf(":");
      if (colon >= 0) {
        const port = host.slice(colon);
        if (!/^:[0-9]*$/.test(port)) return fail(`invalid port ${goQ(port)} after host`);
        host = host.slice(0, colon);
      }
      const bad = badEscape(host);
      if (bad) return fail(`invalid URL escape ${goQ(bad)}`);
      const badChar = /[^A-Za-z0-9\-._~!$&'()*+,;=%:\[\]\u0080-\uffff]/.exec(host);
      if (badChar) return fail(`invalid character ${goQ(badChar[0])} in host name`);
      hostname = host;
    }
  }
  const bad = badEscape(path);
  if (bad) return fail(`invalid URL escape ${goQ(bad)}`);
  return { scheme, hostname };
}

function badEscape(s: string): string | undefined {
  for (let i = s.indexOf("%"); i >= 0; i = s.indexOf("%", i + 1)) {
    const esc = s.slice(i, i + 3);
    if (!/^%[0-9A-Fa-f]{2}$/.test(esc)) return esc;
  }
  return undefined;
}
