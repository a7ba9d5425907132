import { base58btcDecode, base58btcEncode } from '@realdid/crypto';
import { vcError } from '../errors.js';

/** The multicodec prefix of a BLS12-381 G2 public key (`bls12_381-g2-pub`, 0xeb, as a varint). */
const BLS12381_G2_PREFIX = Uint8Array.of(0xeb, 0x01);

/** The Multikey (`z…`) of a 96-byte BLS12-381 G2 public key. */
export function encodeBlsMultikey(publicKey: Uint8Array): string {
  const out = new Uint8Array(2 + publicKey.length);
  out.set(BLS12381_G2_PREFIX, 0);
  out.set(publicKey, 2);
  return `z${base58btcEncode(out)}`;
}

/** The 96-byte BLS12-381 G2 public key of a Multikey, or `ERR_VC_VERIFICATION_METHOD`. */
export function decodeBlsMultikey(publicKeyMultibase: string): Uint8Array {
  const fail = () =>
    vcError(
      'ERR_VC_VERIFICATION_METHOD',
      'bbs-2023 needs a BLS12-381 G2 Multikey (zUC7…), found another key',
    );
  if (
    typeof publicKeyMultibase !== 'string' ||
    publicKeyMultibase[0] !== 'z' ||
    publicKeyMultibase.length > 200
  ) {
    throw fail();
  }
  let bytes: Uint8Array;
  try {
    bytes = base58btcDecode(publicKeyMultibase.slice(1));
  } catch {
    throw fail();
  }
  if (bytes.length !== 98 || bytes[0] !== 0xeb || bytes[1] !== 0x01) throw fail();
  return bytes.slice(2);
}
