// The error classes of callingbox-webhooks. They live in JavaScript so that
// they are real subclasses of Error (stack traces, `instanceof`, `cause`);
// the Rust bindings create them through `createError` and never build error
// objects of their own. Nothing here may put an API key or signing secret
// into a message: the Rust side never passes one in.
//
// This file ships twice, as errors.js (ESM) and errors.cjs, and each entry
// loads the one of its own module kind (in Node an ES module that imports a
// CommonJS file pays about 3 ms for it; in Deno it starts the Node
// compatibility layer). Yet one program must see one set of classes, so that
// an error thrown through `require('callingbox-webhooks')` is `instanceof`
// the class `import`ed from `callingbox-webhooks/verify`: whichever copy
// loads first defines the classes and keeps them under a registered symbol
// on `globalThis` (named with this package's version, so that two versions
// in one program keep their own), and the other copy takes them from there.

/** The package's version, from its package.json (the build defines it). */
const VERSION = typeof CALLINGBOX_WEBHOOKS_VERSION === 'string' ? CALLINGBOX_WEBHOOKS_VERSION : 'unbuilt';
const REGISTRY = Symbol.for(`callingbox-webhooks@${VERSION} error classes`);

/** The error classes, defined by the copy of this file that loads first. */
function defineClasses() {
  /** Base class of every error this package throws. */
  class CallingBoxError extends Error {
    constructor(message, options) {
      super(message, options);
    }
  }

  // The class's own name (which minifiers rename), and `name` on each
  // prototype (not on instances, so it stays out of JSON.stringify).
  function named(cls, name) {
    Object.defineProperty(cls, 'name', { value: name, configurable: true });
    Object.defineProperty(cls.prototype, 'name', { value: name, configurable: true, writable: true });
    return cls;
  }
  named(CallingBoxError, 'CallingBoxError');

  /** A webhook failed verification; `code` says why. */
  class WebhookVerificationError extends CallingBoxError {
    constructor(message, props = {}) {
      super(message);
      /** One of `missing_header`, `malformed_header`, `timestamp_out_of_tolerance`, `no_matching_signature`, `invalid_payload`; from the Node receivers also `payload_not_raw`, `payload_too_large`. */
      this.code = props.code;
    }
  }
  named(WebhookVerificationError, 'WebhookVerificationError');

  /** Something the client can check before sending was wrong; no request was made. */
  class ValidationError extends CallingBoxError {
    constructor(message, props = {}) {
      super(message);
      /** The parameter that was wrong, such as `url` or `enabled_events`, when one is to blame. */
      this.param = props.param ?? null;
    }
  }
  named(ValidationError, 'ValidationError');

  /** The API answered with an error status. */
  class ApiError extends CallingBoxError {
    constructor(message, props = {}) {
      super(message);
      this.status = props.status;
      this.code = props.code ?? null;
      this.requestId = props.requestId ?? null;
      this.headers = props.headers ?? {};
      /** True when the request may have taken effect although it failed (a 5xx answer to a create, rotate or redeliver). */
      this.outcomeUnknown = props.outcomeUnknown ?? false;
    }
  }
  named(ApiError, 'ApiError');

  /** 400: the API rejected the request's parameters. */
  class BadRequestError extends ApiError {}
  named(BadRequestError, 'BadRequestError');
  /** 401: the API key is missing, malformed or revoked. */
  class AuthenticationError extends ApiError {}
  named(AuthenticationError, 'AuthenticationError');
  /** 403: the API key may not do this. */
  class PermissionDeniedError extends ApiError {}
  named(PermissionDeniedError, 'PermissionDeniedError');
  /** 404: no such object. */
  class NotFoundError extends ApiError {}
  named(NotFoundError, 'NotFoundError');
  /** 429: too many requests; `retryAfterMs` is how long the API asked to wait, when it said. */
  class RateLimitError extends ApiError {
    constructor(message, props = {}) {
      super(message, props);
      this.retryAfterMs = props.retryAfterMs ?? null;
    }
  }
  named(RateLimitError, 'RateLimitError');
  /** 5xx: the API failed. */
  class InternalServerError extends ApiError {}
  named(InternalServerError, 'InternalServerError');

  /**
   * The request could not be completed over the network. When `outcomeUnknown`
   * is true the server may have acted on it (see the message for how to check).
   */
  class ConnectionError extends CallingBoxError {
    constructor(message, props = {}) {
      super(message, props.cause === undefined ? undefined : { cause: props.cause });
      this.outcomeUnknown = props.outcomeUnknown ?? false;
    }
  }
  named(ConnectionError, 'ConnectionError');
  /** The request took longer than `timeoutMs`. */
  class TimeoutError extends ConnectionError {}
  named(TimeoutError, 'TimeoutError');
  /** The caller aborted the request through its AbortSignal. */
  class AbortError extends CallingBoxError {
    constructor(message, props = {}) {
      super(message);
      this.outcomeUnknown = props.outcomeUnknown ?? false;
    }
  }
  named(AbortError, 'AbortError');

  return Object.freeze({
    WebhookVerificationError, ValidationError, ApiError, BadRequestError, AuthenticationError,
    PermissionDeniedError, NotFoundError, RateLimitError, InternalServerError, ConnectionError,
    TimeoutError, AbortError, CallingBoxError,
  });
}

/** Keeps `classes` for the other copy of this file (see the top); returns them. */
function register(classes) {
  try {
    // Not enumerable, not writable: code that lists or assigns globals does not see or replace it.
    Object.defineProperty(globalThis, REGISTRY, { value: classes });
  } catch {
    // A frozen global object (SES lockdown): the classes stay this copy's own.
  }
  return classes;
}

const CLASSES = /** @type {any} */ (globalThis)[REGISTRY] ?? register(defineClasses());
export const {
  CallingBoxError, WebhookVerificationError, ValidationError, ApiError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, RateLimitError, InternalServerError, ConnectionError, TimeoutError, AbortError,
} = CLASSES;

/**
 * Used by the Rust bindings only: builds the error of class `kind`.
 * @ignore
 */
export function createError(kind, message, props) {
  const cls = CLASSES[kind] ?? CallingBoxError;
  return new cls(message, props ?? {});
}
