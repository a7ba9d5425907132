import jsigs from 'jsonld-signatures';
import type { VerificationIssue, VerifiedProof } from '../VerificationResult.js';
import { parseDerivedProofValue } from './bbs2023/proofValue.js';
import type { VerifyContext } from './context.js';
import { toIssue } from './errors.js';
import type { ExpandedCache } from './expandedCache.js';
import { suitesKeeping } from './expandedCache.js';
import type { ResolvedVerificationMethod } from './keys.js';
import { DEFAULT_LIMITS, isObject, valuesOf } from './plain.js';
import type { PurposeRules } from './purpose.js';
import { RealDidProofPurpose } from './purpose.js';
import { CRYPTOSUITES } from './suites.js';

/** The outcome of verifying the Data Integrity proofs of one document. */
export interface ProofsOutcome {
  readonly issues: VerificationIssue[];
  readonly proofs: VerifiedProof[];
}

/** Pre-checks the proof list: present, supported, for the expected purpose. */
export function precheckProofs(
  doc: Record<string, unknown>,
  term: string,
  maxProofs: number = DEFAULT_LIMITS.maxProofs,
): VerificationIssue[] {
  const proofs = valuesOf(doc.proof);
  if (proofs.length === 0) return [{ code: 'ERR_VC_PROOF_MISSING', message: 'the document has no proof' }];
  // Each proof is a canonicalization and a signature check: bound the work before doing any.
  if (proofs.length > maxProofs) {
    return [
      {
        code: 'ERR_VC_MALFORMED',
        message: `the document has more than ${maxProofs} proofs (${proofs.length})`,
      },
    ];
  }
  const supported = proofs.filter(
    (p) =>
      isObject(p) &&
      p.type === 'DataIntegrityProof' &&
      typeof p.cryptosuite === 'string' &&
      (CRYPTOSUITES as readonly string[]).includes(p.cryptosuite),
  ) as Record<string, unknown>[];
  if (supported.length === 0) {
    return [
      {
        code: 'ERR_VC_PROOF_UNSUPPORTED',
        message: `no DataIntegrityProof with a supported cryptosuite (${CRYPTOSUITES.join(', ')})`,
      },
    ];
  }
  const chain = checkProofChain(proofs);
  if (chain.length > 0) return chain;
  const wrong = supported.find((p) => p.proofPurpose !== term);
  if (wrong !== undefined) {
    return [{ code: 'ERR_VC_PROOF_PURPOSE', message: `the proof purpose must be "${term}"` }];
  }
  return [];
}

/**
 * The structure of a proof set with chains (VC Data Integrity 1.0 §4.5): proof ids unique; every
 * id a `previousProof` names is a proof of the set (an error MUST be raised otherwise) listed
 * before the proof that names it, so chains are ordered and free of cycles.
 */
export function checkProofChain(proofs: readonly unknown[]): VerificationIssue[] {
  const at = new Map<string, number>();
  for (let i = 0; i < proofs.length; i++) {
    const p = proofs[i];
    if (!isObject(p) || p.id === undefined) continue;
    if (typeof p.id !== 'string') {
      return [{ code: 'ERR_VC_PROOF_CHAIN', message: `proof[${i}].id is not a string` }];
    }
    if (at.has(p.id))
      return [{ code: 'ERR_VC_PROOF_CHAIN', message: `two proofs have the id ${p.id.slice(0, 200)}` }];
    at.set(p.id, i);
  }
  for (let i = 0; i < proofs.length; i++) {
    const p = proofs[i];
    if (!isObject(p) || p.previousProof === undefined) continue;
    const prev = valuesOf(p.previousProof);
    if (prev.length === 0)
      return [{ code: 'ERR_VC_PROOF_CHAIN', message: `proof[${i}].previousProof is empty` }];
    for (const id of prev) {
      const j = typeof id === 'string' ? at.get(id) : undefined;
      if (j === undefined) {
        return [
          {
            code: 'ERR_VC_PROOF_CHAIN',
            message: `proof[${i}].previousProof names ${String(id).slice(0, 200)}, which is not a proof of the set`,
          },
        ];
      }
      if (j >= i) {
        return [
          {
            code: 'ERR_VC_PROOF_CHAIN',
            message: `proof[${i}].previousProof names proof[${j}], which is not listed before it`,
          },
        ];
      }
    }
  }
  return [];
}

