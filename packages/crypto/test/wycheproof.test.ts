/**
 * Wycheproof (C2SP/wycheproof testvectors_v1, see test/vectors/wycheproof/SOURCE.md) on both backends.
 * Policy for results: 'valid' must verify, 'invalid' must not. 'acceptable' cases (none in these
 * v1 files) are not given an expected outcome; both backends must agree on them.
 */
import { describe, expect, it } from 'vitest';
import { type KeyType, setBackend, verify } from '../src/index.js';
import { BACKENDS, useBackend } from './helpers/backends.js';
import { hex, readJsonVector } from './helpers/vectors.js';

interface WycheproofTest {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}
interface WycheproofFile {
  numberOfTests: number;
  testGroups: Array<{ publicKey: { pk?: string; uncompressed?: string }; tests: WycheproofTest[] }>;
}

interface Suite {
  file: string;
  type: KeyType;
  format: 'raw' | 'der';
  lowS: boolean;
  /** numberOfTests of the file: every case must run. */
  count: number;
}

const SUITES: Suite[] = [
  { file: 'ed25519_test.json', type: 'Ed25519', format: 'raw', lowS: false, count: 151 },
  { file: 'ecdsa_secp256r1_sha256_test.json', type: 'P-256', format: 'der', lowS: false, count: 484 },
  { file: 'ecdsa_secp256r1_sha256_p1363_test.json', type: 'P-256', format: 'raw', lowS: false, count: 262 },
  { file: 'ecdsa_secp256k1_sha256_test.json', type: 'secp256k1', format: 'der', lowS: false, count: 476 },
  {
    file: 'ecdsa_secp256k1_sha256_p1363_test.json',
    type: 'secp256k1',
    format: 'raw',
    lowS: false,
    count: 252,
  },
  {
    file: 'ecdsa_secp256k1_sha256_bitcoin_test.json',
    type: 'secp256k1',
    format: 'der',
    lowS: true,
    count: 463,
  },
];

function load(suite: Suite) {
  const data = readJsonVector<WycheproofFile>(`wycheproof/${suite.file}`);
  const cases = data.testGroups.flatMap((g) => {
    const pk = hex(
      suite.type === 'Ed25519' ? (g.publicKey.pk as string) : (g.publicKey.uncompressed as string),
    );
    return g.tests.map((t) => ({ ...t, publicKey: pk, message: hex(t.msg), signature: hex(t.sig) }));
  });
  return { numberOfTests: data.numberOfTests, cases };
}

describe.each(BACKENDS)('Wycheproof on the %s backend', (backend) => {
  useBackend(backend);
  for (const suite of SUITES) {
    it(`${suite.file} (${suite.type}, ${suite.format}${suite.lowS ? ', lowS' : ''})`, () => {
      const { numberOfTests, cases } = load(suite);
      expect(cases.length).toBe(numberOfTests);
      expect(cases.length).toBe(suite.count);
      const failures: string[] = [];
      let run = 0;
      let valid = 0;
      let invalid = 0;
      for (const t of cases) {
        const ok = verify(suite.type, t.publicKey, t.message, t.signature, {
          format: suite.format,
          lowS: suite.lowS,
        });
        run++;
        if (t.result === 'valid') {
          valid++;
          if (!ok) failures.push(`tcId ${t.tcId} (${t.comment}) valid but rejected`);
        } else if (t.result === 'invalid') {
          invalid++;
          if (ok) failures.push(`tcId ${t.tcId} (${t.comment}) invalid but accepted`);
        }
      }
      expect(failures).toEqual([]);
      expect(run).toBe(numberOfTests);
      expect(valid + invalid).toBe(numberOfTests); // no 'acceptable' cases in these files
    });
  }
});

describe('Wycheproof: both backends agree on every case', () => {
  for (const suite of SUITES) {
    it(suite.file, () => {
      const { cases } = load(suite);
      const disagreements: number[] = [];
      try {
        for (const t of cases) {
          const opts = { format: suite.format, lowS: suite.lowS } as const;
          setBackend('node');
          const a = verify(suite.type, t.publicKey, t.message, t.signature, opts);
          setBackend('noble');
          const b = verify(suite.type, t.publicKey, t.message, t.signature, opts);
          if (a !== b) disagreements.push(t.tcId);
        }
      } finally {
        setBackend('auto');
      }
      expect(disagreements).toEqual([]);
    });
  }
});
