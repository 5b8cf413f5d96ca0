// How a kind of hostile value describes itself in one argument slot.
//
// A kind's make(slot, env) returns a Case:
//   { value }                        the value is of a type the slot does not
//                                    accept: the export must refuse it with a
//                                    documented error (verification exports: a
//                                    TypeError naming the argument; client: a
//                                    TypeError or a CallingBoxError, before any
//                                    request)
//   { value, means }                 the value stands for the documented value
//                                    `means`: the export must answer exactly as
//                                    for `means` (by the node:crypto model for
//                                    verification, by the same call with `means`
//                                    for the client)
//   { value, means, mayReject }      ... or refuse it as above
//   { value, anyAnswer: true }       any answer of the right type, or a
//                                    documented refusal (values that change
//                                    while they are read)
// plus optional `codes` (verification codes also accepted in place of the
// model's verdict, e.g. a documented size limit). A kind may set `fresh: true`
// (a new value for every call: values a call consumes or changes) and
// `iterations: { verify, client }` (fewer calls for values that are costly
// to process).
//
// Slot types: bytes (payload, verifyRequest body), sigHeader, string, number,
// object, array, headerValue (a client header's value), function (fetchImpl),
// signal, boolean, request.
import { BODY_BYTES, HostileError, copyBytes } from './common.mjs';

export const refuse = (value, extra = {}) => ({ value, ...extra });
export const same = (value, means, extra = {}) => ({ value, means, ...extra });
export const either = (value, means, extra = {}) => ({ value, means, mayReject: true, ...extra });
export const anyAnswer = (value, extra = {}) => ({ value, anyAnswer: true, ...extra });

/** The real bytes a bytes slot holds (its base), else the standard body. */
export function baseBytes(slot) {
  return slot.type === 'bytes' && slot.base instanceof Uint8Array ? copyBytes(slot.base) : copyBytes(BODY_BYTES);
}

/** A shallow copy of an object or array base. */
export function copyBase(slot) {
  return Array.isArray(slot.base) ? [...slot.base] : { ...slot.base };
}

/** Throws a HostileError: what every hostile getter and trap does. */
export function boom(what) {
  return () => { throw new HostileError(what); };
}

/** A Proxy handler whose every trap throws. */
export function throwingHandler(what) {
  const trap = boom(what);
  return {
    get: trap, set: trap, has: trap, deleteProperty: trap, ownKeys: trap, getOwnPropertyDescriptor: trap,
    defineProperty: trap, getPrototypeOf: trap, setPrototypeOf: trap, isExtensible: trap, preventExtensions: trap,
    apply: trap, construct: trap,
  };
}
