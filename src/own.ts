/**
 * Lookups by names users write (a resource `type`, a map key): `table["constructor"]` on a plain object finds
 * `Object.prototype.constructor`, so every such lookup goes through here and sees only the table's own entries.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
