/** Whether a caller's value is a Uint8Array, false for a proxy whose prototype lookup throws. */
export function isUint8Array(v: unknown): v is Uint8Array {
  try {
    return v instanceof Uint8Array;
  } catch {
    return false;
  }
}
