// The reads of a caller's value that boundary.rs leaves to JavaScript,
// because they must stop early: both are imported with `catch`, so whatever
// the caller's getters, proxies and iterators throw comes back to the wasm
// as an `Err`, never through its frames.

/** The most items an array in a call's parameters may hold (`enabled_events` has a few). */
const MAX_ITEMS = 1000;

/**
 * `JSON.parse(JSON.stringify(params))`, a plain-data copy of a call's
 * parameters, that refuses what `JSON.stringify` would silently drop or
 * change instead of copy: a function, Symbol or BigInt; a number that is not
 * finite (written as `null`); an object that its `toJSON` replaces (a `Date`
 * becomes a string); a string holding a lone UTF-16 surrogate (which a UTF-8
 * body cannot carry); an array of more than MAX_ITEMS items (refused before
 * its items are read, so a length of 2^32 - 1 costs nothing).
 * @param {object} params
 * @returns {unknown} the copy, or a string (the copy of an object is never
 *   one): what was refused, for a `ValidationError`.
 */
export function plainCopy(params) {
  let refused;
  try {
    return JSON.parse(JSON.stringify(params, function (key, value) {
      const type = typeof value;
      // `this[key]` again: the replacer gets what toJSON made of the value.
      const original = this[key];
      const problem = type === 'function' || type === 'symbol' || type === 'bigint' ? `is a ${type}, which JSON cannot send`
        : type === 'number' && !isFinite(value) ? 'is not a finite number'
          : type === 'string' && /[\ud800-\udfff]/u.test(value) ? 'holds a lone UTF-16 surrogate, which no UTF-8 body can carry'
            : original !== value && original === Object(original) ? 'is a Date or another object with toJSON()'
              : Array.isArray(value) && value.length > MAX_ITEMS ? `has over ${MAX_ITEMS} items` : '';
      if (problem) throw (refused = `params${key && `.${key}`} ${problem}`);
      return value;
    }));
  } catch (error) {
    if (refused) return refused;
    throw error;
  }
}

/**
 * The first `max + 1` items an iterable yields (more than `max` means too
 * many): a `Headers`, a `Map`, an array of pairs, or a caller's endless
 * iterator, which is never read to its end.
 * @param {Iterable<unknown>} iterable
 * @param {number} max
 * @returns {unknown[]}
 */
export function firstItems(iterable, max) {
  const items = [];
  for (const item of iterable) if (items.push(item) > max) break;
  return items;
}
