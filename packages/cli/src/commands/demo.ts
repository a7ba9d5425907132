import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64urlDecode, generateKeyPair, isRealDidError, utf8Encode } from '@realdid/crypto';
import { SqliteLedger } from '@realdid/ledger-sqlite';
import {
  MemoryStorage,
  type PartialDecryption,
  readTraceAudit,
  Vault,
  type VerifiedIdentity,
  Wallet,
} from '@realdid/realname';
import { createDeployment } from '@realdid/realname/testing';
import { decodeSdJwt } from '@realdid/sd-jwt';
import { oneOf } from '../internal/args.js';
import type { Command } from '../internal/command.js';
import { cliError } from '../internal/errors.js';
import { unlinkableStory } from './demoUnlinkable.js';

const ALICE: VerifiedIdentity = {
  recordId: 'rec-000417',
  nationalId: '110105199001011234',
  familyName: '王',
  givenName: '小明',
  birthdate: '1990-01-01',
  region: '110105',
  nationality: 'CHN',
};
const BOB: VerifiedIdentity = {
  recordId: 'rec-000923',
  nationalId: '310104198502024321',
  familyName: '李',
  givenName: '华',
  birthdate: '1985-02-02',
  region: '310104',
  nationality: 'CHN',
};

/** Whether `needle` occurs in `haystack`, byte for byte. */
function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function short(s: string, n = 28): string {
  return s.length > n + 4 ? `${s.slice(0, n)}…` : s;
}

/** Every string, number and boolean inside a value, decoding SD-JWT parts and disclosures. */
function values(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    out.add(value);
    if (value.includes('~') && value.split('~')[0]?.split('.').length === 3) {
      const d = decodeSdJwt(value);
      values([d.header, d.payload, d.keyBinding], out);
      for (const disc of d.disclosures) values([disc.salt, disc.digest, disc.name, disc.value], out);
      for (const part of value.split(/[~.]/)) if (part) out.add(part);
    }
  } else if (typeof value === 'number' || typeof value === 'boolean') out.add(String(value));
  else if (Array.isArray(value)) for (const v of value) values(v, out);
  else if (value instanceof Uint8Array) out.add(Array.from(value).join(','));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      values(v, out);
    }
  return out;
}

/** The stories `--mode` selects. */
const MODES = ['sd-jwt', 'bbs'] as const;

/** The deployment profiles `--profile` selects (the SD-JWT story). */
const PROFILES = ['international', 'gm'] as const;

