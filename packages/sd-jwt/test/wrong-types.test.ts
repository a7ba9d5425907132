import { createSigner, generateKeyPair, isRealDidError, publicKeyToJwk } from '@realdid/crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeSdJwt,
  didKeyResolver,
  issueSdJwt,
  issueSdJwtVc,
  jwkKeyResolver,
  presentSdJwt,
  toCompactSerialization,
  toJsonSerialization,
  verifySdJwt,
  verifySdJwtVc,
} from '../src/index.js';

const BAD: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['string', 'string'],
  ['number', 42],
  ['array', []],
  ['short Uint8Array', new Uint8Array(3)],
];

const kp = generateKeyPair('Ed25519');
const signer = createSigner(kp);
const keyResolver = jwkKeyResolver(publicKeyToJwk('Ed25519', kp.publicKey));
const sdJwt = await issueSdJwt({ signer, payload: { a: 1 }, disclosureFrame: { _sd: ['a'] } });

/** Calls fn; it must throw/reject with TypeError or RangeError — or, where untrusted input is allowed, a coded error. */
async function misuse(fn: () => unknown, codedOk = false, label = fn.toString()): Promise<void> {
  let err: unknown;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  const ok = err instanceof TypeError || err instanceof RangeError || (codedOk && isRealDidError(err));
  expect(ok, `${label}: got ${String(err)}`).toBe(true);
}

describe('wrong-typed arguments → TypeError / RangeError', () => {
  for (const [name, bad] of BAD) {
    it(name, async () => {
      // untrusted presentation argument: a string is the right type, so it fails with a code
      await misuse(() => verifySdJwt(bad as never, { keyResolver }), typeof bad === 'string');
      await misuse(
        () => verifySdJwtVc(bad as never, { keyResolver, requireKeyBinding: false }),
        typeof bad === 'string',
      );
      await misuse(() => decodeSdJwt(bad as never), typeof bad === 'string');
      await misuse(() => presentSdJwt(bad as never, {}), typeof bad === 'string');
      await misuse(() => toCompactSerialization(bad as never), false);
      await misuse(() => toJsonSerialization(bad as never), typeof bad === 'string');
      // options, frames, signers: caller misuse
      await misuse(() => verifySdJwt(sdJwt, bad as never));
      await misuse(() => verifySdJwt(sdJwt, { keyResolver: bad as never }));
      if (bad !== undefined)
        await misuse(() => verifySdJwt(sdJwt, { keyResolver, algorithms: bad as never }));
      if (bad !== undefined)
        await misuse(
          () => verifySdJwt(sdJwt, { keyResolver, limits: { maxBytes: bad as never } }),
          typeof bad === 'number',
        );
      // the shared option vocabulary: now, clockSkewSeconds, checkStatus, requireStatusCheck, timeoutMs
      if (bad !== undefined) {
        await misuse(() => verifySdJwt(sdJwt, { keyResolver, requireStatusCheck: bad as never }));
        await misuse(() => verifySdJwtVc(sdJwt, { keyResolver, requireStatusCheck: bad as never }));
        await misuse(() => verifySdJwt(sdJwt, { keyResolver, checkStatus: bad as never }));
        await misuse(() => verifySdJwt(sdJwt, { keyResolver, now: bad as never }));
        if (typeof bad !== 'number') {
          await misuse(() => verifySdJwt(sdJwt, { keyResolver, timeoutMs: bad as never }));
          await misuse(() => verifySdJwt(sdJwt, { keyResolver, clockSkewSeconds: bad as never }));
        }
      }
      await misuse(() => verifySdJwt(sdJwt, { keyResolver, clockSkewSeconds: -1 }));
      await misuse(() => verifySdJwtVc(sdJwt, bad as never));
      await misuse(() => presentSdJwt(sdJwt, bad as never));
      if (bad !== undefined) await misuse(() => presentSdJwt(sdJwt, {}, bad as never));
      if (bad !== undefined) await misuse(() => presentSdJwt(sdJwt, {}, { keyBinding: bad as never }));
      await misuse(() => issueSdJwt(bad as never));
      await misuse(() => issueSdJwt({ signer: bad as never, payload: {} }));
      await misuse(() => issueSdJwt({ signer, payload: bad as never }));
      if (bad !== undefined && !Array.isArray(bad))
        await misuse(() => issueSdJwt({ signer, payload: { a: 1 }, disclosureFrame: { _sd: bad as never } }));
      if (bad !== undefined && typeof bad !== 'number')
        await misuse(() => issueSdJwt({ signer, payload: {}, saltBytes: bad as never }));
      await misuse(() => issueSdJwt({ signer, payload: {}, saltBytes: 15 }));
      await misuse(() => issueSdJwtVc(bad as never));
      if (typeof bad !== 'string')
        await misuse(() => issueSdJwtVc({ signer, vct: bad as never, claims: {}, holderBinding: false }));
      await misuse(() => issueSdJwtVc({ signer, vct: 'v', claims: bad as never, holderBinding: false }));
      await misuse(() => jwkKeyResolver(bad), true);
      if (bad !== undefined) await misuse(() => didKeyResolver(bad as never));
    });
  }
  it('undefined options of didKeyResolver are fine (did:key only)', () => {
    expect(typeof didKeyResolver(undefined)).toBe('function');
  });
  it('misuse of issuance: reserved names, unknown frame keys, short salts, none', async () => {
    await misuse(() => issueSdJwt({ signer, payload: { _sd: 1 } }));
    await misuse(() => issueSdJwt({ signer, payload: { x: { '...': 1 } } }));
    await misuse(() => issueSdJwt({ signer, payload: { a: 1 }, disclosureFrame: { _sd: ['b'] } }));
    await misuse(() => issueSdJwt({ signer, payload: { a: [1] }, disclosureFrame: { a: { _sd: [3] } } }));
    await misuse(() => issueSdJwt({ signer, payload: { a: 1 }, saltBytes: 8 }));
    await misuse(() => issueSdJwt({ signer: { alg: 'none', sign: () => new Uint8Array() }, payload: {} }));
    await misuse(() => issueSdJwt({ signer, payload: { _sd_alg: 'sha-256' } }));
  });
});
