/**
 * What redaction needs beyond the credential classifier (src/credentials.ts, shared with the validator's
 * `pipegen/literal-credential` warning and the builders' `Secret` typing): values that are credentials whatever
 * their key, passwords inside URLs, and the `((var))` references that may be shown.
 */
import { CREDENTIAL_SOURCE_FIELDS, isCredentialKey } from "../credentials";

/** @deprecated The same table as `CREDENTIAL_SOURCE_FIELDS` (src/credentials.ts), under its former name. */
export const SECRET_SOURCE_FIELDS = CREDENTIAL_SOURCE_FIELDS;

/** @deprecated `isCredentialKey` (src/credentials.ts) under its former name: redaction and the validator use one classifier. */
export const isSecretKey: (key: string) => boolean = isCredentialKey;

/**
 * Values that are credentials whatever their key: PEM private keys, AWS access key ids, GitHub and Slack tokens,
 * Slack webhook URLs. A password inside a URL (`https://user:pw@host`) is handled by `redactUrlPassword`.
 */
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/,
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/,
  /hooks\.slack\.com\/services\//,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/,
];

/** True when a string value looks like a credential whatever its key. */
export function looksLikeSecretValue(value: string): boolean {
  return SECRET_VALUE.some((re) => re.test(value));
}

/** `https://user:secret@host/x` → `https://user:<redacted>@host/x`; other strings unchanged. */
export function redactUrlPassword(value: string, marker: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)([^@\s/]+)(@)/gi, (_m, pre: string, pw: string, at: string) =>
    isVarOnly(pw) ? `${pre}${pw}${at}` : `${pre}${marker}${at}`,
  );
}

const VAR_ONLY = /^\(\((([-/.\w\p{L}]+:)?[-/.:@"\w\p{L}]+)\)\)$/u;
/** True for a value that is exactly one `((var))` reference: the reference is not the secret, so it may be shown. */
export function isVarOnly(value: string): boolean {
  return VAR_ONLY.test(value.trim());
}
