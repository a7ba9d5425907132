import { createSigner } from '@realdid/crypto';
import { createDid } from '@realdid/did';
import { MemoryLedger } from '@realdid/ledger';
import { presentSdJwt } from '@realdid/sd-jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrongClocks } from '../../../test-support/hostile.js';
import { Business, RegistryAuthority, verifyDelegation } from '../src/index.js';

describe('business identities: licence -> delegation -> employee', () => {
  const ledger = new MemoryLedger();
  let registry: RegistryAuthority;
  let shop: Business;
  let license: string;
  const employee = createDid();
  const employeeKey = employee.keys.verificationMethods[0]!.keyPair;
  const kid = `${employee.longFormDid}#${employee.keys.verificationMethods[0]!.id}`;
  const aud = 'did:realdid:verifier';

  beforeAll(async () => {
    registry = await RegistryAuthority.create({ ledger });
    shop = await Business.create({ ledger });
    license = await registry.issueBusinessLicense({
      businessDid: shop.did,
      name: 'Shop Ltd',
      licenseNumber: '91110000MA01ABCDE',
      legalRepresentative: '赵六',
    });
  });

  const present = async (delegation: string, nonce: string, signerKey = employeeKey) =>
    presentSdJwt(delegation, { role: true }, { keyBinding: { signer: createSigner(signerKey), aud, nonce } });

  it('verifies the chain back to the registry and the scope', async () => {
    const delegation = await shop.issueDelegation({
      employeeKid: kid,
      scope: ['sign-contracts', 'file-tax'],
      role: 'accountant',
    });
    const r = await verifyDelegation({
      delegation: await present(delegation, 'nonce-0123456789abcdef'),
      license,
      ledger,
      registryDid: registry.did,
      aud,
      nonce: 'nonce-0123456789abcdef',
      requiredScope: ['file-tax'],
    });
    expect(r).toEqual({
      business: shop.did,
      businessName: 'Shop Ltd',
      licenseNumber: '91110000MA01ABCDE',
      employee: employee.longFormDid,
      scope: ['sign-contracts', 'file-tax'],
      role: 'accountant',
    });
  });

  it('rejects: scope not granted, wrong nonce, a licence from another registry, a delegation from another business, another employee key, expiry', async () => {
    const delegation = await shop.issueDelegation({ employeeKid: kid, scope: ['file-tax'] });
    const base = { license, ledger, registryDid: registry.did, aud, nonce: 'n-0123456789abcdefgh' };
    const vp = await present(delegation, base.nonce);
    await expect(
      verifyDelegation({ ...base, delegation: vp, requiredScope: ['sign-contracts'] }),
    ).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    await expect(
      verifyDelegation({ ...base, delegation: vp, nonce: 'other-nonce-0123456789' }),
    ).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    const otherRegistry = await RegistryAuthority.create({ ledger });
    const fakeLicense = await otherRegistry.issueBusinessLicense({
      businessDid: shop.did,
      name: 'Shop Ltd',
      licenseNumber: 'x',
    });
    await expect(verifyDelegation({ ...base, delegation: vp, license: fakeLicense })).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    const otherShop = await Business.create({ ledger });
    const foreign = await otherShop.issueDelegation({ employeeKid: kid, scope: ['file-tax'] });
    await expect(
      verifyDelegation({ ...base, delegation: await present(foreign, base.nonce) }),
    ).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    const intruder = createDid().keys.verificationMethods[0]!.keyPair;
    await expect(
      verifyDelegation({ ...base, delegation: await present(delegation, base.nonce, intruder) }),
    ).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    await expect(
      verifyDelegation({ ...base, delegation: vp, now: () => new Date(Date.now() + 200 * 86_400_000) }),
    ).rejects.toMatchObject({ code: 'ERR_DELEGATION_INVALID' });
  });

  it('now: a clock in ms and the deprecated () => Date and Date forms give the same verdict', async () => {
    const delegation = await shop.issueDelegation({ employeeKid: kid, scope: ['file-tax'] });
    const base = { license, ledger, registryDid: registry.did, aud, nonce: 'n-clock-0123456789abc' };
    const vp = await present(delegation, base.nonce);
    const verdict = (now: unknown) =>
      verifyDelegation({ ...base, delegation: vp, now: now as never }).then(
        (r) => `ok ${r.business === shop.did}`,
        (e: { code?: string }) => e.code ?? 'other',
      );
    for (const t of [Date.now() + 200 * 86_400_000, Date.now()]) {
      const verdicts = [await verdict(() => t), await verdict(() => new Date(t)), await verdict(new Date(t))];
      expect(verdicts).toEqual(Array(3).fill(t > Date.now() ? 'ERR_DELEGATION_INVALID' : 'ok true'));
    }
    for (const bad of wrongClocks().filter((v) => typeof v !== 'function')) {
      await expect(verifyDelegation({ ...base, delegation: vp, now: bad as never })).rejects.toThrow(
        /^now: /,
      );
    }
  });

  it('wrong-typed inputs', async () => {
    for (const w of [undefined, 1, [], new Uint8Array(2)]) {
      await expect(verifyDelegation(w as never)).rejects.toThrow(TypeError);
      await expect(shop.issueDelegation({ employeeKid: w as never, scope: ['x'] })).rejects.toThrow(
        TypeError,
      );
    }
    await expect(shop.issueDelegation({ employeeKid: 'did:x:y', scope: ['x'] })).rejects.toThrow(RangeError);
  });
});

