// The floor of pool.bench.mjs: one of `size` threads that verify, each in its own loop, the same
// presentations as the pool with the in-process verifier — no message per verification, nothing
// on the main thread. Told how long to run (ms), it answers with the number of verifications.
import { parentPort, workerData } from 'node:worker_threads';
import { jwkKeyResolver, verifySdJwtVc } from '@realdid/sd-jwt';

const { vps, issuerJwk, callOptions } = workerData;
const options = { ...callOptions, keyResolver: jwkKeyResolver(issuerJwk) };
let next = 0;
parentPort.on('message', async (ms) => {
  let done = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    await verifySdJwtVc(vps[next++ % vps.length], options);
    done++;
  }
  parentPort.postMessage(done);
});
parentPort.postMessage('ready');
