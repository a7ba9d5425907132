import { describe } from './errors.js';

/**
 * Reads an option that was renamed: the new name, or its deprecated old name. Both given with
 * different values is misuse (TypeError).
 */
export function renamedOption<T>(
  options: Record<string, unknown>,
  name: string,
  deprecated: string,
): T | undefined {
  const v = options[name];
  const old = options[deprecated];
  if (v !== undefined && old !== undefined && v !== old) {
    throw new TypeError(`${name}: also given as ${deprecated} (its deprecated name) with ${describe(old)}`);
  }
  return (v ?? old) as T | undefined;
}
