// The UTF-8 fallback the build injects for runtimes without TextEncoder /
// TextDecoder (pkg-template/internal/text-codec.js), against Node's own
// classes on strings a webhook body holds: ASCII, Latin-1, CJK, emoji
// (surrogate pairs), unpaired surrogates (which UTF-8 cannot carry: U+FFFD,
// as the standard encoder does), and random mixes. Jest + jsdom
// (jest-jsdom.test.mjs) runs it inside the package.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Utf8Decoder, Utf8Encoder } from '../../pkg-template/internal/text-codec.js';

const SAMPLES = ['', 'plain ascii {"id":"evt_1"}', 'Zoë ☎ 📞', '漢字かな交じり', '\ud83d\ude00 \ud83d', 'a\udc00b', '\udbff\udfff\u0000\u007f\u0080\u07ff\u0800\uffff', 'x'.repeat(70_000) + 'é'];

function randomString(seed, length) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const ranges = [[0x20, 0x7e], [0xa0, 0x7ff], [0x800, 0xd7ff], [0xd800, 0xdfff], [0xe000, 0xffff]];
  let text = '';
  for (let i = 0; i < length; i++) {
    const [low, high] = ranges[next() % ranges.length];
    text += String.fromCharCode(low + (next() % (high - low + 1)));
  }
  return text;
}

const strings = [...SAMPLES, ...Array.from({ length: 200 }, (_, i) => randomString(i + 1, i % 50))];

test('the fallback encoder gives the bytes TextEncoder gives, unpaired surrogates as U+FFFD', () => {
  const ours = new Utf8Encoder();
  const node = new TextEncoder();
  for (const text of strings) assert.deepEqual(ours.encode(text), node.encode(text), JSON.stringify(text.slice(0, 40)));
});

test('the fallback encodeInto writes what TextEncoder writes and reports the same read and written counts', () => {
  const ours = new Utf8Encoder();
  const node = new TextEncoder();
  for (const text of strings) {
    const a = new Uint8Array(text.length * 3 + 8);
    const b = new Uint8Array(text.length * 3 + 8);
    assert.deepEqual(ours.encodeInto(text, a), node.encodeInto(text, b));
    assert.deepEqual(a, b);
  }
});

test('the fallback decoder gives the string TextDecoder gives for UTF-8 bytes, from a view or an ArrayBuffer', () => {
  const ours = new Utf8Decoder();
  const node = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const text of strings) {
    const bytes = new TextEncoder().encode(text);
    const view = new Uint8Array(bytes.length + 4).fill(0x41).subarray(2, 2 + bytes.length);
    view.set(bytes);
    assert.equal(ours.decode(view), node.decode(view));
    assert.equal(ours.decode(bytes.buffer), node.decode(bytes.buffer));
  }
  assert.equal(ours.decode(), '');
});

test('the fallback decoder never throws on malformed UTF-8: each bad byte becomes U+FFFD', () => {
  const ours = new Utf8Decoder();
  assert.equal(ours.decode(Uint8Array.of(0x61, 0xff, 0x62)), 'a\ufffdb');
  assert.equal(ours.decode(Uint8Array.of(0xc3)), '\ufffd');
});
