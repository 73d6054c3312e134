/**
 * What go-yaml's reader refuses before any YAML is parsed, and the prefix fly puts on every YAML error it reports.
 * Concourse reads pipelines through go-yaml, so a file it refuses here is refused whole.
 */
import { isUtf8 } from "node:buffer";

/** How fly prefixes go-yaml's errors. */
export const FLY_YAML_PREFIX = "error parsing yaml before applying templates: yaml: ";

/**
 * Characters go-yaml's reader refuses in a document ("control characters are not allowed"): C0 controls other than
 * tab, LF and CR; DEL; C1 controls other than NEL; U+FFFE and U+FFFF. (It accepts a BOM and U+FFFD.) The fast reader
 * leaves every control character to the library, and document.ts reports them before the library parses.
 */
export const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/**
 * Where `buf` stops being UTF-8, with go-yaml's reader error for it (Concourse reads pipelines through go-yaml, which
 * refuses such a file whole), or undefined for valid UTF-8. Node would decode those bytes to U+FFFD silently.
 */
export function utf8Problem(buf: Uint8Array): { offset: number; message: string } | undefined {
  if (isUtf8(buf)) return undefined;
  for (let i = 0; i < buf.length;) {
    const octet = buf[i]!;
    const width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return { offset: i, message: "invalid leading UTF-8 octet" };
    if (i + width > buf.length) return { offset: i, message: "incomplete UTF-8 octet sequence" };
    let value = octet & [0, 0x7f, 0x1f, 0x0f, 0x07][width]!;
    for (let k = 1; k < width; k++) {
      const next = buf[i + k]!;
      if ((next & 0xc0) !== 0x80) return { offset: i, message: "invalid trailing UTF-8 octet" };
      value = (value << 6) + (next & 0x3f);
    }
    if (!(width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000)))
      return { offset: i, message: "invalid length of a UTF-8 sequence" };
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return { offset: i, message: "invalid Unicode character" };
    i += width;
  }
  return undefined;
}