/** `realdid demo`: the anonymous-front / real-name-back story, end to end, on a fresh SQLite ledger. */
export const demo: Command = {
  path: ['demo'],
  usage: 'realdid demo [--mode sd-jwt|bbs] [--profile international|gm] [--keep]',
  summary:
    "Runs the whole story on a fresh SQLite ledger: enrolment, registration at a hospital and a video site, anonymous login, revocation and k-of-n tracing; exits 0 only if every check passes. --mode bbs tells the unlinkable mode's story (blind-issued BBS credential, per-site pseudonyms).",
  options: {
    mode: {
      type: 'string',
      description:
        'which story: sd-jwt (default; batch of SD-JWT VCs, pairwise DIDs) or bbs (unlinkable mode)',
    },
    profile: {
      type: 'string',
      description:
        'sd-jwt story: international (default; Ed25519, SHA-256) or gm (SM2 keys and signatures, SM3 digests)',
    },
    keep: { type: 'boolean', description: 'keep the demo ledger file and print its path' },
  },
  async run(ctx) {
    const mode = oneOf(ctx.values, 'mode', MODES, 'sd-jwt');
    const profile = oneOf(ctx.values, 'profile', PROFILES, 'international');
    if (mode === 'bbs' && ctx.values.profile !== undefined)
      throw cliError('ERR_CLI_USAGE', '--profile is for the SD-JWT story (the bbs story uses BLS12-381)');
    const say = (s = '') => ctx.io.stdout(`${s}\n`);
    const failures: string[] = [];
    let passed = 0;
    const check = (label: string, ok: boolean) => {
      if (ok) passed++;
      else failures.push(label);
      say(`   ${ok ? '✔' : '✘'} ${label}`);
    };
    const rejects = async (label: string, code: string, f: () => Promise<unknown>) => {
      try {
        await f();
        check(`${label} (expected ${code}, but it was accepted)`, false);
      } catch (err) {
        check(`${label} → ${isRealDidError(err) ? err.code : String(err)}`, isRealDidError(err, code));
      }
    };

    const dir = mkdtempSync(join(tmpdir(), 'realdid-demo-'));
    const path = join(dir, 'ledger.db');
    const ledger = await SqliteLedger.open(path);
    try {
      if (mode === 'bbs') {
        await unlinkableStory({ say, check, rejects, containsBytes }, ledger, path, [ALICE, BOB]);
      } else {
        say('RealDID — anonymity at the front desk, real name at the back end');
        say(`A fresh SQLite ledger: ${path}`);
        if (profile === 'gm')
          say('Profile gm: SM2 keys and signatures, SM3 digests (trace escrow stays ristretto255)');
        say();

        say('1. Setting up the public side (all of it on the ledger, none of it personal)');
        const deployment = await createDeployment({
          ledger,
          people: [ALICE, BOB],
          committee: { id: 'demo-trace-committee', threshold: 3, size: 5 },
          profile,
          sites: [
            {
              name: 'City Hospital',
              allowedClaims: ['family_name', 'given_name', 'birthdate', 'age_over_18', 'region'],
              origins: ['https://hospital.example'],
            },
            { name: 'Video site', allowedClaims: ['age_over_18'], origins: ['https://video.example'] },
          ],
        });
        const { registry, committee, trustees, authority } = deployment;
        say(`   registry authority        ${short(registry.did, 48)}`);
        check(
          'every trustee holds a share the committee accepts (checked against the Feldman commitments)',
          trustees.length === committee.size,
        );
        say(`   trace committee           ${committee.threshold} of ${committee.size} trustees`);
        say(`   real-name authority       ${short(authority.did, 48)}`);
        const hospitalSite = deployment.sites.get('City Hospital')!;
        const videoSite = deployment.sites.get('Video site')!;
        const hospital = hospitalSite.rp;
        const video = videoSite.rp;
        const atHospital = { origin: hospitalSite.origin };
        const atVideo = { origin: videoSite.origin };
        say(`   hospital (may ask for names, birthdate, region)   ${short(hospital.did, 40)}`);
        say(`   video site (may ask for age_over_18 only)          ${short(video.did, 40)}`);
        say();

        say('2. Enrolment: Alice proves who she is to the authority, once');
        const wallets: Wallet[] = [];
        for (const person of [ALICE, BOB]) {
          const vault = await Vault.create(new MemoryStorage(), `correct horse ${person.recordId}`);
          const wallet = await Wallet.create({ vault, ledger, registryDid: registry.did, profile });
          const creds = await authority.enrol({
            evidence: {
              nationalId: person.nationalId,
              familyName: person.familyName,
              givenName: person.givenName,
            },
            holderKeys: await wallet.createHolderKeys(4),
          });
          await wallet.storeCredentials(creds);
          wallets.push(wallet);
        }
        const [alice, bob] = wallets as [Wallet, Wallet];
        say('   the authority checked her through its IdentityVerifier (a test double here) and issued');
        say('   a batch of 4 SD-JWT VCs, each with its own holder key, salts, trace token and status index;');
        say('   they live only in her encrypted wallet vault.');
        check('Alice holds 4 unused credentials', alice.unusedCredentials === 4);
        say();

        say('3. Registration at the hospital: it asks for family_name, given_name, birthdate');
        const hReq = await hospital.createRequest(['family_name', 'given_name', 'birthdate']);
        const hRes = await alice.respond(hReq, atHospital);
        const hAccount = await hospital.verifyRegistration(hRes);
        say(`   the hospital sees: ${JSON.stringify(hAccount.claims)}`);
        say(`   under the pairwise DID ${short(hAccount.did, 44)}`);
        say('   plus a trace token it cannot read.');
        if (profile === 'gm') {
          const alg = (jws: string) =>
            JSON.parse(new TextDecoder().decode(base64urlDecode(jws.split('.')[0] ?? ''))).alg;
          const decoded = decodeSdJwt(hRes.presentation);
          check(
            'gm: the credential, its key binding and the pairwise DID proof are SM2-signed; SM3 digests; an SM2 pairwise DID',
            decoded.header.alg === 'SM2' &&
              decoded.sdAlg === 'sm3' &&
              alg(hRes.presentation.split('~').at(-1) ?? '') === 'SM2' &&
              alg(hRes.proof) === 'SM2' &&
              hAccount.did.startsWith('did:key:zEP'),
          );
        }
        check(
          'the hospital received exactly the claims it asked for',
          JSON.stringify(Object.keys(hAccount.claims).sort()) ===
            JSON.stringify(['birthdate', 'family_name', 'given_name']),
        );
        say();

        say('4. Registration at the video site: it asks for age_over_18');
        const vRes = await alice.respond(await video.createRequest(['age_over_18']), atVideo);
        const vAccount = await video.verifyRegistration(vRes);
        say(`   the video site sees: ${JSON.stringify(vAccount.claims)} — no name, no birthdate`);
        say(`   under another pairwise DID ${short(vAccount.did, 40)}`);
        check(
          'the video site received only age_over_18',
          JSON.stringify(vAccount.claims) === '{"age_over_18":true}',
        );
        // Bob registers at both sites too: values that he shares with Alice are cohort-wide, not hers.
        const bHRes = await bob.respond(
          await hospital.createRequest(['family_name', 'given_name', 'birthdate']),
          atHospital,
        );
        const bHAccount = await hospital.verifyRegistration(bHRes);
        const bVRes = await bob.respond(await video.createRequest(['age_over_18']), atVideo);
        const bVAccount = await video.verifyRegistration(bVRes);
        const aH = values([hRes, hAccount]);
        const aV = values([vRes, vAccount]);
        const cohort = values([bHRes, bHAccount, bVRes, bVAccount]);
        // The times of the exchanges themselves (a request's expiry, a key-binding iat) are seen by each
        // site on arrival anyway; two events in the same second are not a value carried across sites.
        const nowSeconds = Date.now() / 1000;
        const exchangeTime = (x: string) => /^\d{10}$/.test(x) && Math.abs(Number(x) - nowSeconds) < 3600;
        const linking = [...aH].filter((x) => aV.has(x) && !cohort.has(x) && !exchangeTime(x));
        check(
          'the two sites share no value that is Alice’s alone (DID, key, salt, digest, signature, token)',
          linking.length === 0,
        );
        if (linking.length > 0) say(`     linking values: ${linking.slice(0, 5).join(', ')}`);
        await rejects(
          'the video site asking for national_id is refused by the wallet',
          'ERR_REQUEST_NOT_ALLOWED',
          async () => alice.respond(await video.createRequest(['age_over_18', 'national_id']), atVideo),
        );
        say();

        say('5. Anonymous login at the hospital: challenge–response with the pairwise DID alone');
        const challenge = await hospital.createLoginChallenge();
        const login = await alice.login(challenge, atHospital);
        const back = await hospital.verifyLogin(login);
        check(
          'Alice logs in as the same pairwise account, no credential shown',
          back.did === hAccount.did && !JSON.stringify(login).includes('~'),
        );
        await rejects('a replayed login response is rejected', 'ERR_NONCE_REPLAYED', () =>
          hospital.verifyLogin(login),
        );
        await rejects(
          'the login response sent to the video site is rejected',
          'ERR_PRESENTATION_AUDIENCE',
          () => video.verifyLogin(login),
        );
        await rejects(
          'the video site relaying the hospital’s challenge to Alice’s wallet is refused',
          'ERR_REQUEST_WRONG_ORIGIN',
          async () => alice.login(await hospital.createLoginChallenge(), atVideo),
        );
        say();

        say('6. Lawful tracing: the hospital reports fraud; a court warrant goes to the trace committee');
        const police = generateKeyPair('Ed25519');
        const { token, context } = await hospital.traceTokenOf(hAccount.did);
        const request = await committee.request({
          token,
          context,
          reason: 'warrant:2026/0417',
          requester: police,
          ledger,
        });
        const partials: PartialDecryption[] = [];
        for (const t of [trustees[0]!, trustees[2]!, trustees[4]!])
          partials.push(await t.partialDecrypt(request));
        await rejects(
          '2 of 5 partial decryptions cannot open the token',
          'ERR_TRACE_NOT_ENOUGH_PARTIALS',
          () => committee.combine({ request, partials: partials.slice(0, 2), opener: police, ledger }),
        );
        const opened = await committee.combine({ request, partials, opener: police, ledger });
        const record = authority.recordForHandle(opened.handle);
        say(
          '   3 of 5 trustees approved; each sealed its partial decryption (with its Chaum–Pedersen proof)',
        );
        say(`   to the request's own key, so only the requester could open it: handle → record ${record}`);
        await rejects(
          'anyone else holding the same sealed partials cannot open the token',
          'ERR_TRACE_REQUEST_INVALID',
          () => committee.combine({ request, partials, opener: generateKeyPair('Ed25519'), ledger }),
        );
        const onLedger = new TextDecoder().decode(
          Uint8Array.from((await ledger.read(committee.auditTopic)).flatMap((e) => [...e.payload, 10])),
        );
        check(
          'no partial decryption is on the ledger (only signed approvals naming their digests)',
          partials.every((p) => !onLedger.includes(p.share)),
        );
        check('the authority maps the opened handle back to Alice’s record', record === ALICE.recordId);
        const fishing = await committee.request({
          token,
          context,
          reason: 'curiosity',
          requester: police,
          ledger,
        });
        await rejects(
          'a request without a warrant is refused by a trustee',
          'ERR_TRACE_REQUEST_REFUSED',
          () => trustees[1]!.partialDecrypt(fishing),
        );
        const audit = await readTraceAudit(ledger, committee);
        say(`   audit topic on the ledger: ${audit.map((a) => a.entry.type).join(', ')}`);
        check(
          'the opening is on the ledger’s audit topic',
          audit.some((a) => a.entry.type === 'trace-opening'),
        );
        say();

        say('7. Revocation: the authority revokes Alice’s credentials and publishes the status list');
        const revoked = await authority.revoke(ALICE.recordId);
        const epoch = await authority.publishEpoch();
        check(
          'the epoch publishes her revocation among decoys',
          epoch.revoked === revoked && epoch.decoys > 0,
        );
        say(`   ${revoked} status bits flipped in one epoch, hidden among ${epoch.decoys} decoy flips`);
        await rejects(
          'Alice’s existing hospital account can no longer log in',
          'ERR_LOGIN_REVOKED',
          async () =>
            hospital.verifyLogin(await alice.login(await hospital.createLoginChallenge(), atHospital)),
        );
        const shopSite = await deployment.addSite({
          name: 'Shop',
          allowedClaims: ['age_over_18'],
          origins: ['https://shop.example'],
        });
        const shop = shopSite.rp;
        const atShop = { origin: shopSite.origin };
        await rejects('Alice can no longer register at a new site', 'ERR_PRESENTATION_REVOKED', async () =>
          shop.verifyRegistration(await alice.respond(await shop.createRequest(['age_over_18']), atShop)),
        );
        const bobAtShop = await shop.verifyRegistration(
          await bob.respond(await shop.createRequest(['age_over_18']), atShop),
        );
        check('Bob, not revoked, still registers', bobAtShop.claims.age_over_18 === true);
        say();

        say('8. What the ledger holds');
        const info = await ledger.info();
        await ledger.close();
        const bytes = readFileSync(path);
        const personal = [ALICE, BOB].flatMap((p) => [
          p.nationalId,
          p.familyName,
          p.givenName,
          p.birthdate,
          p.recordId,
        ]);
        const leaked = personal.filter((v) => containsBytes(bytes, utf8Encode(v)));
        say(
          `   ${info.entries} entries in ${info.topics} topics, ${bytes.length} bytes: keys, DID operations, registry, status lists, audit`,
        );
        check(
          'the scan does see public values in the file (the authority’s DID suffix)',
          containsBytes(bytes, utf8Encode(authority.did.split(':').at(-1) ?? '')),
        );
        check('no name, ID number, birthdate or record id anywhere in the ledger file', leaked.length === 0);
        say();
      }
    } catch (err) {
      failures.push(`unexpected error: ${isRealDidError(err) ? `${err.code}: ${err.message}` : String(err)}`);
      say(`   ✘ ${failures.at(-1)}`);
      await ledger.close().catch(() => undefined);
    } finally {
      if (ctx.values.keep === true) say(`ledger kept at ${path}`);
      else rmSync(dir, { recursive: true, force: true });
    }
    if (failures.length > 0) {
      ctx.io.stderr(`ERR_CLI_CHECK_FAILED: ${failures.length} check(s) failed: ${failures.join('; ')}\n`);
      return 1;
    }
    say(`All ${passed} checks passed.`);
    return 0;
  },
};
