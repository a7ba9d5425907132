import { nymMessageToScalar } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RealNameClaim, UnlinkableRegistration, UnlinkableWallet } from '../src/index.js';
import { decodeScalar, G, G1, randomScalar } from '../src/unlinkable/g1.js';
import { HANDLE_INDEX } from '../src/unlinkable/layout.js';
import { type ProverDeviation, proveRegistration } from '../src/unlinkable/prove.js';
import type { UnlinkableRelyingParty } from '../src/unlinkable/UnlinkableRelyingParty.js';
import { credentialForTesting } from '../src/unlinkable/UnlinkableWallet.js';
import { alice, bob } from './helpers.js';
import { buildUnlinkableWorld, type UnlinkableWorld } from './unlinkable-helpers.js';

let w: UnlinkableWorld;
let aliceWallet: UnlinkableWallet;
let bobWallet: UnlinkableWallet;

beforeAll(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  aliceWallet = w.enrol(alice);
  bobWallet = w.enrol(bob);
});

/** A registration built by a prover that deviates from the protocol as told. */
async function deviating(
  site: UnlinkableRelyingParty,
  wallet: UnlinkableWallet,
  claims: RealNameClaim[],
  deviation: ProverDeviation = {},
): Promise<UnlinkableRegistration> {
  const req = await site.createRequest(claims);
  return proveRegistration(
    credentialForTesting(wallet),
    w.committee.publicKey,
    site.did,
    site.origin,
    req.nonce,
    claims,
    deviation,
  );
}

const handleScalar = (wallet: UnlinkableWallet) =>
  decodeScalar(nymMessageToScalar(credentialForTesting(wallet).messages[HANDLE_INDEX]!))!;

describe('unlinkable mode: trace soundness (the site refuses a token that does not encrypt the signed handle)', () => {
  it('control: the same code path without deviation is accepted', async () => {
    const account = await w.hospital.verifyRegistration(
      await deviating(w.hospital, bobWallet, ['age_over_18']),
    );
    expect(account.claims).toEqual({ age_over_18: true });
  });

  it('refuses a ciphertext of another handle (another person’s, with a correct-looking proof)', async () => {
    const res = await deviating(w.video, aliceWallet, ['age_over_18'], {
      plaintext: handleScalar(bobWallet),
    });
    await expect(w.video.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
  });

  it('refuses a ciphertext of a random value and one whose C2 is a random point', async () => {
    const r1 = await deviating(w.video, aliceWallet, ['age_over_18'], { plaintext: randomScalar() });
    await expect(w.video.verifyRegistration(r1)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
    const r2 = await deviating(w.video, aliceWallet, ['age_over_18'], { c2: G.multiply(randomScalar()) });
    await expect(w.video.verifyRegistration(r2)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
  });

  it('refuses a token reused from another registration (own or another person’s)', async () => {
    const donor = await deviating(w.hospital, aliceWallet, ['birthdate']);
    for (const wallet of [aliceWallet, bobWallet]) {
      const res = await deviating(w.video, wallet, ['age_over_18']);
      await expect(w.video.verifyRegistration({ ...res, trace: donor.trace })).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
      });
    }
  });

  it('refuses a token with r^ changed, C1 replaced, or not decoding', async () => {
    const res = await deviating(w.video, aliceWallet, ['age_over_18']);
    const t = base64urlDecode(res.trace);
    const flipped = t.slice();
    flipped[127] = flipped[127]! ^ 1;
    await expect(
      w.video.verifyRegistration({ ...res, trace: base64urlEncode(flipped) }),
    ).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
    });
    const c1 = t.slice();
    c1.set(G1.BASE.multiply(randomScalar()).toBytes(true), 0);
    const again = await deviating(w.video, aliceWallet, ['age_over_18']);
    await expect(w.video.verifyRegistration({ ...again, trace: base64urlEncode(c1) })).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
    });
    const third = await deviating(w.video, aliceWallet, ['age_over_18']);
    await expect(
      w.video.verifyRegistration({ ...third, trace: base64urlEncode(t.subarray(0, 100)) }),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_TRACE' });
  });

  it('refuses a registration replayed to another site, or answered for another origin', async () => {
    const res = await deviating(w.video, aliceWallet, ['age_over_18']);
    await expect(w.hospital.verifyRegistration(res)).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_AUDIENCE',
    });
    const req = await w.video.createRequest(['age_over_18']);
    const wrongOrigin = proveRegistration(
      credentialForTesting(aliceWallet),
      w.committee.publicKey,
      w.video.did,
      w.hospital.origin,
      req.nonce,
      ['age_over_18'],
    );
    await expect(w.video.verifyRegistration(wrongOrigin)).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
    });
  });

  it('refuses a disclosed claim value changed after proving', async () => {
    const res = await deviating(w.video, aliceWallet, ['age_over_18']);
    await expect(
      w.video.verifyRegistration({ ...res, claims: { age_over_18: false } }),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
  });
});
