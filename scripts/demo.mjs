// The RealDID demo. See README.md.
import { RealDidError } from '@realdid/crypto';

console.log(typeof RealDidError);
