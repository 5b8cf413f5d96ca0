// Kinds 51-64: strings and numbers. A primitive stands for itself: the
// node:crypto model decides whether a verification export must accept it
// (lone surrogates are the UTF-8 TextEncoder makes of them) or refuse it
// with a TypeError (NaN, Infinity, negative tolerances, numbers as strings);
// the client must answer as it does for the same plain value and refuse
// before any request. Header values that are not ByteStrings must be refused.
import { BODY_STRING, NOW, WRONG_SECRET } from './common.mjs';
import { refuse, same } from './cases.mjs';

const VALID_V1 = (env) => env.validHeader.split(',v1=')[1];

/**
 * A string kind: `text(slot, env)` gives the string for string-like slots;
 * header values (`headerValue`) get `headerValue` (refused unless `headerOk`).
 */
function stringKind(id, title, { body, header, secret, other, headerValue, codes, iterations, secretMayReject = false }) {
  return {
    id,
    title,
    iterations,
    make(slot, env) {
      const extra = codes ? { codes } : {};
      switch (slot.type) {
        case 'bytes': return same(body(env), body(env));
        case 'sigHeader': return same(header(env), header(env), extra);
        case 'string': {
          if (slot.family === 'verify') {
            const value = secret(slot.base, env);
            return same(value, value, secretMayReject ? { mayReject: true } : {});
          }
          const value = other(slot.base, env);
          return same(value, value);
        }
        case 'headerValue': return headerValue.refused ? refuse(headerValue.value) : same(headerValue.value, headerValue.value);
        case 'array': {
          const value = slot.base.map((item, i) => (i === 0 ? (slot.family === 'verify' ? secret(item, env) : other(item, env)) : item));
          return same(value, value);
        }
        default: return refuse(other('x', env));
      }
    },
  };
}

/**
 * A number kind: `number(base)` in number slots; elsewhere the number itself
 * (a value of the wrong type). `mayReject`: numbers beyond what a timestamp
 * can be may also be refused.
 */
function numberKind(id, title, number, { mayReject = false } = {}) {
  return {
    id,
    title,
    make(slot) {
      const value = number(slot.type === 'number' ? slot.base : 300);
      return same(value, value, mayReject ? { mayReject } : {});
    },
  };
}

const withLoneSurrogate = BODY_STRING.replace('"completed"', '"compl\uD800eted"').replace('"call_hostile_0001"', '"call_\uDC00hostile"');
const withNonLatin1 = BODY_STRING.replace('"completed"', '"completed ✓ 🚀 日本"');
const MEGABYTE = 1 << 20;

export const scalarKinds = [
  stringKind('lone-surrogates', 'strings with lone surrogates (body, header, secrets, ids, URLs)', {
    body: () => withLoneSurrogate,
    header: (env) => `${env.validHeader},x=\uD800`,
    secret: (base) => `${base}\uDC00`,
    other: (base) => `${base}\uD800`,
    headerValue: { value: 'yes\uD800', refused: true },
    codes: ['malformed_header'],
    // A secret is UTF-8 per the spec; one with a lone surrogate may be refused.
    secretMayReject: true,
  }),
  stringKind('non-latin1', 'strings beyond Latin-1 (✓, emoji, CJK)', {
    body: () => withNonLatin1,
    header: (env) => `${env.validHeader},x=✓`,
    secret: (base) => `${base}✓🚀`,
    other: (base) => `${base}✓🚀`,
    headerValue: { value: 'yes ✓', refused: true },
    codes: ['malformed_header'],
  }),
  stringKind('megabyte-header', '1 MB strings: a header with 15,000 v1= values (the valid one last), 1 MB secrets, bodies and ids', {
    // Each client call with such a string took 40-80 ms before issue 15's fixes.
    iterations: { verify: 100, client: 10 },
    body: () => BODY_STRING + ' '.repeat(MEGABYTE),
    header: (env) => `t=${env.now},${`v1=${'0'.repeat(64)},`.repeat(15_000)}v1=${VALID_V1(env)}`,
    secret: () => `whsec_${'s'.repeat(MEGABYTE)}`,
    other: (base) => base + 'a'.repeat(MEGABYTE),
    headerValue: { value: 'a'.repeat(MEGABYTE), refused: false },
    codes: ['malformed_header'],
    secretMayReject: true,
  }),
  stringKind('many-unknown-keys', 'a header with 100,000 unknown keys before v1 (400 KB), and such strings elsewhere', {
    // Each client call with such a string took 40-80 ms before issue 15's fixes.
    iterations: { verify: 100, client: 10 },
    body: () => `t=1,${'k=v,'.repeat(100_000)}`,
    header: (env) => `t=${env.now},${'k=v,'.repeat(100_000)}v1=${VALID_V1(env)}`,
    secret: () => `whsec_${'k=v,'.repeat(100_000)}`,
    other: (base) => base + 'k=v,'.repeat(100_000),
    headerValue: { value: 'k=v,'.repeat(100_000), refused: false },
    codes: ['malformed_header'],
  }),
  stringKind('control-characters', 'strings with NUL, CR LF and DEL (header injection in header values)', {
    body: () => BODY_STRING.replace('"completed"', '"com\u0000ple\u007fted\r\n"'),
    header: (env) => `${env.validHeader}\u0000`,
    secret: (base) => `${base}\u0000\r\n`,
    other: (base) => `${base}\r\nX-Injected: 1`,
    headerValue: { value: 'yes\r\nX-Injected: 1', refused: true },
    codes: ['malformed_header'],
  }),
  stringKind('empty-values', 'empty strings and arrays (an empty body, an empty header, an empty secret)', {
    body: () => '',
    header: () => '',
    secret: () => '',
    other: () => '',
    headerValue: { value: '', refused: false },
    codes: ['malformed_header'],
  }),
  stringKind('numeric-strings', 'numbers written as strings ("1713268860")', {
    body: () => '1713268860',
    header: (env) => `t=${env.now},v1=1713268860`,
    secret: () => `${WRONG_SECRET.length}`,
    other: () => '1713268860',
    headerValue: { value: '1713268860', refused: false },
    codes: ['malformed_header'],
  }),
  numberKind('nan', 'NaN', () => Number.NaN),
  numberKind('infinities', 'Infinity and -Infinity (-Infinity where a unix time goes)', (base) => (base === NOW ? -Infinity : Infinity)),
  numberKind('negative-numbers', 'negative numbers (-1)', () => -1),
  numberKind('huge-finite', 'huge finite numbers (1e300)', () => 1e300, { mayReject: true }),
  numberKind('fractions', 'fractions (the right value + 0.9; rounded down where documented)', (base) => base + 0.9),
  numberKind('beyond-safe-integers', 'integers beyond 2^53 (2^53 + 2)', () => 2 ** 53 + 2, { mayReject: true }),
  numberKind('negative-zero', 'negative zero', () => -0),
];

