import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../src/index.js';
import { loadEvmLedger } from '../src/internal/loadEvmLedger.js';
import { cli, tempDir } from './helpers.js';

describe('--ledger sqlite: refuses to invent a ledger', () => {
  it('a mistyped ledger file is ERR_LEDGER_NOT_FOUND, names --create, and creates nothing', async () => {
    const dir = tempDir();
    expect((await cli(['ledger', 'init', '--ledger', 'sqlite:./ledger.db'], dir)).code).toBe(0);
    const did = await cli(
      ['did', 'create', '--out', 'a.json', '--ledger', 'sqlite:./ledger.db', '--json'],
      dir,
    );
    expect(did.code).toBe(0);
    const before = readdirSync(dir).sort();
    const typo = await cli(
      ['did', 'resolve', did.json().did as string, '--ledger', 'sqlite:./ledgr.db'],
      dir,
    );
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/^ERR_LEDGER_NOT_FOUND: no ledger file at .*ledgr\.db.*--create/);
    expect(typo.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
    // The right name resolves; the JSON error form carries the same code.
    expect(
      (await cli(['did', 'resolve', did.json().did as string, '--ledger', 'sqlite:./ledger.db'], dir)).code,
    ).toBe(0);
    const json = await cli(['ledger', 'info', '--ledger', 'sqlite:./ledgr.db', '--json'], dir);
    expect(JSON.parse(json.stderr).error.code).toBe('ERR_LEDGER_NOT_FOUND');
  });

  it('the default ledger is not created by a command that reads it, only by ledger init or --create', async () => {
    const dir = tempDir();
    const info = await cli(['ledger', 'info'], dir);
    expect(info.code).toBe(1);
    expect(info.stderr).toMatch(/^ERR_LEDGER_NOT_FOUND: .*ledger init/);
    expect(existsSync(join(dir, '.realdid'))).toBe(false);
    const created = await cli(['ledger', 'info', '--create', '--json'], dir);
    expect(created.code).toBe(0);
    expect(created.json().entries).toBe(0);
    expect(existsSync(join(dir, '.realdid', 'ledger.db'))).toBe(true);
    const other = tempDir();
    expect((await cli(['ledger', 'init', '--json'], other)).json().kind).toBe('sqlite');
    expect(existsSync(join(other, '.realdid', 'ledger.db'))).toBe(true);
    // A working folder that does not exist is not made either.
    const gone = join(other, 'no-such-cwd');
    expect((await cli(['ledger', 'init'], gone)).stderr).toMatch(/^ERR_LEDGER_NOT_FOUND/);
    expect(existsSync(gone)).toBe(false);
    // init on an existing ledger keeps it.
    expect((await cli(['ledger', 'init', '--ledger', 'sqlite:./.realdid/ledger.db'], dir)).code).toBe(0);
  });

  it('sqlite:/nonexistent/dir/l.db creates no folder, with or without --create', async () => {
    const dir = tempDir();
    const missing = join(dir, 'nonexistent', 'dir', 'l.db');
    for (const extra of [[], ['--create'], ['--create', '--json']]) {
      const r = await cli(['ledger', 'info', '--ledger', `sqlite:${missing}`, ...extra], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ERR_LEDGER_NOT_FOUND/);
      expect(existsSync(join(dir, 'nonexistent'))).toBe(false);
    }
    const init = await cli(['ledger', 'init', '--ledger', 'sqlite:./sub/l.db'], dir);
    expect(init.stderr).toMatch(
      /^ERR_LEDGER_NOT_FOUND: the folder of the ledger file does not exist: .*; create the folder first/,
    );
    expect(existsSync(join(dir, 'sub'))).toBe(false);
    // A folder that exists takes a new file with --create.
    mkdirSync(join(dir, 'sub'));
    expect((await cli(['ledger', 'info', '--ledger', 'sqlite:./sub/l.db', '--create'], dir)).code).toBe(0);
    expect(existsSync(join(dir, 'sub', 'l.db'))).toBe(true);
    // The default-ledger exception covers only the URI the CLI chose, not a look-alike path.
    const look = await cli(['ledger', 'init', '--ledger', 'sqlite:./x/.realdid/ledger.db'], dir);
    expect(look.code).toBe(1);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('a file that is not a ledger is still refused as before (ERR_LEDGER_CORRUPT), --create or not', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'notes.db'),
      'not a database, just text that is long enough to be a header'.repeat(4),
    );
    for (const extra of [[], ['--create']]) {
      const r = await cli(['ledger', 'info', '--ledger', 'sqlite:./notes.db', ...extra], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^ERR_LEDGER_(CORRUPT|UNAVAILABLE)/);
    }
  });

  it('openLedger: create defaults to false, and its options are checked', async () => {
    const dir = tempDir();
    await expect(openLedger('sqlite:./l.db', dir, {})).rejects.toMatchObject({
      code: 'ERR_LEDGER_NOT_FOUND',
    });
    const l = await openLedger('sqlite:./l.db', dir, {}, { create: true });
    expect((await l.info()).kind).toBe('sqlite');
    await l.close();
    await expect(openLedger('sqlite:./l.db', dir, {}, { create: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(openLedger('sqlite:./l.db', dir, {}, null as never)).rejects.toThrow(TypeError);
  });
});

describe('evm+http:// loads @realdid/ledger-evm only when asked, and says what to install', () => {
  it('when the package cannot be resolved: ERR_CLI_MISSING_PACKAGE naming it', async () => {
    // What Node's require.resolve throws for a CLI installed without the optional peer (the
    // packed-install test, scripts/pack-install.mjs, runs the real case).
    const resolve = (request: string) => {
      throw Object.assign(new Error(`Cannot find module '${request}'\nRequire stack:\n- /x/cli.js`), {
        code: 'MODULE_NOT_FOUND',
      });
    };
    const err = await loadEvmLedger(async () => ({}), resolve).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CLI_MISSING_PACKAGE' });
    expect((err as Error).message).toContain('npm install @realdid/ledger-evm');
  });

  it('when the import itself fails as not found: the same coded error', async () => {
    const notFound = Object.assign(new Error("Cannot find package '@realdid/ledger-evm' imported from /x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const err = await loadEvmLedger(async () => {
      throw notFound;
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CLI_MISSING_PACKAGE' });
    // Any other failure (a missing module inside the package, a syntax error) is not disguised.
    const inner = Object.assign(new Error("Cannot find package 'viem' imported from /x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(
      loadEvmLedger(async () => {
        throw inner;
      }),
    ).rejects.toBe(inner);
  });

  it('when installed: the ledger class and the signing account of its own viem', async () => {
    const { EvmLedger, privateKeyToAccount } = await loadEvmLedger();
    expect(typeof EvmLedger.fromUri).toBe('function');
    const account = privateKeyToAccount(`0x${'11'.repeat(32)}`);
    expect(account.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('the sqlite: and memory: paths never load it', async () => {
    const src = (await import('node:fs')).readFileSync(
      new URL('../src/openLedger.ts', import.meta.url),
      'utf8',
    );
    expect(src).not.toMatch(/from '@realdid\/ledger-evm'|from 'viem/);
    const pkg = JSON.parse(
      (await import('node:fs')).readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    );
    expect(pkg.dependencies).not.toHaveProperty('viem');
    expect(pkg.dependencies).not.toHaveProperty('@realdid/ledger-evm');
    expect(pkg.peerDependenciesMeta['@realdid/ledger-evm']).toEqual({ optional: true });
  });
});
