import { base58btcDecode, sha256, utf8Encode } from '@realdid/crypto';
import type { VerifiedProof } from '../../VerificationResult.js';
import type { VerifyContext } from '../context.js';
import type { ResolvedVerificationMethod } from '../keys.js';
import { verifierFor } from '../keys.js';
import { VC_V2_CONTEXT } from '../model.js';
import { isObject, valuesOf } from '../plain.js';
import { walk } from '../profile.js';
import type { ProofPurposeName, PurposeRules } from '../purpose.js';
import { RealDidProofPurpose } from '../purpose.js';
import { verifyingSuites } from '../suites.js';
import { initialContext } from './activeContext.js';
import { directNQuads } from './canonical.js';
import { toQuads } from './toQuads.js';

/*
 * The direct path of verification: for a document with one eddsa-rdfc-2022 Data Integrity proof
 * whose JSON stays inside the direct subset (see toQuads.ts), the signed-form verdict and the
 * canonical N-Quads of the document and of the proof configuration come from the JSON itself,
 * then the hashes and the Ed25519 signature, the verification method resolved for the proof's
 * purpose, and the purpose rules (controller, expires, challenge, domain) — the same checks, in
 * the same functions, as the full path. It only ever *accepts*: on any doubt or any failure it
 * answers undefined and the caller runs the full path, which gives the verdict and its exact
 * error codes. So it accepts nothing the full path refuses, and refuses nothing at all.
 */

let enabled = true;
const answers = { credential: 0, presentation: 0 };

/** Turns the direct path off or on (tests compare both paths). Returns the previous setting. */
export function setDirectPath(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/** How many documents (of one kind, or in all) the direct path verified (for tests). */
export function directAnswers(kind?: 'credential' | 'presentation'): number {
  return kind === undefined ? answers.credential + answers.presentation : answers[kind];
}

/** The XML Schema dateTime test `@digitalbazaar/data-integrity` applies to `created` / `expires`. */
const W3C_DATE =
  /-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](.[0-9]+)?|(24:00:00(.0+)?))(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?/;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The context the full path runs with after the direct path failed to resolve `id` for
 * `purpose`: that resolution fails again with the same error without asking the resolver a
 * second time (a failing or stuck resolver costs one call, one timeout), every other goes to
 * the resolver as before.
 */
function replayingFailure(
  ctx: VerifyContext,
  id: string,
  purpose: ProofPurposeName,
  error: unknown,
): VerifyContext {
  const resolve = (i: string, p: ProofPurposeName): Promise<ResolvedVerificationMethod> =>
    i === id && p === purpose ? Promise.reject(error) : ctx.resolve(i, p);
  return { ...ctx, resolve, suites: verifyingSuites(resolve) };
}

/**
 * What the direct path found: the verified proofs when every check passed; otherwise the context
 * the full path (which then decides) is to run with.
 */
export type DirectOutcome = { readonly proofs: VerifiedProof[] } | { readonly fallback: VerifyContext };

/**
 * Verifies the signed form and the one proof of `doc` on the direct path. For a presentation
 * the signed data holds its credentials; each is verified on its own by the caller.
 */
export async function verifyDirect(
  doc: Record<string, unknown>,
  ctx: VerifyContext,
  kind: 'credential' | 'presentation',
  rules: Omit<PurposeRules, 'now'>,
): Promise<DirectOutcome> {
  const fallback = { fallback: ctx };
  const proofs = await attempt(doc, ctx, kind, rules);
  if (proofs === undefined) return fallback;
  if ('failed' in proofs) {
    return { fallback: replayingFailure(ctx, proofs.failed.id, rules.term, proofs.failed.error) };
  }
  return { proofs };
}

type Attempt = VerifiedProof[] | { failed: { id: string; error: unknown } } | undefined;

async function attempt(
  doc: Record<string, unknown>,
  ctx: VerifyContext,
  kind: 'credential' | 'presentation',
  rules: Omit<PurposeRules, 'now'>,
): Promise<Attempt> {
  if (!enabled || ctx.allowInlineContexts) return undefined;
  // the VC 2.0 context first: the Data Integrity suite then adds no context to the configuration
  const contexts = valuesOf(doc['@context']);
  if (contexts[0] !== VC_V2_CONTEXT) return undefined;
  const proofs = valuesOf(doc.proof);
  if (proofs.length !== 1) return undefined;
  const proof = proofs[0];
  if (
    !isObject(proof) ||
    proof.type !== 'DataIntegrityProof' ||
    proof.cryptosuite !== 'eddsa-rdfc-2022' ||
    proof.proofPurpose !== rules.term ||
    '@context' in proof ||
    proof.previousProof !== undefined ||
    typeof proof.verificationMethod !== 'string' ||
    typeof proof.proofValue !== 'string' ||
    !proof.proofValue.startsWith('z')
  ) {
    return undefined;
  }
  if (proof.created !== undefined && !(typeof proof.created === 'string' && W3C_DATE.test(proof.created)))
    return undefined;
  if (proof.expires !== undefined && !(typeof proof.expires === 'string' && W3C_DATE.test(proof.expires)))
    return undefined;
  // the profile's JSON rules and budgets (the same walk as the full path)
  if (walk(doc, ctx, kind).issues.length > 0) return undefined;
  // signed form and N-Quads: the document without its proof (a presentation's own part is
  // in the subset when the whole is), and the proof with and without its value
  const { proof: _proof, ...unsecured } = doc;
  const part: Record<string, unknown> = { '@context': doc['@context'], ...proof };
  const { proofValue, ...config } = part;
  if (toQuads(part, initialContext(ctx.documentLoader)) === undefined) return undefined;
  const docNQuads = directNQuads(unsecured, ctx.documentLoader);
  if (docNQuads === undefined) return undefined;
  const configNQuads = directNQuads(config, ctx.documentLoader);
  if (configNQuads === undefined) return undefined;
  let vm: ResolvedVerificationMethod;
  try {
    vm = await ctx.resolve(proof.verificationMethod, rules.term);
  } catch (error) {
    return { failed: { id: proof.verificationMethod, error } };
  }
  try {
    const verifier = verifierFor(vm.publicKeyMultibase, ['Ed25519']);
    if (verifier.type !== 'Ed25519') return undefined;
    const signature = base58btcDecode((proofValue as string).slice(1));
    const data = concat(sha256(utf8Encode(configNQuads)), sha256(utf8Encode(docNQuads)));
    if (!(await verifier.verify(data, signature))) return undefined;
    const purpose = new RealDidProofPurpose({ ...rules, now: ctx.now });
    const checked = await purpose.validate(
      { '@context': doc['@context'], ...proof },
      { document: unsecured, verificationMethod: vm, documentLoader: ctx.documentLoader },
    );
    if (!checked.valid) return undefined;
    answers[kind]++;
    return [
      {
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: vm.id,
        controller: vm.controller,
        proofPurpose: rules.term,
      },
    ];
  } catch {
    return undefined;
  }
}
