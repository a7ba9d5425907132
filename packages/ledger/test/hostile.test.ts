/**
 * Hostile input against the public validation functions and MemoryLedger: arbitrary and huge
 * topics, wrong types, edge numbers, throwing getters and proxies as batches and options
 * (SqliteLedger's file-level attacks are in @realdid/ledger-sqlite). See
 * hostile-helpers.ts for the property (value, coded RealDidError, or TypeError/RangeError misuse).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allHostileValues,
  anyString,
  hugeStrings,
  type OutcomeRules,
  outcome,
  throwingAccessor,
  throwingGetters,
} from '../../../test-support/hostile.js';
import {
  entryId,
  type LedgerErrorCode,
  MemoryLedger,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '../src/index.js';

const CODES: readonly LedgerErrorCode[] = [
  'ERR_LEDGER_TOPIC_INVALID',
  'ERR_LEDGER_ENTRY_TOO_LARGE',
  'ERR_LEDGER_ENTRY_INVALID',
  'ERR_LEDGER_CLOSED',
  'ERR_LEDGER_UNAVAILABLE',
  'ERR_LEDGER_TIMEOUT',
  'ERR_LEDGER_TX_REVERTED',
  'ERR_LEDGER_PROOF_INVALID',
  'ERR_LEDGER_CORRUPT',
  'ERR_LEDGER_NOT_FOUND',
];
const RULES: OutcomeRules = { codes: CODES, misuse: true };
const ONE = new Uint8Array([1]);

describe('validation functions', () => {
  it('validateTopic: arbitrary and huge strings -> ok or ERR_LEDGER_TOPIC_INVALID', async () => {
    await fc.assert(
      fc.asyncProperty(anyString, async (s) => {
        const o = await outcome(() => validateTopic(s), { codes: CODES });
        if (o.kind === 'coded') expect(o.code).toBe('ERR_LEDGER_TOPIC_INVALID');
      }),
      { numRuns: 200 },
    );
    for (const s of hugeStrings()) {
      const o = await outcome(() => validateTopic(s), { codes: CODES });
      expect(o.kind).toBe('coded');
    }
  });

  it('every function: hostile values in every parameter are misuse or coded', async () => {
    for (const v of allHostileValues()) {
      await outcome(() => validateTopic(v), RULES);
      await outcome(() => validateAppend(v, ONE, 10), RULES);
      await outcome(() => validateAppend('t', v, 10), RULES);
      await outcome(() => validateBatch(v, 10), RULES);
      await outcome(() => validateBatch([v], 10), RULES);
      await outcome(() => validateBatch([{ topic: 't', payload: v }], 10), RULES);
      await outcome(() => validateReadOptions(v), RULES);
      await outcome(() => validateReadOptions({ from: v }), RULES);
      await outcome(() => validateReadOptions({ limit: v }), RULES);
      await outcome(() => entryId(v as Uint8Array), RULES);
    }
  });

  it("throwing getters and proxies in batches and options propagate the caller's error or are misuse", async () => {
    for (const v of [
      throwingGetters(),
      throwingAccessor('topic'),
      throwingAccessor('payload'),
      throwingAccessor('from'),
    ]) {
      await outcome(() => validateBatch([v], 10), RULES);
      await outcome(() => validateReadOptions(v), RULES);
    }
    await outcome(
      () =>
        validateBatch(
          new Proxy([1], {
            get: () => {
              throw new TypeError('x');
            },
          }),
          10,
        ),
      RULES,
    );
  });

  it('arbitrary batches of arbitrary shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.record({ topic: anyString, payload: fc.uint8Array({ maxLength: 20 }) }), fc.anything()),
          { maxLength: 5 },
        ),
        async (batch) => {
          await outcome(() => validateBatch(batch, 16), RULES);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('MemoryLedger methods', () => {
  const clients = () => [new MemoryLedger()];

  it('append / appendBatch / read / size with hostile values', async () => {
    for (const ledger of clients()) {
      for (const v of [...allHostileValues(), ...hugeStrings()]) {
        await outcome(() => ledger.append(v as string, ONE), RULES);
        await outcome(() => ledger.append('t', v as Uint8Array), RULES);
        await outcome(() => ledger.appendBatch(v as never), RULES);
        await outcome(() => ledger.read(v as string), RULES);
        await outcome(() => ledger.read('t', v as never), RULES);
        await outcome(() => ledger.size(v as string), RULES);
      }
      await ledger.close();
    }
  });

  it('arbitrary topics and options round-trip or reject with a code', async () => {
    const ledgers = clients();
    await fc.assert(
      fc.asyncProperty(
        anyString,
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.record(
          { from: fc.oneof(fc.nat(), fc.double()), limit: fc.oneof(fc.nat(), fc.double()) },
          { requiredKeys: [] },
        ),
        async (topic, payload, options) => {
          for (const ledger of ledgers) {
            const a = await outcome(() => ledger.append(topic, payload), RULES);
            const r = await outcome(() => ledger.read(topic, options), RULES);
            if (
              a.kind === 'returned' &&
              r.kind === 'returned' &&
              options.from === undefined &&
              options.limit === undefined
            ) {
              expect((r.value as unknown[]).length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    for (const l of ledgers) await l.close();
  });
});
