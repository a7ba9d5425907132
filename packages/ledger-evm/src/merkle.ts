import { constantTimeEqual } from '@realdid/crypto';
import { sha256Bytes } from './internal/contentId.js';

const encoder = new TextEncoder();

/**
 * The Merkle leaf of one batched entry:
 * `sha256(0x00 || uint16be(len(topic)) || utf8(topic) || sha256(payload))`.
 *
 * The `0x00` prefix (leaves) and `0x01` prefix (inner nodes) separate the two domains, so an inner
 * node can never be passed off as a leaf.
 *
 * @param topic - the entry's topic
 * @param contentDigest - the 32-byte sha2-256 of the entry's payload
 * @returns the 32-byte leaf hash
 * @throws TypeError / RangeError when the digest is not 32 bytes or the topic is too long
 * @example
 * ```ts
 * const leaf = merkleLeaf('did:realdid:zabc', new Uint8Array(32));
 * ```
 */
export function merkleLeaf(topic: string, contentDigest: Uint8Array): Uint8Array {
  if (typeof topic !== 'string') throw new TypeError('topic must be a string');
  if (!(contentDigest instanceof Uint8Array)) throw new TypeError('contentDigest must be a Uint8Array');
  if (contentDigest.length !== 32)
    throw new RangeError(`contentDigest must be 32 bytes, found ${contentDigest.length}`);
  const t = encoder.encode(topic);
  if (t.length > 0xffff) throw new RangeError('topic too long');
  const buf = new Uint8Array(1 + 2 + t.length + 32);
  buf[0] = 0x00;
  buf[1] = t.length >> 8;
  buf[2] = t.length & 0xff;
  buf.set(t, 3);
  buf.set(contentDigest, 3 + t.length);
  return sha256Bytes(buf);
}

function node(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(65);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 33);
  return sha256Bytes(buf);
}

/**
 * A positional binary Merkle tree over leaves in batch order. Each level pairs neighbours
 * `(0,1), (2,3), …`; an odd last node is promoted to the next level unchanged (never duplicated,
 * so two different leaf lists cannot share a root).
 */
export class MerkleTree {
  /** levels[0] = leaves, last level = [root]. */
  readonly #levels: Uint8Array[][];

  /**
   * @param leaves - the leaf hashes (32 bytes each), at least one
   * @throws RangeError when there is no leaf or a leaf is not 32 bytes
   */
  constructor(leaves: readonly Uint8Array[]) {
    if (!Array.isArray(leaves)) throw new TypeError('leaves must be an array');
    if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
    for (const l of leaves) {
      if (!(l instanceof Uint8Array) || l.length !== 32) throw new RangeError('every leaf must be 32 bytes');
    }
    const levels: Uint8Array[][] = [leaves.slice()];
    let cur = levels[0] as Uint8Array[];
    while (cur.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < cur.length; i += 2) {
        const l = cur[i] as Uint8Array;
        const r = cur[i + 1];
        next.push(r === undefined ? l : node(l, r));
      }
      levels.push(next);
      cur = next;
    }
    this.#levels = levels;
  }

  /** How many leaves. */
  get count(): number {
    return (this.#levels[0] as Uint8Array[]).length;
  }

  /** The 32-byte root. */
  get root(): Uint8Array {
    return (this.#levels[this.#levels.length - 1] as Uint8Array[])[0] as Uint8Array;
  }

  /**
   * @param index - the leaf's index in the batch
   * @returns the sibling hashes from the leaf up (promoted levels contribute none)
   * @throws RangeError for an index outside the tree
   */
  proof(index: number): Uint8Array[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.count) {
      // `${index}` only for a number: a nested array would recurse in its coercion to a string
      throw new RangeError(
        `leaf index must be in [0, ${this.count}), found ${typeof index === 'number' ? index : typeof index}`,
      );
    }
    const out: Uint8Array[] = [];
    let idx = index;
    for (let lv = 0; lv < this.#levels.length - 1; lv++) {
      const level = this.#levels[lv] as Uint8Array[];
      const sib = idx % 2 === 0 ? idx + 1 : idx - 1;
      if (sib < level.length) out.push(level[sib] as Uint8Array);
      idx = Math.floor(idx / 2);
    }
    return out;
  }
}

/**
 * Checks a Merkle inclusion proof made by {@link MerkleTree.proof}.
 *
 * @param leaf - the leaf hash ({@link merkleLeaf})
 * @param index - the leaf's index in the batch
 * @param count - how many leaves the batch has
 * @param proof - the sibling hashes, leaf upwards
 * @param root - the expected root (from the chain)
 * @returns true when the proof leads from the leaf to the root; false otherwise (never throws on
 *   a wrong proof)
 * @example
 * ```ts
 * const tree = new MerkleTree([leafA, leafB, leafC]);
 * verifyMerkleProof(leafC, 2, 3, tree.proof(2), tree.root); // true
 * ```
 */
export function verifyMerkleProof(
  leaf: Uint8Array,
  index: number,
  count: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(leaf instanceof Uint8Array) || leaf.length !== 32) return false;
  if (!(root instanceof Uint8Array) || root.length !== 32) return false;
  if (!Array.isArray(proof)) return false;
  if (
    !Number.isSafeInteger(count) ||
    count < 1 ||
    !Number.isSafeInteger(index) ||
    index < 0 ||
    index >= count
  ) {
    return false;
  }
  let h = leaf;
  let idx = index;
  let n = count;
  let k = 0;
  while (n > 1) {
    const isLastOdd = idx % 2 === 0 && idx === n - 1;
    if (!isLastOdd) {
      const sib = proof[k++];
      if (!(sib instanceof Uint8Array) || sib.length !== 32) return false;
      h = idx % 2 === 0 ? node(h, sib) : node(sib, h);
    }
    idx = Math.floor(idx / 2);
    n = Math.ceil(n / 2);
  }
  if (k !== proof.length) return false;
  return constantTimeEqual(h, root);
}
