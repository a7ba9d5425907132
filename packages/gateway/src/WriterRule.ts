/**
 * Who may append to which topics, for topics that are not self-authenticating (DID topics are:
 * each operation carries its own proof). An append to a topic that a rule matches must carry a
 * signed-append envelope (`AppendAuth` of `@realdid/ledger-http`) made with a
 * `capabilityInvocation` key of one of the rule's `writers`.
 *
 * Typical rules: `{ topic: statusListTopic(listUri), writers: [issuerDid] }` for an issuer's
 * status lists; `{ topic: 'registry', writers: [registryDid] }`;
 * `{ topic: 'trace-audit:committee-1', writers: trusteeDids }`.
 */
export interface WriterRule {
  /** The topic: an exact name, a pattern, or a predicate. */
  topic: string | RegExp | ((topic: string) => boolean);
  /** The DIDs allowed to write (did:realdid, did:key or did:jwk). */
  writers: readonly string[];
}
