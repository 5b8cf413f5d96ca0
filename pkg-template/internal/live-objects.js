// Every method of the client's classes (CallingBox, WebhookEndpoints,
// WebhookDeliveries, WebhookDeliveryIterator) checks its `this` here,
// before wasm-bindgen's glue hands a pointer to the wasm.
//
// Why: the glue passes whatever `this.__wbg_ptr` holds. For a freed object
// or a plain one that is 0 or undefined, and the wasm then throws "null
// pointer passed to rust" from inside its own frames: an undocumented error
// class, and each such exception leaks shadow stack until, after about 1,300
// calls, the instance is broken for good. A forged pointer (`{ __wbg_ptr: 8
// }`, or a live object whose `__wbg_ptr` or `__destroy_into_raw` was
// overwritten) would be worse: the wasm would use memory that is not the
// object. So a WeakMap keeps, for each object the glue itself made (its
// constructor or its static `__wrap`) and that is not freed, the pointer the
// glue gave it, and a method runs only on such an object, with that pointer:
// the glue's method is called on a fresh `{ __wbg_ptr }` (the glue's methods
// read nothing else from `this`), so nothing the caller did to the object
// reaches the wasm. Anything else is a TypeError. The glue is used as
// generated (issue 21): its classes are wrapped from outside, at load time.
//
// Cost per call: one WeakMap lookup and one small object.

/** Each live object the glue made, and the pointer it gave it. */
const live = new WeakMap();

/** Records an object the glue just made, by its own data property (no getter can forge it). */
function adopt(object) {
  live.set(object, Object.getOwnPropertyDescriptor(object, '__wbg_ptr')?.value);
  return object;
}

/**
 * Guards the wasm-bindgen class `cls` and names it `name` (for messages, and
 * as its `name`: the minifier renamed it): wraps every method and getter of
 * its prototype, `free` (and `Symbol.dispose`, the same function: on what is
 * not live they free nothing) and its static `__wrap`. Returns what to
 * export instead of `cls`: a Proxy whose `new` records the object (a
 * subclass's too: the glue's constructor runs on a plain instance, which
 * then gets the subclass's prototype).
 * @template {Function} T
 * @param {T} cls
 * @param {string} name
 * @returns {T}
 */
export function guardClass(cls, name) {
  const proto = cls.prototype;
  const { free, __destroy_into_raw: destroy } = proto;
  const guard = (method) => function (...args) {
    const pointer = live.get(this);
    if (method === free) {
      // Unregisters this object from the glue's finalizer, then frees the pointer the glue gave it.
      if (pointer && live.delete(this)) destroy.call(this), free.call({ __destroy_into_raw: () => pointer });
    } else if (pointer) {
      return method.apply({ __wbg_ptr: pointer }, args);
    } else {
      throw new TypeError(`not a live ${name}: it was freed, or not made by this package`);
    }
  };
  for (const key of Reflect.ownKeys(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (key === 'constructor' || key === '__destroy_into_raw') continue;
    if (descriptor.get) descriptor.get = guard(descriptor.get);
    else descriptor.value = guard(descriptor.value);
    Object.defineProperty(proto, key, descriptor);
  }
  const wrap = cls.__wrap;
  if (wrap) cls.__wrap = (pointer) => adopt(wrap(pointer));
  Object.defineProperty(cls, 'name', { value: name });
  return (proto.constructor = new Proxy(cls, {
    construct: (target, args, newTarget) => Object.setPrototypeOf(adopt(Reflect.construct(target, args)), newTarget.prototype),
  }));
}
