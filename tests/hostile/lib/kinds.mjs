// The hostile-value corpus: every kind, in a stable order. cases.mjs says what
// a kind declares; docs/hostile-values.md lists them.
import { byteKinds } from './kinds-bytes.mjs';
import { objectKinds } from './kinds-objects.mjs';
import { scalarKinds } from './kinds-scalars.mjs';

export const KINDS = [...byteKinds, ...objectKinds, ...scalarKinds];

const ids = new Set();
for (const kind of KINDS) {
  if (ids.has(kind.id)) throw new Error(`duplicate kind id ${kind.id}`);
  ids.add(kind.id);
}
