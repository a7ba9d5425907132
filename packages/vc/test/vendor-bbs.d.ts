// Minimal typings for the untyped Digital Bazaar packages the bbs-2023 interop test drives.

declare module '@digitalbazaar/bbs-2023-cryptosuite' {
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): Record<string, unknown>;
  export function createDiscloseCryptosuite(options?: {
    selectivePointers?: string[];
    presentationHeader?: Uint8Array;
  }): Record<string, unknown>;
  export function createVerifyCryptosuite(): Record<string, unknown>;
}

declare module '@digitalbazaar/bls12-381-multikey' {
  export interface BbsKeyPair {
    id?: string;
    controller?: string;
    export(options: { publicKey: boolean }): Promise<Record<string, unknown>>;
    signer(): unknown;
  }
  export function generateBbsKeyPair(options: { algorithm: string }): Promise<BbsKeyPair>;
}
