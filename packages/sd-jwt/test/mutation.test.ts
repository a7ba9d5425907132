// Mutation property over whole SD-JWT+KB presentations: disclosures flipped, dropped, duplicated,
// reordered and spliced in from another credential; digests added, repeated and removed in the
// payload and the Issuer-signed JWT re-signed with the test's issuer key, the KB-JWT re-signed
// with the holder key, so that the meaning checks of RFC 9901 §7.1 are reached rather than the
// signature check. Every outcome must be a coded refusal, or an acceptance with exactly the claims
// that an independent reading of RFC 9901 §7.1 (the small reader below, on node:crypto only)
// gives; and whatever the reader accepts, the verifier accepts too.
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createSigner, isRealDidError } from '@realdid/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueSdJwt, verifySdJwt } from '../src/index.js';
import { signCompactJws } from '../src/internal/jws.js';
import { AUD, NONCE, NOW, parties } from './helpers.js';

const { issuer, holder, holderJwk, opts } = parties();
const issuerJwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(issuer.publicKey).toString('base64url') };

// ----------------------------------------------------------------------------------------------
// The reference reader: RFC 9901 §7.1 (and §7.3 for the KB-JWT), written from the text.

class Refused extends Error {}
const refuse = (why: string): never => {
  throw new Refused(why);
};
const B64U = /^[A-Za-z0-9_-]*$/;

function b64uJson(part: string): unknown {
  if (!B64U.test(part)) refuse('not base64url');
  const bytes = Buffer.from(part, 'base64url');
  if (bytes.toString('base64url') !== part) refuse('not canonical base64url');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse('not JSON');
  }
}
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function edVerify(jwk: object, input: string, sig: string): boolean {
  if (!B64U.test(sig)) return false;
  try {
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    return nodeVerify(null, Buffer.from(input, 'ascii'), key, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}

function referenceRead(presentation: string): Record<string, unknown> {
  const parts = presentation.split('~');
  if (parts.length < 2) refuse('no ~');
  const jwt = parts[0]!;
  const kb = parts[parts.length - 1]!;
  const disclosures = parts.slice(1, -1);
  // §7.1 step 2: the Issuer-signed JWT.
  const jp = jwt.split('.');
  if (jp.length !== 3) refuse('jwt parts');
  const header = b64uJson(jp[0]!);
  const payload = b64uJson(jp[1]!);
  if (!isObject(header) || !isObject(payload)) refuse('jwt json');
  const h = header as Record<string, unknown>;
  const p = payload as Record<string, unknown>;
  if (h.alg !== 'EdDSA' || h.crit !== undefined) refuse('alg');
  if (!edVerify(issuerJwk, `${jp[0]}.${jp[1]}`, jp[2]!)) refuse('issuer signature');
  if (p._sd_alg !== undefined && p._sd_alg !== 'sha-256') refuse('_sd_alg');
  // step 3: disclosures.
  const digestOf = (s: string) => createHash('sha256').update(s, 'ascii').digest('base64url');
  const byDigest = new Map<string, unknown[]>();
  for (const d of disclosures) {
    if (d.length === 0) refuse('empty disclosure');
    const arr = b64uJson(d);
    if (!Array.isArray(arr) || (arr.length !== 2 && arr.length !== 3) || typeof arr[0] !== 'string')
      refuse('disclosure shape');
    const a = arr as unknown[];
    if (a.length === 3 && (typeof a[1] !== 'string' || a[1] === '_sd' || a[1] === '...')) refuse('name');
    const dg = digestOf(d);
    if (byDigest.has(dg)) refuse('disclosure given twice');
    byDigest.set(dg, a);
  }
  const seenDigests = new Set<string>();
  const used = new Set<string>();
  const take = (dg: unknown): unknown[] | undefined => {
    if (typeof dg !== 'string') refuse('digest type');
    if (seenDigests.has(dg as string)) refuse('digest twice');
    seenDigests.add(dg as string);
    const d = byDigest.get(dg as string);
    if (d !== undefined) used.add(dg as string);
    return d;
  };
  const walk = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const e of v) {
        if (isObject(e) && Object.hasOwn(e, '...')) {
          if (Object.keys(e).length !== 1) refuse('... with siblings');
          const d = take(e['...']);
          if (d === undefined) continue;
          if (d.length !== 2) refuse('object disclosure in an array');
          out.push(walk(d[1], false));
        } else out.push(walk(e, false));
      }
      return out;
    }
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      if (k === '_sd') continue;
      if (k === '_sd_alg') {
        if (top) continue;
        refuse('_sd_alg nested');
      }
      if (k === '...') refuse('... in an object');
      out[k] = walk(val, false);
    }
    if (Object.hasOwn(v, '_sd')) {
      const sd = v._sd;
      if (!Array.isArray(sd)) refuse('_sd not an array');
      for (const dg of sd as unknown[]) {
        const d = take(dg);
        if (d === undefined) continue;
        if (d.length !== 3) refuse('array disclosure in _sd');
        const name = d[1] as string;
        if (name === '_sd_alg' && !top) refuse('_sd_alg nested');
        if (Object.hasOwn(out, name) || (top && name === '_sd_alg' && Object.hasOwn(v, '_sd_alg')))
          refuse('claim exists');
        const value = walk(d[2], false);
        if (!(top && name === '_sd_alg')) out[name] = value;
      }
    }
    return out;
  };
  const claims = walk(p, true) as Record<string, unknown>;
  if (used.size !== byDigest.size) refuse('unreferenced disclosure');
  // validity of the SD-JWT
  if (typeof claims.exp === 'number' && claims.exp <= NOW - 60) refuse('expired');
  // §7.3: the KB-JWT.
  if (kb.length > 0) {
    const kp = kb.split('.');
    if (kp.length !== 3) refuse('kb parts');
    const kh = b64uJson(kp[0]!);
    const kpl = b64uJson(kp[1]!);
    if (!isObject(kh) || !isObject(kpl)) refuse('kb json');
    const khh = kh as Record<string, unknown>;
    const kpp = kpl as Record<string, unknown>;
    if (khh.alg !== 'EdDSA' || khh.typ !== 'kb+jwt' || khh.crit !== undefined) refuse('kb header');
    const cnf = claims.cnf;
    if (!isObject(cnf) || !isObject(cnf.jwk)) refuse('cnf');
    if (!edVerify((cnf as { jwk: object }).jwk, `${kp[0]}.${kp[1]}`, kp[2]!)) refuse('kb signature');
    if (typeof kpp.iat !== 'number' || kpp.iat > NOW + 60 || kpp.iat < NOW - 360) refuse('kb iat');
    if (kpp.aud !== AUD || kpp.nonce !== NONCE) refuse('kb aud/nonce');
    if (kpp.sd_hash !== digestOf(presentation.slice(0, presentation.length - kb.length))) refuse('sd_hash');
  }
  return claims;
}

