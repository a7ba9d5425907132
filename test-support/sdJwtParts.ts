/**
 * `[name, start, end)` of every base64url part of an SD-JWT presentation (`<JWT>~<disclosure>~…~<KB-JWT>`):
 * the issuer JWT's header, payload and signature, each disclosure, and the KB-JWT's three parts —
 * for tests that change one character of each part in turn.
 */
export function sdJwtPartRanges(vp: string): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  const pieces = vp.split('~');
  let at = 0;
  pieces.forEach((piece, i) => {
    const names =
      i === 0
        ? ['issuer header', 'issuer payload', 'issuer signature']
        : i === pieces.length - 1
          ? ['KB header', 'KB payload', 'KB signature']
          : [`disclosure ${i}`];
    let s = at;
    for (const [k, part] of piece.split('.').entries()) {
      out.push([names[k] ?? `part ${k}`, s, s + part.length]);
      s += part.length + 1;
    }
    at += piece.length + 1;
  });
  return out;
}
