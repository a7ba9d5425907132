const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** 58^4: four base58 digits come out of each long division. */
const DIVISOR = 11_316_496;
const LIMB = 16_777_216; // 2^24
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const ONE = 0x31; // '1', the digit zero

/**
 * base58btc (Bitcoin alphabet) of arbitrary bytes, without a multibase prefix.
 *
 * The number is held in 24-bit limbs and divided by 58^4 per pass, so every intermediate stays
 * below 2^48 (exact in a double). About 5× faster than a byte-wise base-x loop on 34-byte ids,
 * which matters because every receipt and every entry read carries an id. Checked against
 * `multiformats` in the tests.
 */
export function base58btcEncode(bytes: Uint8Array): string {
  const n = bytes.length;
  let zeros = 0;
  while (zeros < n && bytes[zeros] === 0) zeros++;
  const limbCount = Math.ceil(n / 3);
  const limbs = new Array<number>(limbCount);
  // The first limb takes the 1 to 3 leading bytes, every other limb three bytes.
  let at = 0;
  const head = n - (limbCount - 1) * 3;
  for (let i = 0; i < limbCount; i++) {
    let v = 0;
    const take = i === 0 ? head : 3;
    for (let k = 0; k < take; k++) v = v * 256 + bytes[at++]!;
    limbs[i] = v;
  }
  // At most ceil(n * log(256) / log(58)) + 3 digits; filled from the least significant end.
  const size = Math.ceil(n * 1.3658) + 4;
  const codes = new Uint8Array(size);
  let end = size;
  let start = 0;
  while (start < limbCount && limbs[start] === 0) start++;
  while (start < limbCount) {
    let rem = 0;
    for (let i = start; i < limbCount; i++) {
      const cur = rem * LIMB + limbs[i]!;
      const q = Math.floor(cur / DIVISOR);
      limbs[i] = q;
      rem = cur - q * DIVISOR;
    }
    while (start < limbCount && limbs[start] === 0) start++;
    for (let k = 0; k < 4; k++) {
      const q = Math.floor(rem / 58);
      codes[--end] = CODES[rem - q * 58]!;
      rem = q;
    }
  }
  while (end < size && codes[end] === ONE) end++;
  for (let i = 0; i < zeros; i++) codes[--end] = ONE;
  return String.fromCharCode.apply(null, codes.subarray(end) as unknown as number[]);
}
