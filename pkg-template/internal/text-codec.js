// TextEncoder and TextDecoder for the entries that may run without them,
// injected by the build (esbuild's `inject`) in place of the globals that
// wasm-bindgen's glue and our own code name. The runtime's own classes when
// it has them; otherwise a small UTF-8 codec, because jsdom (Jest's browser
// environment) has neither global. Not node:util: a Node built-in would
// break browser bundles. The fallback leans on encodeURIComponent and
// escape/unescape, which every engine has, to stay about 0.3 KiB gzip.

// Unpaired surrogates, which UTF-8 cannot encode: the standard encoder writes U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-8 encoding as TextEncoder does it. */
export class Utf8Encoder {
  encode(text = '') {
    const binary = unescape(encodeURIComponent(String(text).replace(LONE_SURROGATE, '\ufffd')));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  /** Writes the whole string; throws a RangeError if `dest` is too small (the package's callers give 3 bytes per code unit). */
  encodeInto(text, dest) {
    const bytes = this.encode(text);
    dest.set(bytes);
    return { read: String(text).length, written: bytes.length };
  }
}

/** UTF-8 decoding as TextDecoder does it for valid input; a malformed byte becomes U+FFFD without the standard's exact resynchronisation (the glue only decodes strings Rust wrote). */
export class Utf8Decoder {
  decode(input = new Uint8Array(0)) {
    const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
      return decodeURIComponent(escape(binary));
    } catch {
      return binary.replace(/[\x80-\xff]/g, '\ufffd');
    }
  }
}

const encoder = globalThis.TextEncoder ?? Utf8Encoder;
const decoder = globalThis.TextDecoder ?? Utf8Decoder;
export { encoder as TextEncoder, decoder as TextDecoder };
