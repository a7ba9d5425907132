import { readdirSync, readlinkSync } from 'node:fs';

/** How many file descriptors of this process are open on `file` (Linux). */
export function openDescriptors(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}
