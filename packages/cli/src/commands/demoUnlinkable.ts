import { readFileSync } from 'node:fs';
import { base64urlDecode, generateKeyPair, type KeyPair, utf8Encode } from '@realdid/crypto';
import type { SqliteLedger } from '@realdid/ledger-sqlite';
import {
  type PartialDecryption,
  readTraceAudit,
  TraceCommittee,
  Trustee,
  UnlinkableAuthority,
  type UnlinkableIssuance,
  UnlinkableRelyingParty,
  UnlinkableWallet,
  type VerifiedIdentity,
} from '@realdid/realname';
import { createDeployment, valuesOf } from '@realdid/realname/testing';

/** What a demo story prints and checks with. */
export interface DemoTools {
  say(line?: string): void;
  check(label: string, ok: boolean): void;
  rejects(label: string, code: string, f: () => Promise<unknown>): Promise<void>;
  containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean;
}

/** The validity epoch of the demo: one hour (a parameter of the authority and of every site). */
const EPOCH_SECONDS = 3_600;

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function short(s: string, n = 28): string {
  return s.length > n + 4 ? `${s.slice(0, n)}…` : s;
}

/**
 * The unlinkable mode's story (`realdid demo --mode bbs`): blind-issued BBS credential, one
 * pseudonym per site, Sybil refusal, revocation by epochs, k-of-n tracing of the encrypted handle.
 * Closes `ledger` when done.
 */
