import {
  base64urlDecode,
  base64urlEncode,
  type KeyPair,
  multibaseToPublicKey,
  secretKeyToMultibase,
} from '@realdid/crypto';
import {
  type BuiltOperation,
  createDid,
  deactivateDid,
  type OperationSigner,
  type PatchInput,
  PURPOSES,
  type PublicKeyInput,
  type Purpose,
  resolveDid,
  type ServiceInput,
  updateDid,
} from '@realdid/did';
import type { LedgerClient } from '@realdid/ledger';
import type { FastifyInstance } from 'fastify';
import type { Authorizer } from './authorize.js';
import { HttpError } from './errors.js';

/** Options of the Universal Registrar driver. */
export interface RegistrarOptions {
  /**
   * Internal-secret mode: the registrar generates the update and recovery keys, keeps them in
   * memory and signs for the client. For tests and demos only — the gateway then holds private
   * keys. Default false: only client-managed-secret mode (`options.clientSecretMode: true`), in
   * which the gateway never sees a private key.
   */
  internalSecrets?: boolean;
}

interface Ctx extends RegistrarOptions {
  ledger: LedgerClient;
  network: string;
  authorizer: Authorizer;
  appended(topic: string): void;
  timeoutMs: number;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ALG: Record<string, string> = { Ed25519: 'EdDSA', 'P-256': 'ES256', secp256k1: 'ES256K' };

function failed(status: number, error: string, reason: string): HttpError & { state: unknown } {
  const e = new HttpError(status, 'ERR_GATEWAY_BAD_REQUEST', reason) as HttpError & { state: unknown };
  e.state = {
    jobId: null,
    didState: { state: 'failed', error, reason },
    didRegistrationMetadata: {},
    didDocumentMetadata: {},
  };
  return e;
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined) return {};
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw failed(400, 'invalidRequest', `${where}: expected an object`);
  return v as Record<string, unknown>;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 4_096)
    throw failed(400, 'invalidRequest', `${where}: expected a string`);
  return v;
}

function fragmentOf(id: unknown, where: string): string {
  const s = str(id, where);
  const f = s.includes('#') ? s.slice(s.indexOf('#') + 1) : s;
  if (!KEY_ID.test(f))
    throw failed(400, 'invalidRequest', `${where}: expected an id matching [A-Za-z0-9_-]{1,64}`);
  return f;
}

/** Keys and services of a DID document given to create (or added by update), as builder input. */
function contentOf(doc: Record<string, unknown>): { publicKeys: PublicKeyInput[]; services: ServiceInput[] } {
  const vms = doc.verificationMethod ?? [];
  if (!Array.isArray(vms) || vms.length > 32)
    throw failed(400, 'invalidRequest', 'didDocument.verificationMethod: expected an array');
  const publicKeys = vms.map((v: unknown, i) => {
    const m = obj(v, `verificationMethod[${i}]`);
    const id = fragmentOf(m.id, `verificationMethod[${i}].id`);
    const purposes = PURPOSES.filter((p) => {
      const refs = doc[p];
      return Array.isArray(refs) && refs.some((r) => typeof r === 'string' && fragmentOf(r, p) === id);
    });
    return {
      id,
      publicKeyMultibase: str(m.publicKeyMultibase, `verificationMethod[${i}].publicKeyMultibase`),
      purposes: purposes.length > 0 ? purposes : (['authentication', 'assertionMethod'] as Purpose[]),
    };
  });
  const svcs = doc.service ?? [];
  if (!Array.isArray(svcs) || svcs.length > 32)
    throw failed(400, 'invalidRequest', 'didDocument.service: expected an array');
  const services = svcs.map((v: unknown, i) => {
    const s = obj(v, `service[${i}]`);
    return {
      id: fragmentOf(s.id, `service[${i}].id`),
      type: str(s.type, `service[${i}].type`),
      serviceEndpoint: s.serviceEndpoint as ServiceInput['serviceEndpoint'],
    };
  });
  return { publicKeys, services };
}

/**
 * A signer for client-managed secrets. Without a signature it records the signing input and
 * stands in with zeros (the built operation is thrown away); with one it returns it.
 */
function clientSigner(
  multikey: string,
  signature: Uint8Array | undefined,
  seen: { message?: Uint8Array },
): OperationSigner {
  let key: { type: KeyPair['type']; publicKey: Uint8Array };
  try {
    key = multibaseToPublicKey(multikey);
  } catch {
    throw failed(400, 'invalidRequest', 'the key must be a Multikey public key');
  }
  return {
    type: key.type,
    publicKey: key.publicKey,
    sign(message: Uint8Array) {
      seen.message = message;
      return signature ?? new Uint8Array(64);
    },
  };
}

