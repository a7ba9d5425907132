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
