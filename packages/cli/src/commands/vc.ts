import { createSigner, publicKeyToDidKey, publicKeyToJwk } from '@realdid/crypto';
import type { LedgerClient } from '@realdid/ledger';
import {
  decodeSdJwt,
  didKeyResolver,
  issueSdJwtVc,
  type PresentSdJwtOptions,
  presentSdJwt,
  verifySdJwtVc,
} from '@realdid/sd-jwt';
import {
  createLedgerStatusFetcher,
  createStatusListKeyResolver,
  createTokenStatusChecker,
} from '@realdid/status';
import {
  createDataIntegritySigner,
  createDidResolver,
  createDocumentLoader,
  createPresentation,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
} from '@realdid/vc';
import { algorithmsOption } from '../internal/algorithms.js';
import { integer, oneOf, optionalString, requireString, stringList } from '../internal/args.js';
import type { Command, CommandContext } from '../internal/command.js';
import { networksFor, serializeDidKeys } from '../internal/didKeys.js';
import { cliError } from '../internal/errors.js';
import { readJsonFile, readTrimmedFile, replaceSecretFileAfter, writePublicFile } from '../internal/files.js';
import { didResolver, loadIssuer, openStatusList, statusListUri, statusState } from '../internal/issuer.js';
import { readPrivateJwk, readPublicJwk } from '../internal/jwk.js';

/** The `_sd_alg` values of `--sd-alg`. */
const SD_ALGS = ['sha-256', 'sha-384', 'sha-512', 'sm3'] as const;

/** The `vct` of credentials issued without `--vct`. */
const DEFAULT_VCT = 'urn:realdid:credential:1';

/** The credential formats of `--format`: SD-JWT VC (the default) and W3C VC with Data Integrity. */
const FORMATS = ['sd-jwt', 'di'] as const;

function formatOption(ctx: CommandContext): (typeof FORMATS)[number] {
  return oneOf(ctx.values, 'format', FORMATS, 'sd-jwt');
}

function readObject(cwd: string, path: string, what: string): Record<string, unknown> {
  const v = readJsonFile(cwd, path);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw cliError('ERR_CLI_FILE_READ', `${what} ${path}: expected a JSON object`);
  return v as Record<string, unknown>;
}

