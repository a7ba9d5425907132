import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// the throw-away redis-server of @realdid/nonce-redis's tests
import { hasRedisServer } from '../../../packages/nonce-redis/test/redisServer.js';
import { RelyingPartyClient } from '../client/relyingPartyClient.mjs';
import { codeOf, enrolledWallet, siteOnTwoServers, startServer } from './serverProcess.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, '..', '..', 'packages');
// The spawned servers run the built packages, as a deployment would (`pnpm test` builds first).
const built = ['realname', 'accounts-sqlite', 'nonce-redis', 'gateway'].every((p) =>
  existsSync(join(packages, p, 'dist', 'index.js')),
);
const redisAvailable = hasRedisServer();
if (!redisAvailable && process.env.CI !== 'true')
  console.warn(
    'examples/relying-party-server: redis-server is not installed (apt-get install redis-server); skipping the two-server test',
  );
if (!built)
  console.warn(
    'examples/relying-party-server: packages not built (pnpm build); skipping the two-server test',
  );

describe.runIf(built && (redisAvailable || process.env.CI === 'true'))(
  'examples/relying-party-server: two servers, one SQLite account file, one Redis',
  () => {
    const site = siteOnTwoServers('realdid-rp-two-');
    const procs = site.procs;
    afterAll(() => site.cleanup());

    it('registers through A, logs in through B; a message replayed to the other server is refused', {
      timeout: 180_000,
    }, async () => {
      const { portA, portB, env } = await site.start();
      const a = await startServer(env, portA); // creates the site and its state
      procs.push(a.proc);
      const b = await startServer(env, portB); // restores the same site from the shared folder
      procs.push(b.proc);
      const siteA = new RelyingPartyClient(a.base);
      const siteB = new RelyingPartyClient(b.base);
      expect((await siteB.site()).did).toBe((await siteA.site()).did);

      const wallet = await enrolledWallet(a.base, 0);

      // Registration through A; the same message replayed to B (and to A) is refused.
      const registration = await wallet.respond(await siteA.registrationRequest(), { origin: a.base });
      const account = (await siteA.register(registration)) as { did: string };
      expect(await codeOf(siteB.register(registration))).toBe('ERR_NONCE_REPLAYED');
      expect(await codeOf(siteA.register(registration))).toBe('ERR_NONCE_REPLAYED');

      // Login through B with a challenge B issued: the account A registered is found in the shared file.
      const loginB = await wallet.login(await siteB.loginChallenge(), { origin: b.base });
      const sessionB = (await siteB.login(loginB)) as { did: string; session: string };
      expect(sessionB.did).toBe(account.did);
      expect((await siteB.me(sessionB.session)).claims).toEqual({ age_over_18: true });
      expect(await codeOf(siteA.login(loginB))).toBe('ERR_NONCE_REPLAYED');

      // A challenge issued by A may be answered at B — once.
      const loginA = await wallet.login(await siteA.loginChallenge(), { origin: a.base });
      expect(((await siteB.login(loginA)) as { did: string }).did).toBe(account.did);
      expect(await codeOf(siteA.login(loginA))).toBe('ERR_NONCE_REPLAYED');
      expect(await codeOf(siteB.login(loginA))).toBe('ERR_NONCE_REPLAYED');
    });
  },
);