/** The Universal Registrar driver for did:realdid: `POST /1.0/create`, `/1.0/update`, `/1.0/deactivate`. */
export function universalRegistrarRoutes(app: FastifyInstance, ctx: Ctx): void {
  const secrets = new Map<string, { update: KeyPair; recovery: KeyPair }>();
  const internal = ctx.internalSecrets === true;

  const publish = async (built: BuiltOperation) => {
    await ctx.authorizer.check([{ topic: built.topic, payload: built.payload, auth: undefined }]);
    await ctx.ledger.append(built.topic, built.payload);
    ctx.appended(built.topic);
  };

  const current = async (did: string) => {
    const r = await resolveDid(did, { networks: { [ctx.network]: ctx.ledger }, timeoutMs: ctx.timeoutMs });
    const e = r.didResolutionMetadata.error;
    if (e === 'notFound') throw failed(404, 'notFound', 'the DID is not on this ledger');
    if (e !== undefined) throw failed(400, String(e), 'the DID does not resolve');
    if (r.didDocumentMetadata.deactivated === true)
      throw failed(410, 'deactivated', 'the DID is deactivated');
    const versionId = r.didDocumentMetadata.versionId;
    if (typeof versionId !== 'string') throw failed(500, 'internalError', 'no versionId');
    return { versionId, document: r.didDocument };
  };

  const finished = (did: string, extra: Record<string, unknown> = {}) => ({
    jobId: null,
    didState: { state: 'finished', did, ...extra },
    didRegistrationMetadata: {},
    didDocumentMetadata: {},
  });

  const action = (kid: string, alg: string, message: Uint8Array, purpose: string) => ({
    jobId: null,
    didState: {
      state: 'action',
      action: 'signPayload',
      signingRequest: {
        signingRequest1: { serializedPayload: base64urlEncode(message), kid, alg, purpose },
      },
    },
    didRegistrationMetadata: {},
    didDocumentMetadata: {},
  });

  const signatureOf = (secret: Record<string, unknown>): Uint8Array | undefined => {
    const set = secret.signingResponse;
    if (set === undefined || set === null) return undefined;
    const r = obj(
      obj(set, 'secret.signingResponse').signingRequest1,
      'secret.signingResponse.signingRequest1',
    );
    const sig = str(r.signature, 'signingResponse.signingRequest1.signature');
    try {
      const b = base64urlDecode(sig);
      if (b.length !== 64) throw new Error('length');
      return b;
    } catch {
      throw failed(400, 'invalidRequest', 'signature: expected 64 bytes, base64url');
    }
  };

  const mode = (options: Record<string, unknown>): 'client' | 'internal' => {
    if (options.clientSecretMode === true) return 'client';
    if (internal) return 'internal';
    throw failed(
      400,
      'invalidRequest',
      'this registrar runs in client-managed-secret mode only: set options.clientSecretMode',
    );
  };

  const withErrors =
    (fn: (body: Record<string, unknown>, query: Record<string, unknown>) => Promise<[number, unknown]>) =>
    async (req: { body: unknown; query: unknown }, reply: { code(n: number): unknown }) => {
      try {
        const [status, out] = await fn(obj(req.body, 'body'), obj(req.query, 'query'));
        reply.code(status);
        return out;
      } catch (err) {
        const e = err as { state?: unknown; status?: number; code?: string; message?: string };
        if (e.state !== undefined) {
          reply.code(e.status ?? 400);
          return e.state;
        }
        if (e instanceof HttpError && e.status < 500) {
          reply.code(e.status);
          return { jobId: null, didState: { state: 'failed', error: e.code, reason: e.message } };
        }
        throw err;
      }
    };

  app.post(
    '/1.0/create',
    withErrors(async (body, query) => {
      if (query.method !== 'realdid') throw failed(400, 'methodNotSupported', 'method: only realdid');
      const options = obj(body.options, 'options');
      const doc = obj(body.didDocument, 'didDocument');
      const { publicKeys, services } = contentOf(doc);
      const base = {
        ...(ctx.network === 'main' ? {} : { network: ctx.network }),
        ...(publicKeys.length > 0 ? { publicKeys } : {}),
        services,
      };
      if (mode(options) === 'client') {
        const created = createDid({
          ...base,
          updateCommitment: str(options.updateCommitment, 'options.updateCommitment'),
          recoveryCommitment: str(options.recoveryCommitment, 'options.recoveryCommitment'),
        });
        await publish(created);
        return [201, finished(created.did, { didDocument: (await current(created.did)).document })];
      }
      const created = createDid(base);
      await publish(created);
      const keys = { update: created.keys.update!, recovery: created.keys.recovery! };
      secrets.set(created.did, keys);
      const secret: Record<string, unknown> = {};
      if (options.returnSecrets === true) {
        secret.verificationMethod = [
          ...created.keys.verificationMethods.map((k) => ({
            id: `${created.did}#${k.id}`,
            type: 'Multikey',
            secretKeyMultibase: secretKeyToMultibase(k.keyPair.type, k.keyPair.secretKey),
            purpose: k.purposes,
          })),
        ];
      }
      return [201, finished(created.did, { didDocument: (await current(created.did)).document, secret })];
    }),
  );

  app.post(
    '/1.0/update',
    withErrors(async (body) => {
      const did = str(body.did, 'did');
      const options = obj(body.options, 'options');
      const secret = obj(body.secret, 'secret');
      const ops = body.didDocumentOperation ?? ['addToDidDocument'];
      const docs = body.didDocument;
      if (
        !Array.isArray(ops) ||
        !Array.isArray(docs) ||
        ops.length !== docs.length ||
        ops.length === 0 ||
        ops.length > 8
      )
        throw failed(
          400,
          'invalidRequest',
          'didDocumentOperation and didDocument: expected arrays of one length',
        );
      const patches: PatchInput[] = [];
      ops.forEach((op: unknown, i) => {
        const d = obj(docs[i], `didDocument[${i}]`);
        if (op === 'addToDidDocument') {
          const { publicKeys, services } = contentOf(d);
          if (publicKeys.length > 0) patches.push({ action: 'add-keys', publicKeys });
          if (services.length > 0) patches.push({ action: 'add-services', services });
        } else if (op === 'removeFromDidDocument') {
          const ids = (k: string) =>
            Array.isArray(d[k])
              ? (d[k] as unknown[]).map((x, j) =>
                  fragmentOf(typeof x === 'string' ? x : (x as { id?: unknown })?.id, `${k}[${j}]`),
                )
              : [];
          const keys = ids('verificationMethod');
          const svcs = ids('service');
          if (keys.length > 0) patches.push({ action: 'remove-keys', ids: keys });
          if (svcs.length > 0) patches.push({ action: 'remove-services', ids: svcs });
        } else
          throw failed(
            400,
            'invalidRequest',
            'didDocumentOperation: addToDidDocument or removeFromDidDocument',
          );
      });
      if (patches.length === 0) throw failed(400, 'invalidRequest', 'nothing to change');
      const { versionId } = await current(did);
      if (mode(options) === 'client') {
        const updateKey = str(options.updateKey, 'options.updateKey');
        const nextUpdateCommitment = str(options.nextUpdateCommitment, 'options.nextUpdateCommitment');
        const signature = signatureOf(secret);
        const seen: { message?: Uint8Array } = {};
        const signer = clientSigner(updateKey, signature, seen);
        const built = updateDid({
          did,
          previous: versionId,
          updateKey: signer,
          patches,
          nextUpdateCommitment,
        });
        if (signature === undefined)
          return [200, action(`${did}#update`, ALG[signer.type] ?? '', seen.message!, 'update')];
        await publish(built);
        return [200, finished(did, { didDocument: (await current(did)).document })];
      }
      const keys = secrets.get(did);
      if (keys === undefined) throw failed(400, 'invalidRequest', 'no internal secret for this DID');
      const built = updateDid({ did, previous: versionId, updateKey: keys.update, patches });
      await publish(built);
      secrets.set(did, { ...keys, update: built.nextUpdateKey! });
      return [200, finished(did, { didDocument: (await current(did)).document })];
    }),
  );

  app.post(
    '/1.0/deactivate',
    withErrors(async (body) => {
      const did = str(body.did, 'did');
      const options = obj(body.options, 'options');
      const secret = obj(body.secret, 'secret');
      const { versionId } = await current(did);
      if (mode(options) === 'client') {
        const recoveryKey = str(options.recoveryKey, 'options.recoveryKey');
        const signature = signatureOf(secret);
        const seen: { message?: Uint8Array } = {};
        const signer = clientSigner(recoveryKey, signature, seen);
        const built = deactivateDid({ did, previous: versionId, recoveryKey: signer });
        if (signature === undefined)
          return [200, action(`${did}#recovery`, ALG[signer.type] ?? '', seen.message!, 'recovery')];
        await publish(built);
        return [200, finished(did)];
      }
      const keys = secrets.get(did);
      if (keys === undefined) throw failed(400, 'invalidRequest', 'no internal secret for this DID');
      await publish(deactivateDid({ did, previous: versionId, recoveryKey: keys.recovery }));
      secrets.delete(did);
      return [200, finished(did)];
    }),
  );
}