function emit(ctx: CommandContext, text: string, result: Record<string, unknown>, human: string): void {
  const out = optionalString(ctx.values, 'out');
  if (out !== undefined) {
    const file = writePublicFile(ctx.io.cwd, out, text.endsWith('\n') ? text : `${text}\n`);
    ctx.print({ ...result, file }, `${human}\nwritten to ${file}`);
  } else if (ctx.values.json === true) {
    ctx.print(result, '');
  } else {
    ctx.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** `realdid vc issue`. */
export const vcIssue: Command = {
  path: ['vc', 'issue'],
  locks: 'issuer-keys',
  usage:
    'realdid vc issue --format sd-jwt|di --issuer-keys <keys.json> --subject <claims.json> [--sd a,b] [--sd-alg sha-256|sm3] [--vct <type>] [--holder-jwk <jwk.json>] [--status-list <id>] [--count N] [--out <file>]',
  summary:
    'Issues SD-JWT VC or Data Integrity credentials. An SD-JWT VC (the claims named by --sd, or all of them, selectively disclosable; bound to --holder-jwk) or a W3C VC 2.0 with a Data Integrity proof. --status-list gives each credential a random index in a Token Status List of the issuer. --count issues a batch, one credential per line.',
  options: {
    format: { type: 'string', short: 'f', description: 'sd-jwt (default) or di' },
    'issuer-keys': {
      type: 'string',
      description: 'keys file of `did create`, or a private JWK (did:key issuer)',
    },
    'key-id': { type: 'string', description: 'the issuer key id (default: its first assertionMethod key)' },
    subject: { type: 'string', description: 'JSON file with the subject claims' },
    sd: { type: 'string', multiple: true, description: 'selectively disclosable claims (default: all)' },
    'sd-alg': {
      type: 'string',
      description:
        'SD-JWT digest algorithm: sha-256, sha-384, sha-512, sm3 (default: sm3 for an SM2 issuer key, else sha-256)',
    },
    vct: { type: 'string', description: `SD-JWT VC type (default ${DEFAULT_VCT})` },
    'holder-jwk': { type: 'string', description: 'the holder public (or private) JWK to bind to' },
    'status-list': { type: 'string', description: 'status list id (or URI) to allocate an index in' },
    'valid-days': { type: 'string', description: 'validity in days (default 365)' },
    count: { type: 'string', description: 'how many credentials to issue (default 1)' },
    out: { type: 'string', short: 'o', description: 'write the credential(s) here instead of stdout' },
  },
  async run(ctx) {
    const format = formatOption(ctx);
    const issuerPath = requireString(ctx.values, 'issuer-keys');
    const issuer = loadIssuer(ctx.io.cwd, issuerPath, optionalString(ctx.values, 'key-id'));
    const claims = readObject(ctx.io.cwd, requireString(ctx.values, 'subject'), 'subject');
    const count = integer(ctx.values, 'count', 1, 1, 100_000);
    const validDays = integer(ctx.values, 'valid-days', 365, 1, 36_500);
    const holderPath = optionalString(ctx.values, 'holder-jwk');
    const holder = holderPath === undefined ? undefined : readPublicJwk(ctx.io.cwd, holderPath);
    const listOption = optionalString(ctx.values, 'status-list');
    const sd = ctx.values.sd === undefined ? Object.keys(claims) : stringList(ctx.values, 'sd');
    for (const name of sd) {
      if (!Object.hasOwn(claims, name))
        throw cliError('ERR_CLI_USAGE', `--sd ${name}: no such claim in the subject`);
    }
    // Times coarsened to the day: a per-second time would link the credentials of one batch.
    const day = Math.floor(Date.now() / 86_400_000) * 86_400;
    const exp = day + validDays * 86_400;

    let statusList: Awaited<ReturnType<typeof openStatusList>> | undefined;
    let ledger: LedgerClient | undefined;
    if (listOption !== undefined) {
      if (format === 'di') {
        throw cliError(
          'ERR_CLI_USAGE',
          '--status-list is for SD-JWT VCs (Token Status List); Bitstring Status Lists for Data Integrity credentials are not offered by the CLI',
        );
      }
      ledger = await ctx.ledger();
      statusList = await openStatusList(ledger, issuer, statusListUri(listOption, issuer.did));
    }

    // SD-JWT VCs as compact strings, Data Integrity credentials as objects
    const credentials: unknown[] = [];
    const indexes: number[] = [];
    if (format === 'sd-jwt') {
      const signer = createSigner(issuer.keyPair);
      // a national-algorithm (SM2) issuer hashes its disclosures with SM3 unless told otherwise
      const sdAlg = oneOf(ctx.values, 'sd-alg', SD_ALGS, issuer.keyPair.type === 'SM2' ? 'sm3' : 'sha-256');
      const vct = optionalString(ctx.values, 'vct') ?? DEFAULT_VCT;
      const binding = holder
        ? { cnf: { jwk: publicKeyToJwk(holder.type, holder.publicKey) } }
        : { holderBinding: false };
      for (let i = 0; i < count; i++) {
        const status = statusList?.issuer.allocate();
        if (status) indexes.push(status.status_list.idx);
        credentials.push(
          await issueSdJwtVc({
            signer,
            header: { kid: issuer.kid },
            vct,
            iss: issuer.did,
            exp,
            ...binding,
            ...(status ? { status } : {}),
            claims,
            disclosureFrame: { _sd: sd },
            sdAlg,
          }),
        );
        if (count > 1) ctx.io.progress(`issued ${i + 1}/${count}`);
      }
    } else {
      if (issuer.keyPair.type === 'secp256k1')
        throw cliError(
          'ERR_CLI_USAGE',
          'Data Integrity credentials need an Ed25519, P-256 or SM2 issuer key, found secp256k1',
        );
      if (ctx.values.sd !== undefined || ctx.values.vct !== undefined || ctx.values['sd-alg'] !== undefined)
        throw cliError('ERR_CLI_USAGE', '--sd, --sd-alg and --vct are SD-JWT options');
      const signer = createDataIntegritySigner(issuer.keyPair, issuer.kid);
      const validFrom = new Date(day * 1000).toISOString().replace('.000Z', 'Z');
      const validUntil = new Date(exp * 1000).toISOString().replace('.000Z', 'Z');
      const subject = holder ? { id: publicKeyToDidKey(holder.type, holder.publicKey), ...claims } : claims;
      for (let i = 0; i < count; i++) {
        const vc = await issueCredential(
          {
            // the subject's claim names are issuer-defined terms (undefined-terms maps them)
            '@context': [
              'https://www.w3.org/ns/credentials/v2',
              'https://www.w3.org/ns/credentials/undefined-terms/v2',
            ],
            type: ['VerifiableCredential'],
            issuer: issuer.did,
            validFrom,
            validUntil,
            credentialSubject: subject,
          },
          { signer },
        );
        credentials.push(vc);
        if (count > 1) ctx.io.progress(`issued ${i + 1}/${count}`);
      }
    }

    if (statusList && ledger && issuer.keys) {
      const next = { ...issuer.keys, statusLists: { ...issuer.keys.statusLists } };
      next.statusLists[statusList.issuer.uri] = statusState(statusList.issuer);
      await replaceSecretFileAfter(ctx.io.cwd, issuerPath, serializeDidKeys(next), async () => {
        if (!statusList.published) await statusList.issuer.publish(ledger);
      });
    }

    const lines =
      format === 'di'
        ? count === 1
          ? [JSON.stringify(credentials[0], null, 2)]
          : credentials.map((c) => JSON.stringify(c))
        : credentials;
    const text = `${lines.join('\n')}\n`;
    emit(
      ctx,
      text,
      {
        format,
        issuer: issuer.did,
        count,
        ...(statusList ? { statusList: statusList.issuer.uri, statusIndexes: indexes } : {}),
        credentials,
      },
      `${count} ${format} credential${count > 1 ? 's' : ''} issued by ${issuer.did}`,
    );
    return 0;
  },
};

/** `vc present --format di`: a VC 2.0 presentation signed by the holder's did:key. */
async function presentDataIntegrity(ctx: CommandContext): Promise<number> {
  const credential = readObject(ctx.io.cwd, requireString(ctx.values, 'credential'), 'credential');
  if (ctx.values.disclose !== undefined)
    throw cliError(
      'ERR_CLI_USAGE',
      '--disclose is for SD-JWT VCs: a Data Integrity credential is presented whole',
    );
  const holderKey = readPrivateJwk(ctx.io.cwd, requireString(ctx.values, 'holder-key'));
  if (holderKey.type === 'secp256k1')
    throw cliError(
      'ERR_CLI_USAGE',
      'Data Integrity presentations need an Ed25519, P-256 or SM2 holder key, found secp256k1',
    );
  const challenge = requireString(ctx.values, 'nonce');
  const domain = requireString(ctx.values, 'aud');
  const did = publicKeyToDidKey(holderKey.type, holderKey.publicKey);
  const mb = did.slice('did:key:'.length);
  const vp = await signPresentation(createPresentation({ verifiableCredential: [credential], holder: did }), {
    signer: createDataIntegritySigner(holderKey, `${did}#${mb}`),
    challenge,
    domain,
  });
  emit(
    ctx,
    `${JSON.stringify(vp, null, 2)}\n`,
    { format: 'di', holder: did, presentation: vp },
    `presentation signed by ${did}`,
  );
  return 0;
}

/** `realdid vc present`. */
export const vcPresent: Command = {
  path: ['vc', 'present'],
  usage:
    'realdid vc present --format sd-jwt|di --credential <file> [--disclose a,b] [--holder-key <jwk.json> --aud <verifier> --nonce <nonce>] [--out <file>]',
  summary:
    'Presents a credential to a verifier. SD-JWT VC: reveals only the claims named by --disclose, with a Key Binding JWT for --aud and --nonce when --holder-key is given. Data Integrity: a presentation signed by the --holder-key did:key, with --nonce as challenge and --aud as domain.',
  options: {
    format: { type: 'string', short: 'f', description: 'sd-jwt (default) or di' },
    credential: { type: 'string', description: 'the credential file' },
    disclose: {
      type: 'string',
      multiple: true,
      description: 'claims to reveal (comma-separated or repeated)',
    },
    'holder-key': { type: 'string', description: 'the holder private JWK (adds a Key Binding JWT)' },
    aud: { type: 'string', description: 'the verifier (KB-JWT aud)' },
    nonce: { type: 'string', description: "the verifier's nonce" },
    out: { type: 'string', short: 'o', description: 'write the presentation here instead of stdout' },
  },
  async run(ctx) {
    if (formatOption(ctx) === 'di') return presentDataIntegrity(ctx);
    const credential = readTrimmedFile(ctx.io.cwd, requireString(ctx.values, 'credential'));
    if (credential.includes('\n'))
      throw cliError('ERR_CLI_USAGE', '--credential holds several credentials: give a file with one');
    const frame: Record<string, true> = {};
    for (const c of stringList(ctx.values, 'disclose')) frame[c] = true;
    const holderPath = optionalString(ctx.values, 'holder-key');
    const aud = optionalString(ctx.values, 'aud');
    const nonce = optionalString(ctx.values, 'nonce');
    if (holderPath === undefined && (aud !== undefined || nonce !== undefined))
      throw cliError(
        'ERR_CLI_USAGE',
        '--aud and --nonce need --holder-key (they go into the Key Binding JWT)',
      );
    let keyBinding: PresentSdJwtOptions & { format?: 'compact' } = {};
    if (holderPath !== undefined) {
      if (aud === undefined || nonce === undefined)
        throw cliError('ERR_CLI_USAGE', '--holder-key needs --aud and --nonce');
      keyBinding = {
        keyBinding: { signer: createSigner(readPrivateJwk(ctx.io.cwd, holderPath)), aud, nonce },
      };
    }
    const presentation = await presentSdJwt(credential, frame, keyBinding);
    emit(
      ctx,
      presentation,
      { format: 'sd-jwt', disclosed: Object.keys(frame), keyBound: holderPath !== undefined, presentation },
      `presentation disclosing ${Object.keys(frame).join(', ') || 'nothing'}`,
    );
    return 0;
  },
};

/** `realdid vc verify`. */
export const vcVerify: Command = {
  path: ['vc', 'verify'],
  usage:
    'realdid vc verify --format sd-jwt|di <file> (--aud <me> --nonce <nonce> | --no-key-binding-check) [--issuer <did>] [--algorithms EdDSA,ES256,ES256K,SM2]',
  summary:
    'Verifies a credential or presentation and prints the verified claims. SD-JWT VC: issuer key from its DID on the ledger, key binding to --aud and --nonce (required, unless --no-key-binding-check says explicitly that no holder proof is expected), status list checked; Data Integrity: proof, issuer and validity. A rejection prints its code on stderr and exits 1.',
  options: {
    format: { type: 'string', short: 'f', description: 'sd-jwt (default) or di' },
    aud: { type: 'string', description: 'expected KB-JWT aud (with --nonce: key binding required)' },
    nonce: { type: 'string', description: 'expected KB-JWT nonce (with --aud: key binding required)' },
    'no-key-binding-check': {
      type: 'boolean',
      description: 'SD-JWT: accept without checking a holder proof to this verifier (no --aud/--nonce)',
    },
    issuer: { type: 'string', description: 'accept only credentials of this issuer DID' },
    algorithms: {
      type: 'string',
      multiple: true,
      description:
        'SD-JWT: JWS algorithms accepted for the credential, key binding and status list (default EdDSA,ES256,ES256K; SM2 only when listed)',
    },
  },
  async run(ctx) {
    const format = formatOption(ctx);
    const algorithms = algorithmsOption(ctx.values);
    if (algorithms !== undefined && format !== 'sd-jwt')
      throw cliError('ERR_CLI_USAGE', '--algorithms is an SD-JWT option');
    const path = ctx.positionals[0];
    if (path === undefined || ctx.positionals.length > 1)
      throw cliError('ERR_CLI_USAGE', 'expected exactly one file: realdid vc verify <file>');
    const text = readTrimmedFile(ctx.io.cwd, path);
    const ledger = await ctx.ledger();
    const expectedIssuer = optionalString(ctx.values, 'issuer');
    if (format === 'sd-jwt') {
      const aud = optionalString(ctx.values, 'aud');
      const nonce = optionalString(ctx.values, 'nonce');
      const noKbCheck = ctx.values['no-key-binding-check'] === true;
      if (noKbCheck && (aud !== undefined || nonce !== undefined))
        throw cliError('ERR_CLI_USAGE', '--no-key-binding-check excludes --aud and --nonce');
      if (!noKbCheck && (aud === undefined || nonce === undefined)) {
        throw cliError(
          'ERR_CLI_USAGE',
          `${aud === undefined && nonce === undefined ? '--aud and --nonce are' : aud === undefined ? '--aud is' : '--nonce is'} required to check the holder's key binding (or pass --no-key-binding-check to accept without it)`,
        );
      }
      let iss: unknown;
      try {
        iss = decodeSdJwt(text).payload.iss;
      } catch {
        // verification below reports what is wrong with it
      }
      const resolver = didResolver(ledger, typeof iss === 'string' ? iss : undefined);
      const r = await verifySdJwtVc(text, {
        keyResolver: didKeyResolver({ resolver, cacheTtlMs: 0 }),
        requireKeyBinding: !noKbCheck,
        ...(algorithms === undefined ? {} : { algorithms }),
        ...(aud !== undefined && nonce !== undefined ? { keyBinding: { aud, nonce } } : {}),
        checkStatus: async (status, claims) => {
          const iss = claims.iss;
          if (typeof iss !== 'string') throw cliError('ERR_CLI_VERIFY_FAILED', 'a status list needs an iss');
          return createTokenStatusChecker({
            fetch: createLedgerStatusFetcher(ledger),
            keyResolver: createStatusListKeyResolver(didResolver(ledger, iss)),
            ...(algorithms === undefined ? {} : { algorithms }),
          })(status, claims);
        },
      });
      if (expectedIssuer !== undefined && r.iss !== expectedIssuer)
        throw cliError('ERR_CLI_VERIFY_FAILED', `issued by ${String(r.iss)}, not ${expectedIssuer}`);
      const result = {
        verified: true,
        format,
        vct: r.vct,
        iss: r.iss,
        claims: r.claims,
        disclosed: r.disclosed.map((p) => p.join('.')),
        // true only when the KB-JWT was checked against this verifier's audience and nonce
        keyBound: r.keyBinding !== undefined && !noKbCheck,
        ...(r.status ? { status: 'valid' } : {}),
      };
      ctx.print(result, `verified ${r.vct} from ${String(r.iss)}\n${JSON.stringify(r.claims, null, 2)}`);
      return 0;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw cliError('ERR_CLI_FILE_READ', `${path} is not JSON`, err);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      throw cliError('ERR_CLI_FILE_READ', `${path}: expected a credential object`);
    const d = doc as Record<string, unknown>;
    const types = Array.isArray(d.type) ? d.type : [d.type];
    const isPresentation = types.includes('VerifiablePresentation');
    const embedded = Array.isArray(d.verifiableCredential)
      ? d.verifiableCredential[0]
      : d.verifiableCredential;
    const issuerField = ((isPresentation ? embedded : d) as Record<string, unknown> | undefined)?.issuer;
    const issuerId =
      typeof issuerField === 'string'
        ? issuerField
        : typeof (issuerField as Record<string, unknown> | null)?.id === 'string'
          ? String((issuerField as Record<string, unknown>).id)
          : undefined;
    const did = createDidResolver({ networks: networksFor(ledger, issuerId) });
    const common = {
      keyResolver: did.verificationMethod,
      documentLoader: createDocumentLoader({ resolveDid: did.didDocument }),
    };
    if (isPresentation) {
      const challenge = optionalString(ctx.values, 'nonce');
      const domain = optionalString(ctx.values, 'aud');
      if (challenge === undefined || domain === undefined)
        throw cliError(
          'ERR_CLI_USAGE',
          'a presentation is verified against --nonce (challenge) and --aud (domain)',
        );
      let vp: Awaited<ReturnType<typeof verifyPresentation>>;
      try {
        vp = await verifyPresentation(doc, { ...common, challenge, domain });
      } catch (e) {
        return printVerificationErrors(ctx, e);
      }
      const issuers = vp.credentials.map((c) => c.issuer);
      if (expectedIssuer !== undefined && issuers.some((i) => i !== expectedIssuer))
        throw cliError('ERR_CLI_VERIFY_FAILED', `a credential is not issued by ${expectedIssuer}`);
      const subjects = vp.credentials.map((c) => c.credential?.credentialSubject);
      ctx.print(
        { verified: true, format, holder: vp.holder, issuers, credentialSubjects: subjects },
        `verified presentation of ${String(vp.holder)}\n${JSON.stringify(subjects, null, 2)}`,
      );
      return 0;
    }
    let r: Awaited<ReturnType<typeof verifyCredential>>;
    try {
      r = await verifyCredential(doc, common);
    } catch (e) {
      return printVerificationErrors(ctx, e);
    }
    if (expectedIssuer !== undefined && r.issuer !== expectedIssuer)
      throw cliError('ERR_CLI_VERIFY_FAILED', `issued by ${String(r.issuer)}, not ${expectedIssuer}`);
    const subject = r.credential?.credentialSubject;
    ctx.print(
      { verified: true, format, issuer: r.issuer, credentialSubject: subject, proofs: r.proofs },
      `verified credential from ${String(r.issuer)}\n${JSON.stringify(subject, null, 2)}`,
    );
    return 0;
  },
};

/**
 * A failed Data Integrity verification (`@realdid/vc` throws a coded error listing every reason
 * in `errors`): prints each reason and answers exit code 1. Anything else is rethrown.
 */
function printVerificationErrors(ctx: Pick<CommandContext, 'printError'>, e: unknown): 1 {
  const errors = (e as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) throw e;
  for (const x of errors as { code: string; message: string }[]) ctx.printError(x);
  return 1;
}

/** The `vc` subcommands. */
export const VC_COMMANDS: readonly Command[] = [vcIssue, vcPresent, vcVerify];
