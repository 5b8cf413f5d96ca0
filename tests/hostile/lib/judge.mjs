// Judges one answer of an export against what the contract allows. Returns
// undefined when the answer is allowed, else a violation category (a key of
// CATEGORIES) and a short secret-free detail.
import { API_KEY, SECRET, describe, isCallerThrow, wellFormed } from './common.mjs';
import { signature } from './reference.mjs';

export const CATEGORIES = {
  'caller-error-escaped': "the caller's own exception (from a getter, trap or conversion) escaped",
  'runtime-error': 'a WebAssembly RuntimeError escaped (trap / broken instance)',
  'range-error': 'a RangeError escaped',
  'foreign-error': 'an error of an undocumented class escaped',
  'secret-in-message': 'an error message contains the signing secret or the API key',
  'unnamed-type-error': 'a TypeError that does not name the argument',
  'unknown-code': 'a WebhookVerificationError with an undocumented code',
  'accepted-invalid': 'accepted a value it must refuse',
  'refused-valid': 'refused a value it must accept',
  'wrong-answer': 'a wrong answer (verdict, event or header differs from node:crypto over the real bytes)',
  'request-before-refusal': 'the client sent (or tried to send) a request before refusing the value',
  'wrong-request': 'the request differs from the one the plain equivalent value makes',
  'reentrant-call-failed': 'a call made from inside a getter answered wrongly',
  hang: 'a call never settled',
  harness: 'the corpus could not even set the export up (a valid call failed)',
};

const VERIFICATION_CODES = ['missing_header', 'malformed_header', 'timestamp_out_of_tolerance', 'no_matching_signature', 'invalid_payload'];

const violation = (category, detail) => ({ category, detail });

/** Checks that apply to every escaping error, whatever the export. */
function classify(error, pkg) {
  if (isCallerThrow(error)) return violation('caller-error-escaped', describe(error));
  if (error instanceof WebAssembly.RuntimeError) return violation('runtime-error', describe(error));
  if (error instanceof RangeError) return violation('range-error', describe(error));
  let message = '';
  try { message = String(error.message); } catch { /* judged below */ }
  if (message.includes(SECRET) || message.includes(API_KEY) || message.includes('whsec_ssss')) {
    return violation('secret-in-message', `${error.name}: (message withheld)`);
  }
  if (!(error instanceof TypeError) && !(error instanceof pkg.CallingBoxError)) return violation('foreign-error', describe(error));
  return undefined;
}

const eventJson = (event) => JSON.stringify(wellFormed(event));

/**
 * A verification export's answer. `expected` is what reference.mjs says for
 * the plain arguments, plus the case's mayReject / anyAnswer / codes.
 */
export function judgeVerification(site, slot, expected, outcome, pkg) {
  if (outcome.threw) {
    const error = outcome.error;
    const bad = classify(error, pkg);
    if (bad) return bad;
    if (error instanceof TypeError) {
      if (!(expected.typeError || expected.refuse || expected.mayReject || expected.any)) return violation('refused-valid', describe(error));
      if (!slot.param.test(error.message)) return violation('unnamed-type-error', describe(error));
      return undefined;
    }
    if (error instanceof pkg.WebhookVerificationError) {
      if (!VERIFICATION_CODES.includes(error.code)) return violation('unknown-code', describe(error));
      if (site.answer !== 'event') return violation('foreign-error', `${site.answer} export threw ${describe(error)}`);
      if (expected.any || expected.code === error.code || expected.codes?.includes(error.code)) return undefined;
      if (expected.typeError || expected.refuse) return violation('wrong-answer', `expected a TypeError naming ${expected.typeError ?? 'the argument'}, got ${describe(error)}`);
      return violation('wrong-answer', `expected ${expected.event ? 'the event' : `code ${expected.code}`}, got ${describe(error)}`);
    }
    // Another CallingBoxError: a typed refusal (such as an allocation limit).
    if (expected.typeError || expected.refuse || expected.mayReject || expected.any) return undefined;
    return violation('refused-valid', describe(error));
  }
  const value = outcome.value;
  if (expected.any) return typeMatches(site, value) ? undefined : violation('wrong-answer', `answered ${describe(value)}`);
  if (expected.typeError || expected.refuse) {
    return violation('accepted-invalid', `expected a TypeError naming ${expected.typeError ?? 'the argument'}, got ${describe(value)}`);
  }
  switch (site.answer) {
    case 'boolean':
      if (value === expected.value || (value === false && expected.codes?.length)) return undefined;
      return violation('wrong-answer', `expected ${expected.value}, got ${describe(value)}`);
    case 'event':
      if (expected.event) {
        if (!value || typeof value !== 'object') return violation('wrong-answer', `expected the event, got ${describe(value)}`);
        // Fast path first: the same JSON; else compare with lone surrogates as U+FFFD on both sides.
        if ((expected.raw ??= JSON.stringify(expected.event)) === JSON.stringify(value)) return undefined;
        if ((expected.json ??= eventJson(expected.event)) === eventJson(value)) return undefined;
        return violation('wrong-answer', `expected the event, got ${describe(value)}`);
      }
      return violation('wrong-answer', `expected code ${expected.code}, got the event ${describe(value)}`);
    case 'header':
      return judgeHeader(expected, value);
    default:
      throw new Error(`unknown answer kind ${site.answer}`);
  }
}