describe('verifyDelegation fails closed on an unchecked status', () => {
  it('a licence with a status claim is refused unless checked, or requireStatusCheck: false', async () => {
    const { base64urlDecode, createSigner, keyPairFromSecretKey } = await import('@realdid/crypto');
    const { issueSdJwtVc } = await import('@realdid/sd-jwt');
    const { BUSINESS_LICENSE_VCT } = await import('../src/index.js');
    const ledger = new MemoryLedger();
    const registry = await RegistryAuthority.create({ ledger });
    const shop = await Business.create({ ledger });
    const st = registry.exportState();
    const day = Math.floor(Date.now() / 86_400_000) * 86_400;
    const license = await issueSdJwtVc({
      signer: createSigner(keyPairFromSecretKey('Ed25519', base64urlDecode(st.verificationMethod.secretKey))),
      vct: BUSINESS_LICENSE_VCT,
      iss: registry.did,
      holderBinding: false,
      status: { status_list: { idx: 3, uri: `${registry.did}/status/1` } },
      iat: day,
      exp: day + 86_400 * 30,
      claims: { sub: shop.did, business_name: 'Shop Ltd', license_number: 'L-1' },
      header: { kid: `${registry.did}#${st.verificationMethod.id}` },
    } as never);
    const employee = createDid();
    const key = employee.keys.verificationMethods[0]!.keyPair;
    const kid = `${employee.longFormDid}#${employee.keys.verificationMethods[0]!.id}`;
    const delegation = await shop.issueDelegation({ employeeKid: kid, scope: ['x'] });
    const nonce = 'nonce-status-0123456789';
    const aud = 'did:realdid:verifier';
    const vp = await presentSdJwt(delegation, {}, { keyBinding: { signer: createSigner(key), aud, nonce } });
    const base = { delegation: vp, license, ledger, registryDid: registry.did, aud, nonce };
    await expect(verifyDelegation(base)).rejects.toMatchObject({ code: 'ERR_DELEGATION_INVALID' });
    await expect(verifyDelegation({ ...base, checkStatus: async () => 'revoked' })).rejects.toMatchObject({
      code: 'ERR_DELEGATION_INVALID',
    });
    expect((await verifyDelegation({ ...base, checkStatus: async () => 'valid' })).business).toBe(shop.did);
    expect((await verifyDelegation({ ...base, requireStatusCheck: false })).business).toBe(shop.did);
  });
});
