import { bls12_381 } from '@noble/curves/bls12-381.js';
import { blindSignWithNym } from '@realdid/bbs';
import { base64urlDecode, base64urlEncode } from '@realdid/crypto';
import { MemoryLedger } from '@realdid/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  REALNAME_CLAIMS,
  type RealNameClaim,
  UnlinkableAuthority,
  type UnlinkableRegistration,
  type UnlinkableWallet,
} from '../src/index.js';
import { G, G1, R, randomScalar, scalarBytes } from '../src/unlinkable/g1.js';
import {
  claimMessage,
  claimsOf,
  epochMessage,
  handleMessage,
  UNLINKABLE_HEADER,
} from '../src/unlinkable/layout.js';
import { proveRegistration } from '../src/unlinkable/prove.js';
import type { UnlinkableRelyingParty } from '../src/unlinkable/UnlinkableRelyingParty.js';
import { credentialForTesting } from '../src/unlinkable/UnlinkableWallet.js';
import { alice, bob } from './helpers.js';
import { buildUnlinkableWorld, EPOCH_SECONDS, type UnlinkableWorld } from './unlinkable-helpers.js';

/**
 * Attacker tests of the review of the unlinkable mode against the security considerations of the
 * BBS, blind BBS and per-verifier-linkability drafts (docs/unlinkable-mode.md, "Review against the
 * drafts' security considerations"). Each test is an attack the site must refuse.
 */

let w: UnlinkableWorld;
let aliceWallet: UnlinkableWallet;
let bobWallet: UnlinkableWallet;

beforeAll(async () => {
  w = await buildUnlinkableWorld(new MemoryLedger());
  aliceWallet = w.enrol(alice);
  bobWallet = w.enrol(bob);
});

/** A registration for a fresh request of `site`, proved to `committeeKey` (the committee's by default). */
async function registration(
  site: UnlinkableRelyingParty,
  wallet: UnlinkableWallet,
  claims: RealNameClaim[] = ['age_over_18'],
  committeeKey: Uint8Array = w.committee.publicKey,
): Promise<UnlinkableRegistration> {
  const req = await site.createRequest(claims);
  return proveRegistration(
    credentialForTesting(wallet),
    committeeKey,
    site.did,
    site.origin,
    req.nonce,
    claims,
  );
}

const Fp = bls12_381.fields.Fp;

