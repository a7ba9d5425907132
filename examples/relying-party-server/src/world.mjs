// The public side of a RealDID deployment, set up on one ledger with `createDeployment`: a
// registry authority, a trace committee, a real-name authority (checking people through a test
// double of a government identity registry) and the registrations of the relying parties. In
// production these are separate organisations; here they share a process so the example is
// self-contained.
import {
  InMemoryIdentityRegistryTestDouble,
  RealNameAuthority,
  RegistryAuthority,
  TraceCommittee,
} from '@realdid/realname';
import { createDeployment } from '@realdid/realname/testing';

/** Sample people known to the identity-registry test double. */
export const SAMPLE_PEOPLE = [
  {
    recordId: 'rec-000417',
    nationalId: '110105199001011234',
    familyName: '王',
    givenName: '小明',
    birthdate: '1990-01-01',
    region: '110105',
    nationality: 'CHN',
  },
  {
    recordId: 'rec-000923',
    nationalId: '310104198502024321',
    familyName: '李',
    givenName: '华',
    birthdate: '1985-02-02',
    region: '310104',
    nationality: 'CHN',
  },
];

/**
 * @param {import('@realdid/ledger').LedgerClient} ledger
 */
export async function createWorld(ledger) {
  const { registry, committee, trustees, authority, identityVerifier } = await createDeployment({
    ledger,
    people: SAMPLE_PEOPLE,
    committee: { id: 'example-trace-committee', threshold: 2, size: 3 },
  });
  return { ledger, registry, committee, trustees, authority, identityVerifier };
}

/**
 * The secret state of the public side, to persist between runs (keep it in a 0600 file or a
 * secrets manager: it holds signing keys). Trustees' shares are not in it: they belong to the
 * trustees, not to the server.
 */
export function exportWorld(world) {
  return {
    registry: world.registry.exportState(),
    committee: world.committee.toJSON(),
    authority: world.authority.exportState(),
  };
}

/** Restores what {@link exportWorld} saved, on the same ledger. */
export function restoreWorld(ledger, saved) {
  const registry = RegistryAuthority.restore(saved.registry, { ledger });
  const committee = TraceCommittee.fromJSON(saved.committee);
  const identityVerifier = new InMemoryIdentityRegistryTestDouble(SAMPLE_PEOPLE);
  const authority = RealNameAuthority.restore(saved.authority, { ledger, identityVerifier, committee });
  return { ledger, registry, committee, trustees: [], authority, identityVerifier };
}
