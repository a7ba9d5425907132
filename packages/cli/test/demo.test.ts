import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

describe('realdid demo', () => {
  it('runs the whole story and passes every check', async () => {
    const r = await cli(['demo'], tempDir());
    if (r.code !== 0) console.log(r.stdout);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ checks passed\./);
    expect(r.stdout).not.toContain('✘');
    for (const step of [
      'Enrolment',
      'hospital',
      'video site',
      'Anonymous login',
      'Lawful tracing',
      'Revocation',
    ]) {
      expect(r.stdout).toContain(step);
    }
  });
});

describe('realdid demo --profile gm', () => {
  it('runs the whole story with SM2 keys and signatures and SM3 digests, and passes every check', async () => {
    const r = await cli(['demo', '--profile', 'gm'], tempDir());
    if (r.code !== 0) console.log(r.stdout);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ checks passed\./);
    expect(r.stdout).not.toContain('✘');
    expect(r.stdout).toContain(
      '✔ gm: the credential, its key binding and the pairwise DID proof are SM2-signed',
    );
    for (const step of ['Enrolment', 'Anonymous login', 'Lawful tracing', 'Revocation']) {
      expect(r.stdout).toContain(step);
    }
    const bad = await cli(['demo', '--profile', 'sm2'], tempDir());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^ERR_CLI_USAGE: --profile must be international or gm/);
    const bbs = await cli(['demo', '--mode', 'bbs', '--profile', 'gm'], tempDir());
    expect(bbs.stderr).toMatch(/^ERR_CLI_USAGE: --profile is for the SD-JWT story/);
  });
});

describe('realdid demo --mode bbs', () => {
  it('runs the unlinkable mode’s story and passes every check', async () => {
    const r = await cli(['demo', '--mode', 'bbs'], tempDir());
    if (r.code !== 0) console.log(r.stdout);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All \d+ checks passed\./);
    expect(r.stdout).not.toContain('✘');
    for (const line of [
      'Enrolment by blind issuance',
      '✔ each wallet verified its blind signature',
      '✔ the hospital received exactly the claims it asked for',
      '✔ the video site received only age_over_18',
      '✔ the two sites share no value that is Alice’s alone',
      '✔ the authority’s whole state and issuance transcripts with the video site’s state identify no account',
      '✔ Alice logs in as the same pseudonymous account with a proof never seen before',
      '✔ the same person registering twice at one site gets the same pseudonym and is refused → ERR_ACCOUNT_EXISTS',
      '✔ the authority refuses Alice a credential for the new epoch → ERR_ISSUANCE_REFUSED',
      '✔ Alice’s old credential no longer logs in → ERR_LOGIN_EXPIRED',
      '✔ Alice’s old credential no longer registers → ERR_PRESENTATION_EPOCH',
      '✔ 2 of 5 partial decryptions cannot open the token → ERR_TRACE_NOT_ENOUGH_PARTIALS',
      '✔ the authority maps the opened handle back to Alice’s record',
      '✔ no name, ID number, birthdate or record id anywhere in the ledger file',
    ]) {
      expect(r.stdout).toContain(line);
    }
  });

  it('refuses an unknown --mode as a usage error, with a suggestion, before running anything', async () => {
    const r = await cli(['demo', '--mode', 'bsb'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^ERR_CLI_USAGE: --mode must be sd-jwt or bbs, found bsb \(did you mean "bbs"\?\)/,
    );
  });
});
