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
  outcome,
  throwingAccessor,
  throwingGetters,
} from '../../../test-support/hostile.js';
import {
  LEDGER_CODES as CODES,
  describeHostileLedgerMethods,
  LEDGER_RULES as RULES,
} from '../../../test-support/ledger.js';
import {
  entryId,
  MemoryLedger,
  validateAppend,
  validateBatch,
  validateReadOptions,
  validateTopic,
} from '../src/index.js';

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

describeHostileLedgerMethods('MemoryLedger', () => new MemoryLedger());
