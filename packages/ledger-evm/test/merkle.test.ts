import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatchFile, encodeBatchFile, MerkleTree, merkleLeaf, verifyMerkleProof } from '../src/index.js';

const h = (...parts: Uint8Array[]) => {
  const x = createHash('sha256');
  for (const p of parts) x.update(p);
  return new Uint8Array(x.digest());
};
const b = (...xs: number[]) => new Uint8Array(xs);
const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('merkleLeaf and MerkleTree (independent recomputation with node:crypto)', () => {
  it('leaf = sha256(0x00 || u16be(len) || topic || digest); node = sha256(0x01 || l || r); odd node promoted', () => {
    const d = (i: number) => h(b(i));
    const leaf = (t: string, i: number) => {
      const tb = new TextEncoder().encode(t);
      return h(b(0, tb.length >> 8, tb.length & 0xff), tb, d(i));
    };
    const leaves = [leaf('a', 1), leaf('bb', 2), leaf('c', 3)];
    expect(merkleLeaf('a', d(1))).toEqual(leaves[0]);
    const n01 = h(b(1), leaves[0] as Uint8Array, leaves[1] as Uint8Array);
    const root = h(b(1), n01, leaves[2] as Uint8Array);
    const tree = new MerkleTree(leaves as Uint8Array[]);
    expect(tree.root).toEqual(root);
    expect(tree.proof(2)).toEqual([n01]);
    expect(tree.proof(0)).toEqual([leaves[1], leaves[2]]);
    expect(new MerkleTree([leaves[0] as Uint8Array]).root).toEqual(leaves[0]);
  });

  it('every proof verifies; any change to leaf, index, count, proof or root fails', () => {
    fc.assert(
      fc.property(
        fc.array(digest, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        (ds, ri, flipByte) => {
          const leaves = ds.map((d, i) => merkleLeaf(`t${i % 3}`, d));
          const tree = new MerkleTree(leaves);
          const i = ri % leaves.length;
          const leaf = leaves[i] as Uint8Array;
          const proof = tree.proof(i);
          expect(verifyMerkleProof(leaf, i, leaves.length, proof, tree.root)).toBe(true);
          const other = leaf.slice();
          other[flipByte % 32] = (other[flipByte % 32] as number) ^ 1;
          expect(verifyMerkleProof(other, i, leaves.length, proof, tree.root)).toBe(false);
          const badRoot = tree.root.slice();
          badRoot[flipByte % 32] = (badRoot[flipByte % 32] as number) ^ 1;
          expect(verifyMerkleProof(leaf, i, leaves.length, proof, badRoot)).toBe(false);
          if (leaves.length > 1) {
            const j = (i + 1) % leaves.length;
            if (!leaves[j]?.every((x, k) => x === leaf[k])) {
              expect(verifyMerkleProof(leaf, j, leaves.length, proof, tree.root)).toBe(false);
            }
            const p2 = proof.map((p) => p.slice());
            const k = flipByte % p2.length;
            (p2[k] as Uint8Array)[0] = ((p2[k] as Uint8Array)[0] as number) ^ 0x80;
            expect(verifyMerkleProof(leaf, i, leaves.length, p2, tree.root)).toBe(false);
            expect(verifyMerkleProof(leaf, i, leaves.length, proof.slice(1), tree.root)).toBe(false);
          }
          expect(verifyMerkleProof(leaf, i, leaves.length, [...proof, leaf], tree.root)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a leaf is never an inner node (domain separation): a 2-leaf root is not a valid 1-leaf tree over the same bytes', () => {
    const l = [merkleLeaf('a', new Uint8Array(32)), merkleLeaf('b', new Uint8Array(32).fill(1))];
    const t = new MerkleTree(l);
    expect(verifyMerkleProof(h(b(1), l[0] as Uint8Array, l[1] as Uint8Array), 0, 1, [], t.root)).toBe(true); // the node itself
    // …but no leaf hash equals that node: leaves start with 0x00, nodes with 0x01.
    expect(merkleLeaf('a', new Uint8Array(32))).not.toEqual(t.root);
  });

  it('wrong-typed inputs', () => {
    for (const bad of [undefined, 'x', 1, [], new Uint8Array(31)]) {
      expect(() => merkleLeaf('t', bad as never)).toThrow(bad instanceof Uint8Array ? RangeError : TypeError);
      if (typeof bad !== 'string')
        expect(() => merkleLeaf(bad as never, new Uint8Array(32))).toThrow(TypeError);
      expect(verifyMerkleProof(bad as never, 0, 1, [], new Uint8Array(32))).toBe(false);
      expect(verifyMerkleProof(new Uint8Array(32), 0, 2, bad as never, new Uint8Array(32))).toBe(false);
    }
    expect(() => new MerkleTree([])).toThrow(RangeError);
    expect(() => new MerkleTree('x' as never)).toThrow(TypeError);
    expect(() => new MerkleTree([new Uint8Array(31)])).toThrow(RangeError);
    const t = new MerkleTree([new Uint8Array(32)]);
    for (const i of [-1, 1, 0.5, Number.NaN]) expect(() => t.proof(i)).toThrow(RangeError);
    for (const [i, n] of [
      [0, 0],
      [1, 1],
      [-1, 2],
      [0.5, 2],
    ]) {
      expect(verifyMerkleProof(new Uint8Array(32), i as number, n as number, [], t.root)).toBe(false);
    }
  });
});

describe('batch files', () => {
  const entry = fc.record({
    topic: fc.stringMatching(/^[A-Za-z0-9:._-]{1,30}$/),
    payload: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  });

  it('round-trip', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 20 }), (es) => {
        expect(decodeBatchFile(encodeBatchFile(es))).toEqual(es);
      }),
    );
  });

  it('reject truncation, trailing bytes, bad magic, bad version, bad topics, oversize with ERR_LEDGER_CORRUPT', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.nat(), (es, cut) => {
        const f = encodeBatchFile(es);
        const n = cut % f.length;
        expect(() => decodeBatchFile(f.subarray(0, n))).toThrow(
          expect.objectContaining({ code: 'ERR_LEDGER_CORRUPT' }),
        );
        expect(() => decodeBatchFile(new Uint8Array([...f, 0]))).toThrow(
          expect.objectContaining({ code: 'ERR_LEDGER_CORRUPT' }),
        );
      }),
    );
    const f = encodeBatchFile([{ topic: 'ok', payload: new Uint8Array([1, 2, 3]) }]);
    const corrupt = (mut: (x: Uint8Array) => void, limits = {}) => {
      const x = f.slice();
      mut(x);
      expect(() => decodeBatchFile(x, limits)).toThrow(
        expect.objectContaining({ code: 'ERR_LEDGER_CORRUPT' }),
      );
    };
    corrupt((x) => {
      x[0] = 0;
    });
    corrupt((x) => {
      x[4] = 2;
    });
    corrupt((x) => {
      x[11] = 0x20; // a space in the topic
    });
    corrupt((x) => {
      x[8] = 0; // zero entries
    });
    corrupt(() => undefined, { maxEntryBytes: 2 });
    expect(() =>
      decodeBatchFile(
        encodeBatchFile([
          { topic: 'a', payload: new Uint8Array(1) },
          { topic: 'a', payload: new Uint8Array(1) },
        ]),
        { maxEntries: 1 },
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_LEDGER_CORRUPT' }));
    expect(() => decodeBatchFile('x' as never)).toThrow(TypeError);
    expect(() => encodeBatchFile([])).toThrow(RangeError);
    expect(() => encodeBatchFile('x' as never)).toThrow(TypeError);
    expect(() => encodeBatchFile([{ topic: 1, payload: new Uint8Array(1) }] as never)).toThrow(TypeError);
  });
});