export async function unlinkableStory(
  t: DemoTools,
  ledger: SqliteLedger,
  path: string,
  people: readonly [VerifiedIdentity, VerifiedIdentity],
): Promise<void> {
  const { say, check, rejects } = t;
  const [ALICE, BOB] = people;
  const now = { t: Date.now() };
  const clock = () => new Date(now.t);

  say('RealDID unlinkable mode — one blind-issued BBS credential, one pseudonym per site');
  say(`A fresh SQLite ledger: ${path}`);
  say();

  say('1. Setting up the public side');
  const deployment = await createDeployment({
    ledger,
    people: [ALICE, BOB],
    now: clock,
    sites: [
      {
        name: 'City Hospital',
        allowedClaims: ['family_name', 'given_name', 'birthdate', 'age_over_18', 'region'],
        origins: ['https://hospital.example'],
      },
      { name: 'Video site', allowedClaims: ['age_over_18'], origins: ['https://video.example'] },
    ],
  });
  const authority = new UnlinkableAuthority({ epochSeconds: EPOCH_SECONDS, now: clock });
  const trusteeKeys = Array.from({ length: 5 }, () => generateKeyPair('Ed25519'));
  const { committee, shares } = TraceCommittee.deal({
    committeeId: 'demo-unlinkable-committee',
    threshold: 3,
    group: 'bls12-381-g1',
    trustees: trusteeKeys.map((k, i) => ({ id: `trustee-${i + 1}`, auditPublicKey: k.publicKey })),
  });
  const rpOf = (name: string) => {
    const site = deployment.sites.get(name)!;
    return new UnlinkableRelyingParty({
      identity: site.rp.exportState(),
      origin: site.origin,
      issuerPublicKey: authority.publicKey,
      committeeKey: committee.publicKey,
      epochSeconds: EPOCH_SECONDS,
      now: clock,
    });
  };
  const hospital = rpOf('City Hospital');
  const video = rpOf('Video site');
  const atHospital = { origin: hospital.origin };
  const atVideo = { origin: video.origin };
  say(`   registry authority        ${short(deployment.registry.did, 48)}`);
  say(`   real-name authority       BBS key ${short(hex(authority.publicKey), 40)}`);
  say(`   trace committee           ${committee.threshold} of ${committee.size} trustees, G1 key`);
  say(`   validity epoch            ${EPOCH_SECONDS} s (revocation latency: one epoch)`);
  say(`   hospital (may ask for names, birthdate, region)   ${short(hospital.did, 40)}`);
  say(`   video site (may ask for age_over_18 only)          ${short(video.did, 40)}`);
  check(
    'every trustee holds a share the committee accepts (checked against the Feldman commitments)',
    shares.every((s) => committee.verifyShare(s)),
  );
  say();

  say('2. Enrolment by blind issuance: the authority signs what it cannot see');
  const transcripts: { commitment: Uint8Array; issuance: UnlinkableIssuance }[] = [];
  const issueTo = (wallet: UnlinkableWallet, person: VerifiedIdentity) => {
    const commitment = wallet.beginIssuance();
    const issuance = authority.issue(person.recordId, commitment);
    transcripts.push({ commitment, issuance });
    wallet.finishIssuance(issuance);
    return commitment;
  };
  const enrol = (person: VerifiedIdentity) => {
    const wallet = new UnlinkableWallet({
      committeeKey: committee.publicKey,
      ledger,
      registryDid: deployment.registry.did,
      now: clock,
    });
    authority.enrol(person, wallet.enrolment(person.recordId));
    return { wallet, commitment: issueTo(wallet, person) };
  };
  const { wallet: alice, commitment } = enrol(ALICE);
  const { wallet: bob } = enrol(BOB);
  say(`   Alice's wallet sent only a ${commitment.length}-byte commitment to its pseudonym secret and`);
  say('   holder secret, with a proof that it knows them and that the pseudonym secret is the one she');
  say(
    '   committed to at enrolment (one pseudonym per site for life); the authority blind-signed her claims, an',
  );
  say('   opaque handle (never disclosed) and the epoch into it, and the wallet checked the signature.');
  check(
    'each wallet verified its blind signature; the authority signed 12 messages (10 claims, handle, epoch), none of them the commitment',
    transcripts.length === 2 &&
      transcripts.every(
        (x) =>
          x.issuance.messages.length === 12 && x.issuance.messages.every((m) => hex(m) !== hex(x.commitment)),
      ),
  );
  await rejects(
    'a second issuance to Alice in the same epoch is refused (one credential per person per epoch)',
    'ERR_ISSUANCE_REFUSED',
    async () => issueTo(alice, ALICE),
  );
  say();

  say('3. Registration at the hospital: it asks for family_name, given_name, birthdate');
  const hRes = await alice.register(
    await hospital.createRequest(['family_name', 'given_name', 'birthdate']),
    atHospital,
  );
  const hAccount = await hospital.verifyRegistration(hRes);
  say(`   the hospital sees: ${JSON.stringify(hAccount.claims)}`);
  say(`   under the pseudonym ${short(hAccount.pseudonym, 40)}`);
  const sizes = `${base64urlDecode(hRes.proof).length}-byte BBS proof and a ${base64urlDecode(hRes.trace).length}-byte`;
  say(`   with a ${sizes} trace token it cannot read,`);
  say('   proven (in the same proof) to encrypt the handle the authority signed.');
  check(
    'the hospital received exactly the claims it asked for',
    JSON.stringify(hAccount.claims) ===
      JSON.stringify({
        family_name: ALICE.familyName,
        given_name: ALICE.givenName,
        birthdate: ALICE.birthdate,
      }),
  );
  say();

  say('4. Registration at the video site: it asks for age_over_18');
  const vRes = await alice.register(await video.createRequest(['age_over_18']), atVideo);
  const vAccount = await video.verifyRegistration(vRes);
  say(`   the video site sees: ${JSON.stringify(vAccount.claims)} — no name, no birthdate`);
  say(`   under another pseudonym ${short(vAccount.pseudonym, 40)}`);
  check(
    'the video site received only age_over_18',
    JSON.stringify(vAccount.claims) === '{"age_over_18":true}',
  );
  // Bob registers at both sites too: values he shares with Alice are cohort-wide, not hers.
  const bHRes = await bob.register(
    await hospital.createRequest(['family_name', 'given_name', 'birthdate']),
    atHospital,
  );
  const bHAccount = await hospital.verifyRegistration(bHRes);
  const bVRes = await bob.register(await video.createRequest(['age_over_18']), atVideo);
  const bVAccount = await video.verifyRegistration(bVRes);
  const aH = valuesOf(hRes, hAccount);
  const aV = valuesOf(vRes, vAccount);
  const cohort = valuesOf(bHRes, bHAccount, bVRes, bVAccount);
  const linking = [...aH].filter((x) => aV.has(x) && !cohort.has(x));
  check(
    'the two sites share no value that is Alice’s alone (pseudonym, proof scalar or point, trace token)',
    hAccount.pseudonym !== vAccount.pseudonym && linking.length === 0,
  );
  if (linking.length > 0) say(`     linking values: ${linking.slice(0, 5).join(', ')}`);
  check(
    'the value scan does see a per-site value (Alice’s video pseudonym in the video site’s data)',
    aV.has(vAccount.pseudonym) && !cohort.has(vAccount.pseudonym),
  );
  // What the authority holds (state and issuance transcripts) against the video site's whole state.
  const state = authority.exportState();
  const authorityValues = valuesOf(state, transcripts);
  const perPerson = state.people.map((p) =>
    valuesOf(
      p,
      transcripts.filter((x) => hex(x.issuance.messages[10] ?? new Uint8Array()).endsWith(p.handle)),
    ),
  );
  const videoAll = valuesOf(video.accounts(), vRes, bVRes);
  const identifying = [...videoAll].filter(
    (v) => authorityValues.has(v) && perPerson.filter((s) => s.has(v)).length === 1,
  );
  check(
    'the authority’s whole state and issuance transcripts with the video site’s state identify no account',
    identifying.length === 0 && perPerson[0]?.has(state.people[0]?.handle ?? '') === true,
  );
  await rejects(
    'the video site asking for birthdate is refused by the wallet (the registry allows it age_over_18 only)',
    'ERR_REQUEST_NOT_ALLOWED',
    async () => alice.register(await video.createRequest(['birthdate']), atVideo),
  );
  say();

  say('5. Login at the video site: a fresh proof for the same pseudonym');
  const login = await alice.login(await video.createLoginChallenge(), atVideo);
  const back = await video.verifyLogin(login);
  check(
    'Alice logs in as the same pseudonymous account with a proof never seen before',
    back.pseudonym === vAccount.pseudonym && login.proof !== vRes.proof,
  );
  await rejects('a replayed login response is rejected', 'ERR_NONCE_REPLAYED', () =>
    video.verifyLogin(login),
  );
  say();

  say('6. Sybil resistance: Alice tries to open a second account at the video site');
  await rejects(
    'the same person registering twice at one site gets the same pseudonym and is refused',
    'ERR_ACCOUNT_EXISTS',
    async () =>
      video.verifyRegistration(await alice.register(await video.createRequest(['age_over_18']), atVideo)),
  );
  say();

  say('7. Revocation by epochs: the authority revokes Alice and does not re-issue her credential');
  authority.revoke(ALICE.recordId);
  now.t += EPOCH_SECONDS * 1000;
  say(
    `   one epoch later (epoch ${authority.currentEpoch()}): Bob's wallet is re-issued blind, Alice's is not`,
  );
  await rejects(
    'the authority refuses Alice a credential for the new epoch',
    'ERR_ISSUANCE_REFUSED',
    async () => issueTo(alice, ALICE),
  );
  issueTo(bob, BOB);
  const bobBack = await video.verifyLogin(await bob.login(await video.createLoginChallenge(), atVideo));
  check('Bob, re-issued, logs in under the same pseudonym', bobBack.pseudonym === bVAccount.pseudonym);
  await rejects('Alice’s old credential no longer logs in', 'ERR_LOGIN_EXPIRED', async () =>
    video.verifyLogin(await alice.login(await video.createLoginChallenge(), atVideo)),
  );
  await rejects('Alice’s old credential no longer registers', 'ERR_PRESENTATION_EPOCH', async () =>
    hospital.verifyRegistration(
      await alice.register(await hospital.createRequest(['birthdate']), atHospital),
    ),
  );
  say();

  say('8. Lawful tracing: the hospital reports fraud; a court warrant goes to the trace committee');
  const police = generateKeyPair('Ed25519');
  const trustees = shares.map(
    (share, i) =>
      new Trustee({
        share,
        committee,
        auditKey: trusteeKeys[i]!,
        ledger,
        approve: (r) => r.reason.startsWith('warrant:'),
      }),
  );
  const fishing = await committee.request({
    token: hAccount.trace,
    reason: 'curiosity',
    requester: generateKeyPair('Ed25519'),
    ledger,
  });
  await rejects('a request without a warrant is refused by a trustee', 'ERR_TRACE_REQUEST_REFUSED', () =>
    trustees[0]!.partialDecrypt(fishing),
  );
  const open = async (trace: string, reason: string, who: Trustee[], requester: KeyPair) => {
    const request = await committee.request({ token: trace, reason, requester, ledger });
    const partials: PartialDecryption[] = [];
    for (const trustee of who) partials.push(await trustee.partialDecrypt(request));
    return { request, partials };
  };
  const { request, partials } = await open(
    hAccount.trace,
    'warrant:2026/0417',
    [trustees[0]!, trustees[2]!, trustees[4]!],
    police,
  );
  await rejects('2 of 5 partial decryptions cannot open the token', 'ERR_TRACE_NOT_ENOUGH_PARTIALS', () =>
    committee.combine({ request, partials: partials.slice(0, 2), opener: police, ledger }),
  );
  const point = (await committee.combine({ request, partials, opener: police, ledger })).handle;
  const person = authority.recordForHandlePoint(point);
  say('   3 of 5 trustees answered the logged, blinded request, each sealing its partial decryption');
  say('   (with a Chaum–Pedersen proof) to the requester; only the requester unblinded the handle’s');
  say(`   group element → record ${person?.recordId ?? '(none)'}`);
  check('the authority maps the opened handle back to Alice’s record', person?.recordId === ALICE.recordId);
  const openAll = async (trace: string, who: Trustee[]) => {
    const r = await open(trace, 'warrant:2026/0418', who, police);
    return (await committee.combine({ request: r.request, partials: r.partials, opener: police, ledger }))
      .handle;
  };
  const videoPoint = await openAll(vAccount.trace, trustees.slice(1, 4));
  const bobPoint = await openAll(bVAccount.trace, trustees.slice(2));
  check(
    'another 3 trustees open Alice’s video account to the same person; Bob’s opens to Bob',
    hex(videoPoint) === hex(point) && authority.recordForHandlePoint(bobPoint)?.recordId === BOB.recordId,
  );
  const audit = await readTraceAudit(ledger, committee);
  const types = audit.map((e) => e.entry.type);
  say(`   audit topic ${committee.auditTopic}: ${types.slice(0, 7).join(', ')}, …`);
  check(
    'the refused request, the refusal, the request, three approvals and the opening are on the audit topic, verified',
    JSON.stringify(types.slice(0, 7)) ===
      JSON.stringify([
        'trace-request',
        'trace-refusal',
        'trace-request',
        'trace-partial',
        'trace-partial',
        'trace-partial',
        'trace-opening',
      ]),
  );
  check(
    'no partial decryption is on the ledger: approvals carry only the digest of a sealed partial',
    (await ledger.read(committee.auditTopic)).every(
      (e) => !('share' in (JSON.parse(new TextDecoder().decode(e.payload)) as object)),
    ),
  );
  say();

  say('9. What the ledger holds');
  const info = await ledger.info();
  await ledger.close();
  const bytes = readFileSync(path);
  const personal = people.flatMap((p) => [p.nationalId, p.familyName, p.givenName, p.birthdate, p.recordId]);
  const leaked = personal.filter((v) => t.containsBytes(bytes, utf8Encode(v)));
  say(
    `   ${info.entries} entries in ${info.topics} topics, ${bytes.length} bytes: keys, DID operations, registry, audit`,
  );
  check(
    'the scan does see public values in the file (the registry’s DID suffix)',
    t.containsBytes(bytes, utf8Encode(deployment.registry.did.split(':').at(-1) ?? '')),
  );
  check('no name, ID number, birthdate or record id anywhere in the ledger file', leaked.length === 0);
  say();
}
