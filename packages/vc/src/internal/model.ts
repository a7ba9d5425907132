import type { VerificationIssue } from '../VerificationResult.js';
import { isObject, valuesOf } from './plain.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** The data model version a document declares through its first context. */
export type DataModelVersion = '1.1' | '2.0';

/**
 * A URL in the sense of the data model: an absolute URI (RFC 3986 scheme, then anything but
 * whitespace and control characters). Accepts `did:`, `urn:`, `https:`, `data:` …
 */
export function isUrl(v: unknown): v is string {
  if (typeof v !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/** XML Schema 1.1 dateTimeStamp (a time zone is required). */
const DATE_TIME_STAMP =
  /^-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** True for an XML Schema dateTimeStamp string. */
export function isDateTimeStamp(v: unknown): v is string {
  return typeof v === 'string' && DATE_TIME_STAMP.test(v);
}

/** The id of a value that is either a URL or an object with an `id`. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.id === 'string') return v.id;
  return undefined;
}

/** The declared version, or undefined when the first context is not a known base context. */
export function versionOf(doc: Record<string, unknown>): DataModelVersion | undefined {
  const ctx = doc['@context'];
  const first = Array.isArray(ctx) ? ctx[0] : ctx;
  if (first === VC_V2_CONTEXT) return '2.0';
  if (first === VC_V1_CONTEXT) return '1.1';
  return undefined;
}

type Issues = VerificationIssue[];

function checkContext(
  doc: Record<string, unknown>,
  issues: Issues,
  allowV1: boolean,
): DataModelVersion | undefined {
  const ctx = doc['@context'];
  if (ctx === undefined) {
    issues.push({ code: 'ERR_VC_CONTEXT', message: '@context is missing' });
    return undefined;
  }
  const list = valuesOf(ctx);
  if (list.length === 0) {
    issues.push({ code: 'ERR_VC_CONTEXT', message: '@context is empty' });
    return undefined;
  }
  const version = versionOf(doc);
  if (version === undefined) {
    issues.push({
      code: 'ERR_VC_CONTEXT',
      message: `the first @context must be "${VC_V2_CONTEXT}"${allowV1 ? ` (or "${VC_V1_CONTEXT}")` : ''}`,
    });
    return undefined;
  }
  if (version === '1.1' && !allowV1) {
    issues.push({ code: 'ERR_VC_VERSION', message: 'only VC 2.0 documents can be issued or signed' });
    return undefined;
  }
  list.forEach((c, i) => {
    if (typeof c === 'string') {
      if (!isUrl(c)) issues.push({ code: 'ERR_VC_CONTEXT', message: `@context[${i}] is not a URL` });
    } else if (!isObject(c)) {
      issues.push({ code: 'ERR_VC_CONTEXT', message: `@context[${i}] must be a URL or an object` });
    }
  });
  return version;
}

function checkType(doc: Record<string, unknown>, required: string, issues: Issues): void {
  const t = doc.type;
  if (t === undefined) {
    issues.push({ code: 'ERR_VC_TYPE', message: 'type is missing' });
    return;
  }
  const list = valuesOf(t);
  if (list.some((x) => typeof x !== 'string' || x.length === 0)) {
    issues.push({ code: 'ERR_VC_TYPE', message: 'type must be a string or an array of strings' });
    return;
  }
  if (!list.includes(required))
    issues.push({ code: 'ERR_VC_TYPE', message: `type must include "${required}"` });
}

function checkId(doc: Record<string, unknown>, where: string, issues: Issues): void {
  if (!('id' in doc)) return;
  if (!isUrl(doc.id)) issues.push({ code: 'ERR_VC_ID', message: `${where}.id must be one URL` });
}

function checkLanguageValue(v: unknown, where: string, issues: Issues): void {
  if (v === undefined) return;
  const ok = (x: unknown): boolean => {
    if (typeof x === 'string') return true;
    if (!isObject(x) || typeof x['@value'] !== 'string') return false;
    for (const k of Object.keys(x)) {
      if (k !== '@value' && k !== '@language' && k !== '@direction') return false;
    }
    if ('@language' in x && typeof x['@language'] !== 'string') return false;
    if ('@direction' in x && x['@direction'] !== 'ltr' && x['@direction'] !== 'rtl') return false;
    return true;
  };
  const list = valuesOf(v);
  if (list.length === 0 || !list.every(ok)) {
    issues.push({
      code: 'ERR_VC_PROPERTY',
      message: `${where} must be a string or language value objects ({"@value", "@language"?, "@direction"?})`,
    });
  }
}

function checkTyped(
  doc: Record<string, unknown>,
  prop: string,
  issues: Issues,
  opts: { idRequired?: boolean } = {},
): void {
  if (!(prop in doc)) return;
  const list = valuesOf(doc[prop]);
  if (list.length === 0) issues.push({ code: 'ERR_VC_PROPERTY', message: `${prop} is empty` });
  list.forEach((x, i) => {
    const where = `${prop}[${i}]`;
    if (!isObject(x)) {
      issues.push({ code: 'ERR_VC_PROPERTY', message: `${where} must be an object` });
      return;
    }
    const types = valuesOf(x.type);
    if (types.length === 0 || types.some((t) => typeof t !== 'string' || t.length === 0)) {
      issues.push({ code: 'ERR_VC_PROPERTY', message: `${where}.type must be present and be strings` });
    }
    if ('id' in x && !isUrl(x.id))
      issues.push({ code: 'ERR_VC_PROPERTY', message: `${where}.id must be one URL` });
    if (opts.idRequired && !('id' in x))
      issues.push({ code: 'ERR_VC_PROPERTY', message: `${where}.id is missing` });
  });
}

function checkDates(doc: Record<string, unknown>, version: DataModelVersion, issues: Issues): void {
  const [fromName, untilName] =
    version === '2.0' ? ['validFrom', 'validUntil'] : ['issuanceDate', 'expirationDate'];
  const from = doc[fromName];
  const until = doc[untilName];
  if (version === '1.1' && from === undefined) {
    issues.push({ code: 'ERR_VC_DATE', message: 'issuanceDate is missing (VC 1.1)' });
  }
  if (from !== undefined && !isDateTimeStamp(from)) {
    issues.push({ code: 'ERR_VC_DATE', message: `${fromName} must be an XML Schema dateTimeStamp` });
  }
  if (until !== undefined && !isDateTimeStamp(until)) {
    issues.push({ code: 'ERR_VC_DATE', message: `${untilName} must be an XML Schema dateTimeStamp` });
  }
  if (isDateTimeStamp(from) && isDateTimeStamp(until)) {
    const a = Date.parse(from);
    const b = Date.parse(until);
    if (Number.isFinite(a) && Number.isFinite(b) && a > b) {
      issues.push({ code: 'ERR_VC_DATE', message: `${untilName} is earlier than ${fromName}` });
    }
  }
}

function checkProofShape(doc: Record<string, unknown>, issues: Issues): void {
  if (!('proof' in doc)) return;
  const list = valuesOf(doc.proof);
  if (list.length === 0) issues.push({ code: 'ERR_VC_PROPERTY', message: 'proof is empty' });
  list.forEach((p, i) => {
    if (!isObject(p) || typeof p.type !== 'string' || p.type.length === 0) {
      issues.push({ code: 'ERR_VC_PROPERTY', message: `proof[${i}] must be an object with a type` });
    }
  });
}

/** Whether a credential is an enveloped credential (a `data:` URL in `id`). */
export function isEnveloped(doc: Record<string, unknown>): boolean {
  return valuesOf(doc.type).includes('EnvelopedVerifiableCredential');
}

/**
 * Checks a credential against the data model. Returns the issues found (empty when it
 * conforms) and the version it declares.
 */
export function checkCredential(
  doc: Record<string, unknown>,
  opts: { allowV1: boolean },
): { issues: Issues; version: DataModelVersion | undefined } {
  const issues: Issues = [];
  const version = checkContext(doc, issues, opts.allowV1);
  checkType(doc, 'VerifiableCredential', issues);
  checkId(doc, 'credential', issues);

  // issuer
  const issuer = doc.issuer;
  if (issuer === undefined) {
    issues.push({ code: 'ERR_VC_ISSUER', message: 'issuer is missing' });
  } else if (typeof issuer === 'string') {
    if (!isUrl(issuer)) issues.push({ code: 'ERR_VC_ISSUER', message: 'issuer must be a URL' });
  } else if (isObject(issuer)) {
    if (!isUrl(issuer.id)) issues.push({ code: 'ERR_VC_ISSUER', message: 'issuer.id must be a URL' });
    checkLanguageValue(issuer.name, 'issuer.name', issues);
    checkLanguageValue(issuer.description, 'issuer.description', issues);
  } else {
    issues.push({ code: 'ERR_VC_ISSUER', message: 'issuer must be a URL or an object with an id' });
  }

  // credentialSubject
  if (doc.credentialSubject === undefined) {
    issues.push({ code: 'ERR_VC_SUBJECT', message: 'credentialSubject is missing' });
  } else {
    const subjects = valuesOf(doc.credentialSubject);
    if (subjects.length === 0) issues.push({ code: 'ERR_VC_SUBJECT', message: 'credentialSubject is empty' });
    subjects.forEach((s, i) => {
      if (!isObject(s)) {
        issues.push({ code: 'ERR_VC_SUBJECT', message: `credentialSubject[${i}] must be an object` });
      } else if (Object.keys(s).length === 0) {
        issues.push({ code: 'ERR_VC_SUBJECT', message: `credentialSubject[${i}] holds no claim` });
      } else if ('id' in s && !isUrl(s.id)) {
        issues.push({ code: 'ERR_VC_SUBJECT', message: `credentialSubject[${i}].id must be one URL` });
      }
    });
  }

  checkLanguageValue(doc.name, 'name', issues);
  checkLanguageValue(doc.description, 'description', issues);
  if (version !== undefined) checkDates(doc, version, issues);
  checkTyped(doc, 'credentialStatus', issues);
  checkTyped(doc, 'credentialSchema', issues, { idRequired: true });
  checkTyped(doc, 'evidence', issues);
  checkTyped(doc, 'termsOfUse', issues);
  checkTyped(doc, 'refreshService', issues);
  checkProofShape(doc, issues);
  return { issues, version };
}

/** Checks an enveloped credential: a typed object whose `id` is a `data:` URL. */
export function checkEnvelopedCredential(doc: Record<string, unknown>): Issues {
  const issues: Issues = [];
  checkContext(doc, issues, false);
  if (typeof doc.id !== 'string' || !doc.id.startsWith('data:')) {
    issues.push({ code: 'ERR_VC_ID', message: 'an enveloped credential needs a data: URL in id' });
  }
  return issues;
}

/**
 * Checks a presentation against the data model, including each embedded credential's shape.
 */
export function checkPresentation(doc: Record<string, unknown>, opts: { allowV1: boolean }): Issues {
  const issues: Issues = [];
  checkContext(doc, issues, opts.allowV1);
  checkType(doc, 'VerifiablePresentation', issues);
  checkId(doc, 'presentation', issues);
  if ('holder' in doc) {
    const h = doc.holder;
    if (!(isUrl(h) || (isObject(h) && isUrl(h.id)))) {
      issues.push({
        code: 'ERR_VC_PRESENTATION',
        message: 'holder must be a URL or an object with a URL id',
      });
    }
  }
  if ('verifiableCredential' in doc) {
    valuesOf(doc.verifiableCredential).forEach((vc, i) => {
      if (!isObject(vc)) {
        issues.push({
          code: 'ERR_VC_PRESENTATION',
          message: `verifiableCredential[${i}] must be an object, not a string, number or URL`,
        });
        return;
      }
      const inner = isEnveloped(vc) ? checkEnvelopedCredential(vc) : checkCredential(vc, opts).issues;
      for (const x of inner)
        issues.push({ code: x.code, message: `verifiableCredential[${i}]: ${x.message}` });
    });
  }
  checkProofShape(doc, issues);
  return issues;
}
