/**
 * A status-list fetcher over a ledger that junk on the topic cannot block. Anyone may append to a
 * status topic; taking its last entry (as a plain ledger fetcher does) lets one junk entry break
 * every status check, and a replayed old list undo a revocation. This one reads the topic, orders
 * the entries by their claimed `iat` (newest first, later position first on a tie), and returns
 * the first that verifies (signature by the issuer's key, `sub` = uri, `iss` = the expected issuer
 * when known). A replayed older list loses to the newer genuine one; junk is skipped.
 */
import type { LedgerClient } from '@realdid/ledger';
import { type StatusListKeyResolver, statusListTopic, verifyStatusListToken } from '@realdid/status';

const te = new TextDecoder('utf-8', { fatal: false });

/** The `iat` a compact JWT claims (unverified), or undefined. */
function claimedIat(payload: Uint8Array): number | undefined {
  try {
    const parts = te.decode(payload).split('.');
    if (parts.length !== 3) return undefined;
    const json = JSON.parse(te.decode(base64urlToBytes(parts[1]!))) as { iat?: unknown };
    return typeof json.iat === 'number' && Number.isFinite(json.iat) ? json.iat : undefined;
  } catch {
    return undefined;
  }
}

function base64urlToBytes(s: string): Uint8Array {
  const b = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/**
 * @param ledger - the ledger
 * @param resolveKey - the status issuer's key resolver
 * @param expectedIssuer - the issuer expected for a URI (the credential's `iss`), when known
 * @param now - clock in milliseconds
 */
export function createResilientStatusFetcher(
  ledger: LedgerClient,
  resolveKey: StatusListKeyResolver,
  expectedIssuer: (uri: string) => string | undefined,
  now: () => number,
): (uri: string) => Promise<Uint8Array> {
  return async (uri: string) => {
    const entries = await ledger.read(statusListTopic(uri));
    const candidates = entries
      .map((e) => ({ e, iat: claimedIat(e.payload) }))
      .filter((c): c is { e: (typeof entries)[number]; iat: number } => c.iat !== undefined)
      .sort((a, b) => b.iat - a.iat || b.e.position - a.e.position);
    const iss = expectedIssuer(uri);
    for (const { e } of candidates) {
      try {
        await verifyStatusListToken(e.payload, {
          uri,
          resolveKey,
          now,
          ...(iss === undefined ? {} : { iss }),
        });
        return e.payload;
      } catch {
        // junk, a forgery or another issuer's list: skip it
      }
    }
    // nothing verifies: hand the newest entry on, so the checker reports why
    const last = entries.at(-1);
    if (last === undefined) throw new Error(`no status list published for ${uri.slice(0, 200)}`);
    return last.payload;
  };
}