/** The compressed encoding of an affine point (x, y), whether or not it is in the G1 subgroup. */
function compressed(x: bigint, y: bigint): Uint8Array {
  const out = new Uint8Array(48);
  let v = x;
  for (let i = 47; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = out[0]! | 0x80 | (y > (Fp.ORDER - 1n) / 2n ? 0x20 : 0);
  return out;
}

/** A point on the curve y² = x³ + 4 that is not in the prime-order subgroup (the cofactor is not 1). */
function pointOutsideSubgroup(): Uint8Array {
  for (let x = 1n; ; x++) {
    const rhs = Fp.add(Fp.pow(x, 3n), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      continue;
    }
    if (Fp.mul(y, y) !== rhs) continue;
    const bytes = compressed(x, y);
    let inSubgroup = true;
    try {
      G1.fromBytes(bytes);
    } catch {
      inSubgroup = false;
    }
    if (!inSubgroup) return bytes;
  }
}

describe('unlinkable mode, review: the composed challenge binds every public value of the trace statement', () => {
  it('control: an honest registration is accepted', async () => {
    const account = await w.hospital.verifyRegistration(await registration(w.hospital, bobWallet));
    expect(account.claims).toEqual({ age_over_18: true });
  });

  it('a token encrypted to a key the prover knows (not the committee’s) is refused: Y is in ph', async () => {
    const y = randomScalar();
    const ownKey = G.multiply(y).toBytes(true);
    const res = await registration(w.video, aliceWallet, ['age_over_18'], ownKey);
    // the token is a valid encryption under the prover's key, with a valid proof for that key
    const t = base64urlDecode(res.trace);
    const c1 = G1.fromBytes(t.subarray(0, 48));
    const c2 = G1.fromBytes(t.subarray(48, 96));
    expect(c2.subtract(c1.multiply(y)).is0()).toBe(false);
    await expect(w.video.verifyRegistration(res)).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
  });

  it('a registration keeps its proof but carries another wallet’s pseudonym: refused (the pseudonym is in c)', async () => {
    const mine = await registration(w.video, aliceWallet);
    const other = await registration(w.video, bobWallet);
    await expect(w.video.verifyRegistration({ ...mine, pseudonym: other.pseudonym })).rejects.toMatchObject({
      code: 'ERR_PRESENTATION_INVALID',
    });
  });
});

describe('unlinkable mode, review: points and scalars from the wire are validated (subgroup, identity, canonical)', () => {
  async function withTrace(mutate: (t: Uint8Array) => Uint8Array) {
    const res = await registration(w.video, aliceWallet);
    return w.video.verifyRegistration({ ...res, trace: base64urlEncode(mutate(base64urlDecode(res.trace))) });
  }

  it('C1 or C2 the identity is refused as malformed (C1 = O would send the handle point in clear)', async () => {
    const identity = G1.ZERO.toBytes(true);
    for (const at of [0, 48]) {
      await expect(
        withTrace((t) => {
          const m = t.slice();
          m.set(identity, at);
          return m;
        }),
      ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_TRACE' });
    }
  });

  it('C1 or C2 on the curve but outside the G1 subgroup is refused as malformed', async () => {
    const bad = pointOutsideSubgroup();
    for (const at of [0, 48]) {
      await expect(
        withTrace((t) => {
          const m = t.slice();
          m.set(bad, at);
          return m;
        }),
      ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_TRACE' });
    }
  });

  it('r^ given as r^ + r (a second encoding of the same response) is refused: the token is not malleable', async () => {
    await expect(
      withTrace((t) => {
        const m = t.slice();
        let rHat = 0n;
        for (const b of t.subarray(96)) rHat = (rHat << 8n) | BigInt(b);
        m.set(scalarBytes(rHat + R), 96);
        return m;
      }),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_TRACE' });
  });

  it('a second registration with the pseudonym in another encoding (96-byte uncompressed) opens no second account', async () => {
    const first = await w.video.verifyRegistration(await registration(w.video, aliceWallet));
    const before = w.video.accounts().length;
    const again = await registration(w.video, aliceWallet);
    expect(again.pseudonym).toBe(first.pseudonym);
    const uncompressed = G1.fromBytes(base64urlDecode(again.pseudonym)).toBytes(false);
    expect(uncompressed.length).toBe(96);
    await expect(
      w.video.verifyRegistration({ ...again, pseudonym: base64urlEncode(uncompressed) }),
    ).rejects.toMatchObject({ code: 'ERR_PRESENTATION_INVALID' });
    expect(w.video.accounts().length).toBe(before);
  });

  it('the pseudonym BP1 or the identity is refused (per-verifier-linkability: a pseudonym is neither)', async () => {
    for (const p of [G1.BASE.toBytes(true), G1.ZERO.toBytes(true)]) {
      const res = await registration(w.hospital, aliceWallet);
      await expect(
        w.hospital.verifyRegistration({ ...res, pseudonym: base64urlEncode(p) }),
      ).rejects.toMatchObject({
        code: 'ERR_PRESENTATION_INVALID',
        cause: expect.objectContaining({ code: 'ERR_BBS_PSEUDONYM_MALFORMED' }),
      });
    }
  });
});

describe('unlinkable mode, review: the signer’s checks on the commitment (blind issuance)', () => {
  it('an issuance request captured in one epoch and replayed in a later one is refused, and does not use up the person’s issuance', async () => {
    const ww = await buildUnlinkableWorld(new MemoryLedger());
    const wallet = ww.enrol(alice);
    ww.now.t += EPOCH_SECONDS * 1000;
    const captured = wallet.beginIssuance();
    wallet.finishIssuance(ww.authority.issue(alice.recordId, captured));
    ww.now.t += EPOCH_SECONDS * 1000;
    // the nym-equality proof still verifies against the enrolled E; the request must not be signed again
    expect(() => ww.authority.issue(alice.recordId, captured)).toThrow(
      expect.objectContaining({ code: 'ERR_ISSUANCE_REFUSED' }),
    );
    // the person's own fresh request for this epoch is still served
    ww.reissue(wallet, alice);
    const res = await wallet.register(await ww.video.createRequest(['age_over_18']), {
      origin: ww.video.origin,
    });
    expect((await ww.video.verifyRegistration(res)).claims).toEqual({ age_over_18: true });
  });
});

describe('unlinkable mode, review: the wallet’s checks on what it is issued (a malicious authority tagging a person)', () => {
  /** Issues `wallet` a credential signed with the authority's own key, with claim messages as given. */
  function maliciousIssuance(
    ww: UnlinkableWorld,
    wallet: UnlinkableWallet,
    tamper: (m: Uint8Array[]) => void,
  ) {
    const state = ww.authority.exportState();
    const bytes = (h: string) => Uint8Array.from(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));
    const person = state.people.find((p) => p.identity.recordId === alice.recordId)!;
    const epoch = ww.authority.currentEpoch();
    const claims = claimsOf(alice, new Date(ww.now.t));
    const messages = [
      ...REALNAME_CLAIMS.map((c) => claimMessage(c, claims[c])),
      handleMessage(bytes(person.handle)),
      epochMessage(epoch),
    ];
    tamper(messages);
    const request = wallet.beginIssuance();
    const { signature, signerNymEntropy } = blindSignWithNym({
      secretKey: bytes(state.secretKey),
      publicKey: ww.authority.publicKey,
      commitmentWithProof: request.subarray(0, 176),
      nymCount: 1,
      header: UNLINKABLE_HEADER,
      messages,
    });
    return () =>
      wallet.finishIssuance({
        publicKey: ww.authority.publicKey,
        signature,
        signerNymEntropy,
        messages,
        epoch,
      });
  }

  it('control: the same issuance path with the honest claim messages is accepted', async () => {
    const ww = await buildUnlinkableWorld(new MemoryLedger());
    const wallet = ww.enrol(alice);
    expect(maliciousIssuance(ww, wallet, () => {})).not.toThrow();
  });

  it('a boolean claim issued as the string "true" (a tag a site would see) is refused by the wallet', async () => {
    const ww = await buildUnlinkableWorld(new MemoryLedger());
    const wallet = ww.enrol(alice);
    const i = REALNAME_CLAIMS.indexOf('age_over_18');
    const finish = maliciousIssuance(ww, wallet, (m) => {
      m[i] = claimMessage('age_over_18', 'true');
    });
    expect(finish).toThrow(expect.objectContaining({ code: 'ERR_WALLET_CREDENTIAL_INVALID' }));
  });

  it('a wallet pinned to the authority key refuses a credential under any other key (e.g. a per-person key)', async () => {
    const ww = await buildUnlinkableWorld(new MemoryLedger());
    const other = new UnlinkableAuthority({ epochSeconds: EPOCH_SECONDS });
    expect(() => ww.enrol(alice, { authorityPublicKey: other.publicKey })).toThrow(
      expect.objectContaining({ code: 'ERR_WALLET_CREDENTIAL_INVALID' }),
    );
    expect(() => ww.enrol(bob, { authorityPublicKey: ww.authority.publicKey })).not.toThrow();
  });

  it('a claim message of another claim’s name, or not JSON, is refused by the wallet', async () => {
    const ww = await buildUnlinkableWorld(new MemoryLedger());
    const wallet = ww.enrol(alice);
    const finish = maliciousIssuance(ww, wallet, (m) => {
      m[0] = new TextEncoder().encode('given_name="x"');
    });
    expect(finish).toThrow(expect.objectContaining({ code: 'ERR_WALLET_CREDENTIAL_INVALID' }));
    const wallet2 = ww.enrol(bob);
    const finish2 = maliciousIssuance(ww, wallet2, (m) => {
      m[8] = new TextEncoder().encode('region=tag');
    });
    expect(finish2).toThrow(expect.objectContaining({ code: 'ERR_WALLET_CREDENTIAL_INVALID' }));
  });
});