// ----------------------------------------------------------------------------------------------
// Two credentials of one issuer: nested and array disclosures, decoys.

const frame = {
  _sd: ['given_name', 'family_name', 'address', 'nationalities', 'email'],
  _sd_decoy: 2,
  address: { _sd: ['street', 'locality', 'region'], _sd_decoy: 1 },
  nationalities: { _sd: [0, 1, 2] },
};
const mk = (given: string) =>
  issueSdJwt({
    signer: createSigner(issuer),
    payload: {
      iss: 'https://issuer.example',
      iat: NOW - 100,
      exp: NOW + 3600,
      cnf: { jwk: holderJwk },
      given_name: given,
      family_name: 'Lovelace',
      email: `${given.toLowerCase()}@example.com`,
      address: { street: '1 Main St', locality: 'London', region: 'GB-LND', country: 'GB' },
      nationalities: ['GB', 'FR', 'DE'],
      birthdate: '1815-12-10',
    },
    disclosureFrame: frame,
  });
const credA = await mk('Ada');
const credB = await mk('Bea');

interface Pres {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  jwt: string;
  disclosures: string[];
}
const load = (cred: string): Pres => {
  const [jwt, ...rest] = cred.split('~');
  const [h, p] = jwt!.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString()),
    jwt: jwt!,
    disclosures: rest.filter((d) => d.length > 0),
  };
};
const A = load(credA);
const B = load(credB);
const digest = (d: string) => createHash('sha256').update(d, 'ascii').digest('base64url');

/** Every `_sd` array of a payload, with where it is. */
function sdArrays(v: unknown, out: unknown[][] = []): unknown[][] {
  if (Array.isArray(v)) for (const e of v) sdArrays(e, out);
  else if (isObject(v)) {
    if (Array.isArray(v._sd)) out.push(v._sd);
    for (const [k, e] of Object.entries(v)) if (k !== '_sd') sdArrays(e, out);
  }
  return out;
}

type Mutation =
  | { op: 'flip'; target: 'disclosure' | 'jwt'; i: number; pos: number; ch: number }
  | { op: 'drop' | 'dup'; i: number }
  | { op: 'swap'; i: number; j: number }
  | { op: 'splice'; i: number; at: number }
  | { op: 'addDigest' | 'addArrayDigest'; from: 'A' | 'B'; i: number; sd: number }
  | { op: 'repeatDigest' | 'removeDigest'; sd: number; k: number }
  | { op: 'nestSdAlg'; sd: number };

const nat = fc.nat({ max: 40 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    target: fc.constantFrom('disclosure' as const, 'jwt' as const),
    i: nat,
    pos: fc.nat({ max: 400 }),
    ch: fc.nat({ max: 63 }),
  }),
  fc.record({ op: fc.constantFrom('drop' as const, 'dup' as const), i: nat }),
  fc.record({ op: fc.constant('swap' as const), i: nat, j: nat }),
  fc.record({ op: fc.constant('splice' as const), i: nat, at: nat }),
  fc.record({
    op: fc.constantFrom('addDigest' as const, 'addArrayDigest' as const),
    from: fc.constantFrom('A' as const, 'B' as const),
    i: nat,
    sd: nat,
  }),
  fc.record({ op: fc.constantFrom('repeatDigest' as const, 'removeDigest' as const), sd: nat, k: nat }),
  fc.record({ op: fc.constant('nestSdAlg' as const), sd: nat }),
);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const flipAt = (s: string, pos: number, ch: number) => {
  const at = pos % s.length;
  const c = ALPHABET[ch]! === s[at] ? ALPHABET[(ch + 1) % 64]! : ALPHABET[ch]!;
  return s.slice(0, at) + c + s.slice(at + 1);
};

