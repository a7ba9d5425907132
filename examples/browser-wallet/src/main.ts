// The wallet page: a RealDID Wallet in the browser, with its vault in IndexedDB (ciphertext only),
// talking to the example relying party over the standard protocols: enrolment by OpenID4VCI
// (pre-authorized code, transaction code, a batch of one-time credentials), registration by
// OpenID4VP 1.0 + DCQL (a request signed by the site's DID, an encrypted direct_post answer),
// login by challenge–response with the pairwise DID. No Node built-ins, no polyfills.
import { RelyingPartyClient } from '@realdid/example-relying-party-server/client';
import { HttpLedger } from '@realdid/ledger-http';
import { submitAuthorizationResponse } from '@realdid/openid4vc';
import { IndexedDBStorage, Vault, Wallet } from '@realdid/realname';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const log = (line: string, cls = '') => {
  const div = document.createElement('div');
  div.textContent = line;
  if (cls) div.className = cls;
  $('log').append(div);
};

const base = location.origin;
const client = new RelyingPartyClient(base);
// The ledger through the gateway the relying party's server mounts (reads only, verified here).
const ledger = new HttpLedger({ url: base });
let wallet: Wallet | undefined;
let session: string | undefined;

async function start() {
  const site = await client.site();
  $('site').textContent = site.name;
  $('claims').textContent = site.claims.join(', ');
}

async function openWallet(): Promise<Wallet> {
  const { registryDid } = await client.walletConfig();
  const password = ($('password') as HTMLInputElement).value;
  const storage = new IndexedDBStorage('realdid-wallet');
  try {
    const vault = await Vault.open(storage, password);
    return await Wallet.open({ vault, ledger, registryDid });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_VAULT_NOT_FOUND') throw err;
    const vault = await Vault.create(storage, password);
    return await Wallet.create({ vault, ledger, registryDid });
  }
}

function guard(id: string, f: () => Promise<void>) {
  $(id).addEventListener('click', async () => {
    ($(id) as HTMLButtonElement).disabled = true;
    try {
      await f();
    } catch (err) {
      const e = err as { code?: string; message?: string };
      log(`${e.code ?? 'Error'}: ${e.message ?? String(err)}`, 'err');
      ($(id) as HTMLButtonElement).disabled = false;
    }
  });
}

guard('enrol', async () => {
  wallet = await openWallet();
  // The authority checks the person, then hands out a credential offer; the transaction code
  // would reach the person out of band (an SMS, the counter's screen).
  const { offerUri, txCode } = await client.credentialOffer({
    nationalId: '110105199001011234',
    familyName: '王',
    givenName: '小明',
  });
  const count = await wallet.acceptCredentialOffer(offerUri, { txCode, count: 4 });
  $('enrolled').textContent = `✔ ${wallet.unusedCredentials} credentials in the encrypted vault`;
  $('enrolled').className = 'ok';
  log(`enrolled by OpenID4VCI: ${count} credentials in one batch, each with its own holder key`);
  ($('register') as HTMLButtonElement).disabled = false;
});

guard('register', async () => {
  if (!wallet) throw new Error('enrol first');
  // An OpenID4VP request signed by the site's DID, asking with DCQL for what it is registered for.
  const { params } = await client.authorizationRequest();
  const answered = await wallet.answerAuthorizationRequest(params, { origin: location.origin });
  const { redirect_uri } = await submitAuthorizationResponse(answered.request, answered.response);
  const code = new URL(String(redirect_uri)).hash.replace('#response_code=', '');
  const account = await client.registrationResult(code);
  $('registered').innerHTML = '';
  const p = document.createElement('div');
  p.className = 'ok';
  p.textContent = `✔ registered; the site knows only ${JSON.stringify(account.claims)}`;
  const d = document.createElement('code');
  d.id = 'pairwise';
  d.textContent = account.did;
  $('registered').append(p, d);
  log('registered by OpenID4VP + DCQL with a pairwise DID and one credential from the batch');
  ($('login') as HTMLButtonElement).disabled = false;
});

guard('login', async () => {
  if (!wallet) throw new Error('enrol first');
  const r = await client.login(
    await wallet.login(await client.loginChallenge(), { origin: location.origin }),
  );
  session = r.session;
  const me = await client.me(session);
  $('loggedin').textContent = `✔ logged in as ${me.did.slice(0, 36)}… (${JSON.stringify(me.claims)})`;
  $('loggedin').className = 'ok';
  log('logged in by challenge-response; no credential shown again');
  ($('login') as HTMLButtonElement).disabled = false;
});

start().catch((err) => log(String(err), 'err'));
