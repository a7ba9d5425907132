import { base64urlDecode, isRealDidError, verify } from '@realdid/crypto';
import type { Resolver } from '@realdid/did';
import { resolveDid, resolveVerificationMethod } from '@realdid/did';
import type { LedgerClient, LedgerEntry, ReadOptions } from '@realdid/ledger';
import { entryId } from '@realdid/ledger';
import { type AppendAuth, appendSigningInput } from '@realdid/ledger-http';
import type { WriterRule } from '../WriterRule.js';
import { HttpError } from './errors.js';

/** A DID topic is a did:realdid suffix. */
export const DID_TOPIC = /^zQm[1-9A-HJ-NP-Za-km-z]{44}$/;

const ALG_OF: Record<string, string> = { Ed25519: 'EdDSA', 'P-256': 'ES256', secp256k1: 'ES256K' };

export interface Authorizer {
  /**
   * Checks that a batch of appends may be written, in order (a later entry of a DID topic sees the
   * earlier ones of the batch). Throws an HttpError (401/403) on the first refusal.
   */
  check(entries: readonly { topic: string; payload: Uint8Array; auth: unknown }[]): Promise<void>;
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, 'ERR_GATEWAY_APPEND_FORBIDDEN', message);
}

function matches(rule: WriterRule, topic: string): boolean {
  const t = rule.topic;
  if (typeof t === 'string') return t === topic;
  if (t instanceof RegExp) {
    t.lastIndex = 0;
    return t.test(topic);
  }
  return t(topic) === true;
}

function parseAuth(auth: unknown): AppendAuth {
  if (auth === null || typeof auth !== 'object' || Array.isArray(auth))
    throw new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', 'auth: expected an object {kid, alg, sig}');
  const a = auth as Record<string, unknown>;
  if (typeof a.kid !== 'string' || a.kid.length > 2_048 || !a.kid.startsWith('did:') || !a.kid.includes('#'))
    throw new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', 'auth.kid: expected a DID URL with a fragment');
  if (a.alg !== 'EdDSA' && a.alg !== 'ES256' && a.alg !== 'ES256K')
    throw new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', 'auth.alg: expected EdDSA, ES256 or ES256K');
  if (typeof a.sig !== 'string' || a.sig.length > 200 || !/^[A-Za-z0-9_-]+$/.test(a.sig))
    throw new HttpError(400, 'ERR_GATEWAY_BAD_REQUEST', 'auth.sig: expected base64url');
  return { kid: a.kid, alg: a.alg, sig: a.sig };
}

/** A read-only view of one topic: what the ledger holds plus the candidate entries after it. */
function overlay(topic: string, existing: LedgerEntry[], extra: Uint8Array[]): LedgerClient {
  const entries: LedgerEntry[] = [...existing];
  const base = existing.length;
  for (const [i, payload] of extra.entries())
    entries.push({
      topic,
      position: base + i,
      id: entryId(payload),
      time: new Date().toISOString(),
      payload,
    });
  const unsupported = async (): Promise<never> => {
    throw new Error('read-only view');
  };
  return {
    kind: 'overlay',
    append: unsupported,
    appendBatch: unsupported,
    async read(t: string, o?: ReadOptions) {
      if (t !== topic) return [];
      const from = o?.from ?? 0;
      return entries.slice(from, o?.limit === undefined ? undefined : from + o.limit);
    },
    async size(t: string) {
      return t === topic ? entries.length : 0;
    },
    async info() {
      return { kind: 'overlay', location: '', maxEntryBytes: 0, topics: 1, entries: entries.length };
    },
    async close() {},
  };
}

export interface AuthorizerOptions {
  ledger: LedgerClient;
  network: string;
  resolver: Resolver;
  writers: readonly WriterRule[];
  didTopics: boolean;
  timeoutMs: number;
  /** Most entries of a DID topic read to check an operation. */
  maxTopicEntries: number;
}

export function createAuthorizer(o: AuthorizerOptions): Authorizer {
  const didOf = (suffix: string) =>
    o.network === 'main' ? `did:realdid:${suffix}` : `did:realdid:${o.network}:${suffix}`;

  /** A DID operation is self-authenticating: it must apply, as the next version, to the DID's history. */
  async function checkDidOperation(topic: string, payload: Uint8Array, earlier: Uint8Array[]): Promise<void> {
    let op: unknown;
    try {
      op = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      throw forbidden('an entry of a DID topic must be a did:realdid operation (JSON)');
    }
    const type = (op as { type?: unknown } | null)?.type;
    if (type !== 'create' && type !== 'update' && type !== 'recover' && type !== 'deactivate')
      throw forbidden('an entry of a DID topic must be a did:realdid operation');
    if ((await o.ledger.size(topic)) > o.maxTopicEntries)
      throw forbidden('the DID topic holds more entries than the gateway examines');
    const existing = await o.ledger.read(topic);
    const id = entryId(payload);
    if (existing.some((e) => e.id === id) || earlier.some((p) => entryId(p) === id)) return; // a re-append
    const view = overlay(topic, existing, [...earlier, payload]);
    const res = await resolveDid(didOf(topic), { networks: { [o.network]: view }, timeoutMs: o.timeoutMs });
    const err = res.didResolutionMetadata.error;
    if (err !== undefined)
      throw forbidden(`the DID operation does not resolve (${String(err).slice(0, 40)})`);
    if (res.didDocumentMetadata.versionId !== id)
      throw forbidden(
        `the ${type} operation does not apply to the DID's current state (wrong key, previous or commitment)`,
      );
  }

  async function checkEnvelope(topic: string, payload: Uint8Array, rawAuth: unknown): Promise<void> {
    const rules = o.writers.filter((r) => matches(r, topic));
    if (rules.length === 0) throw forbidden(`no writer is allowed on topic ${topic.slice(0, 80)}`);
    if (rawAuth === undefined)
      throw new HttpError(401, 'ERR_GATEWAY_APPEND_UNAUTHORIZED', 'this topic needs a signed append (auth)');
    const auth = parseAuth(rawAuth);
    const did = auth.kid.slice(0, auth.kid.indexOf('#'));
    if (!rules.some((r) => r.writers.includes(did)))
      throw forbidden('the signer is not a writer of this topic');
    let vm: Awaited<ReturnType<typeof resolveVerificationMethod>>;
    try {
      vm = await resolveVerificationMethod(o.resolver, auth.kid, { purpose: 'capabilityInvocation' });
    } catch (cause) {
      if (isRealDidError(cause)) throw forbidden(`the signing key is not usable: ${cause.code}`);
      throw cause;
    }
    if (ALG_OF[vm.type] !== auth.alg) throw forbidden('auth.alg does not match the key type');
    let ok = false;
    try {
      ok = verify(
        vm.type as 'Ed25519',
        vm.publicKey,
        appendSigningInput(topic, payload),
        base64urlDecode(auth.sig),
      );
    } catch {
      ok = false;
    }
    if (!ok) throw forbidden('the append signature does not verify');
  }

  return {
    async check(entries) {
      const byTopic = new Map<string, Uint8Array[]>();
      for (const e of entries) {
        const earlier = byTopic.get(e.topic) ?? [];
        if (o.didTopics && DID_TOPIC.test(e.topic)) await checkDidOperation(e.topic, e.payload, earlier);
        else await checkEnvelope(e.topic, e.payload, e.auth);
        earlier.push(e.payload);
        byTopic.set(e.topic, earlier);
      }
    },
  };
}