async function build(muts: readonly Mutation[], kbMode: 'resign' | 'keep' | 'none'): Promise<string> {
  const payload = structuredClone(A.payload);
  let disclosures = A.disclosures.slice();
  let jwtFlip: { pos: number; ch: number } | undefined;
  let payloadChanged = false;
  for (const m of muts) {
    const n = disclosures.length;
    const sds = sdArrays(payload);
    switch (m.op) {
      case 'flip':
        if (m.target === 'jwt') jwtFlip = { pos: m.pos, ch: m.ch };
        else if (n > 0) disclosures[m.i % n] = flipAt(disclosures[m.i % n]!, m.pos, m.ch);
        break;
      case 'drop':
        if (n > 0) disclosures.splice(m.i % n, 1);
        break;
      case 'dup':
        if (n > 0) disclosures.push(disclosures[m.i % n]!);
        break;
      case 'swap':
        if (n > 0) {
          const [i, j] = [m.i % n, m.j % n];
          [disclosures[i], disclosures[j]] = [disclosures[j]!, disclosures[i]!];
        }
        break;
      case 'splice':
        disclosures.splice(m.at % (n + 1), 0, B.disclosures[m.i % B.disclosures.length]!);
        break;
      case 'addDigest': {
        const src = m.from === 'A' ? A.disclosures : B.disclosures;
        sds[m.sd % sds.length]!.push(digest(src[m.i % src.length]!));
        payloadChanged = true;
        break;
      }
      case 'addArrayDigest': {
        const src = m.from === 'A' ? A.disclosures : B.disclosures;
        payload.extra ??= ['plain'];
        (payload.extra as unknown[]).push({ '...': digest(src[m.i % src.length]!) });
        payloadChanged = true;
        break;
      }
      case 'repeatDigest': {
        const from = sds[m.sd % sds.length]!;
        const to = sds[m.k % sds.length]!;
        if (from.length > 0) to.push(from[m.k % from.length]);
        payloadChanged = true;
        break;
      }
      case 'removeDigest': {
        const sd = sds[m.sd % sds.length]!;
        if (sd.length > 0) sd.splice(m.k % sd.length, 1);
        payloadChanged = true;
        break;
      }
      case 'nestSdAlg':
        payload.meta = { _sd_alg: 'sha-256', level: m.sd };
        payloadChanged = true;
        break;
    }
  }
  disclosures = disclosures.filter((d) => d.length > 0);
  let jwt = payloadChanged ? await signCompactJws(A.header, payload, createSigner(issuer)) : A.jwt;
  if (jwtFlip !== undefined) jwt = flipAt(jwt, jwtFlip.pos, jwtFlip.ch);
  const sdJwt = `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
  if (kbMode === 'none') return sdJwt;
  const kbOver = kbMode === 'resign' ? sdJwt : `${A.jwt}~${A.disclosures.map((d) => `${d}~`).join('')}`;
  const kb = await signCompactJws(
    { alg: 'EdDSA', typ: 'kb+jwt' },
    { iat: NOW, aud: AUD, nonce: NONCE, sd_hash: digest(kbOver) },
    createSigner(holder),
  );
  return sdJwt + kb;
}

describe('mutations of whole presentations (RFC 9901 §7.1 against a reference reading)', () => {
  it('the unmutated presentation: both readings agree and reveal everything', async () => {
    const vp = await build([], 'resign');
    const r = await verifySdJwt(vp, opts);
    expect(r.claims).toEqual(referenceRead(vp));
    expect(r.claims.nationalities).toEqual(['GB', 'FR', 'DE']);
  });

  it('refused with a coded error, or accepted with exactly the claims of the reference reading', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('resign' as const, 'resign' as const, 'keep' as const, 'none' as const),
        async (muts, kbMode) => {
          const vp = await build(muts, kbMode);
          let expected: Record<string, unknown> | Refused;
          try {
            expected = referenceRead(vp);
          } catch (e) {
            if (!(e instanceof Refused)) throw e;
            expected = e;
          }
          let got: Record<string, unknown> | undefined;
          try {
            got = (await verifySdJwt(vp, opts)).claims;
          } catch (e) {
            expect(isRealDidError(e), String(e)).toBe(true);
            expect((e as { code: string }).code).toMatch(/^ERR_SD_JWT_/);
            expect(expected, `refused (${(e as Error).message}) what the reference accepts`).toBeInstanceOf(
              Refused,
            );
            refused++;
            return;
          }
          expect(expected, 'accepted what the reference refuses').not.toBeInstanceOf(Refused);
          expect(got).toEqual(expected);
          accepted++;
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