type BbsFacts = { presentationHeader?: Uint8Array; pseudonym?: Uint8Array; nymDomain?: Uint8Array };

/**
 * What a verified `bbs-2023` derived proof tells its verifier: the presentation header and, for
 * the pseudonym features, the pseudonym — only when its `nym_domain` is the verifier's own.
 */
function bbsProofFacts(
  proofValue: unknown,
  nymDomain: Uint8Array | undefined,
):
  | { presentationHeader: Uint8Array; pseudonym?: Uint8Array; nymDomain?: Uint8Array }
  | { issue: VerificationIssue } {
  const d = parseDerivedProofValue(proofValue);
  if (d.pseudonym === undefined || d.nymDomain === undefined)
    return { presentationHeader: d.presentationHeader };
  if (nymDomain === undefined) {
    return {
      issue: {
        code: 'ERR_VC_NYM_DOMAIN',
        message: "a bbs-2023 pseudonym proof: give options.nymDomain (this verifier's id) to verify it",
      },
    };
  }
  const same = d.nymDomain.length === nymDomain.length && d.nymDomain.every((b, i) => b === nymDomain[i]);
  if (!same) {
    return {
      issue: {
        code: 'ERR_VC_NYM_DOMAIN',
        message: 'the bbs-2023 pseudonym was made for another nym domain than options.nymDomain',
      },
    };
  }
  return { presentationHeader: d.presentationHeader, pseudonym: d.pseudonym, nymDomain: d.nymDomain };
}

/** Maps a jsonld-signatures verification result to our issues and verified proofs. */
export function mapResult(
  result: {
    verified: boolean;
    results?: Array<Record<string, unknown>>;
    error?: unknown;
  },
  nymDomain?: Uint8Array,
): ProofsOutcome {
  const issues: VerificationIssue[] = [];
  const proofs: VerifiedProof[] = [];
  const results = result.results ?? [];
  for (const r of results) {
    if (r.verified === true) {
      const proof = r.proof as Record<string, unknown>;
      const vm = r.verificationMethod as ResolvedVerificationMethod;
      const facts: BbsFacts | { issue: VerificationIssue } =
        proof.cryptosuite === 'bbs-2023' ? bbsProofFacts(proof.proofValue, nymDomain) : {};
      if ('issue' in facts) {
        issues.push(facts.issue);
        continue;
      }
      proofs.push({
        cryptosuite: String(proof.cryptosuite),
        verificationMethod: vm.id,
        controller: vm.controller,
        proofPurpose: String(proof.proofPurpose),
        ...facts,
      });
    } else {
      issues.push(toIssue(r.error, 'ERR_VC_PROOF_INVALID'));
    }
  }
  if (results.length === 0 || (!result.verified && issues.length === 0)) {
    const e = result.error;
    const name = isObject(e) ? (e as { name?: unknown }).name : undefined;
    issues.push(
      name === 'NotFoundError'
        ? { code: 'ERR_VC_PROOF_UNSUPPORTED', message: 'no proof matched a supported suite and purpose' }
        : toIssue(Array.isArray(e) ? e[0] : e, 'ERR_VC_PROOF_INVALID'),
    );
  }
  return { issues, proofs };
}

/**
 * Verifies every supported Data Integrity proof of a plain document for one purpose (`keep`: the
 * expansions the signed-form check kept for canonicalization).
 */
export async function verifyProofs(
  doc: Record<string, unknown>,
  rules: Omit<PurposeRules, 'now'>,
  ctx: VerifyContext,
  keep?: ExpandedCache,
): Promise<ProofsOutcome> {
  const pre = precheckProofs(doc, rules.term, ctx.limits.maxProofs);
  if (pre.length > 0) return { issues: pre, proofs: [] };
  const purpose = new RealDidProofPurpose({ ...rules, now: ctx.now });
  let result: Awaited<ReturnType<typeof jsigs.verify>>;
  try {
    result = await jsigs.verify(doc, {
      suite: suitesKeeping(ctx, keep),
      purpose,
      documentLoader: ctx.documentLoader,
    });
  } catch (e) {
    return { issues: [toIssue(e, 'ERR_VC_PROOF_INVALID')], proofs: [] };
  }
  return mapResult(result as Parameters<typeof mapResult>[0], ctx.nymDomain);
}