function typeMatches(site, value) {
  if (site.answer === 'boolean') return typeof value === 'boolean';
  if (site.answer === 'header') return typeof value === 'string' && /^t=\d+,v1=[0-9a-f]{64}$/.test(value);
  return value !== null && typeof value === 'object';
}

function judgeHeader(expected, value) {
  if (typeof value !== 'string') return violation('wrong-answer', `expected a header string, got ${describe(value)}`);
  if (expected.header !== undefined) {
    return value === expected.header ? undefined : violation('wrong-answer', `signed other bytes: expected ${expected.header.slice(0, 30)}…, got ${value.slice(0, 30)}…`);
  }
  // No timestamp given: t is the current time.
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(value);
  if (!match) return violation('wrong-answer', `not a header: ${describe(value)}`);
  const t = Number(match[1]);
  if (Math.abs(t - Date.now() / 1000) > 5) return violation('wrong-answer', `t=${t} is not the current time`);
  if (match[2] !== signature(expected.secret, match[1], expected.bytes)) return violation('wrong-answer', 'signed other bytes (t = now)');
  return undefined;
}

/**
 * A client export's answer: `outcome` is { settled: 'resolved' | 'rejected',
 * error?, attempts, requests }, `reference` the same for the
 * plain equivalent value (absent when the value must be refused).
 */
export function judgeClient(expected, outcome, reference, pkg) {
  if (outcome.refusedByFetch) {
    return violation('request-before-refusal', `fetch refused the request the client built (${outcome.refusedByFetch.slice(0, 120)}): the client must refuse such a value itself, before any request`);
  }
  if (outcome.settled !== 'resolved') {
    const bad = classify(outcome.error, pkg);
    if (bad) return bad;
    const name = outcome.error?.name;
    if (outcome.attempts > 0) {
      const sameAsPlain = reference && reference.attempts > 0 && reference.errorName === name && reference.requests === outcome.requests;
      if (sameAsPlain) return undefined;
      return violation('request-before-refusal', `${outcome.attempts} fetch call(s), then ${describe(outcome.error)}`);
    }
    if (expected.refuse || expected.mayReject || expected.any) return undefined;
    if (reference && reference.attempts === 0 && reference.settled !== 'resolved') return undefined;
    return violation('refused-valid', describe(outcome.error));
  }
  if (expected.any) return undefined;
  if (expected.refuse) return violation('accepted-invalid', `resolved after ${outcome.attempts} request(s): ${outcome.requests.slice(0, 200)}`);
  if (!reference || reference.settled !== 'resolved') {
    return violation('accepted-invalid', `resolved, but the plain value ${reference ? `was refused (${reference.errorName})` : 'has no meaning'}`);
  }
  if (reference.requests !== outcome.requests) {
    return violation('wrong-request', `sent ${outcome.requests.slice(0, 200)} instead of ${reference.requests.slice(0, 200)}`);
  }
  return undefined;
}
