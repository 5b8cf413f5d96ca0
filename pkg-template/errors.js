// The error classes of callingbox-webhooks. They live in JavaScript so that
// they are real subclasses of Error (stack traces, `instanceof`, `cause`);
// the Rust bindings create them through `createError` and never build error
// objects of their own. Nothing here may put an API key or signing secret
// into a message: the Rust side never passes one in.

/** Base class of every error this package throws. */
export class CallingBoxError extends Error {
  constructor(message, options) {
    super(message, options);
  }
}

// `name` lives on each prototype (not on instances) so that it survives
// minifiers and stays out of JSON.stringify.
function named(cls, name) {
  Object.defineProperty(cls.prototype, 'name', { value: name, enumerable: false, configurable: true, writable: true });
  return cls;
}
named(CallingBoxError, 'CallingBoxError');

/** A webhook failed verification; `code` says why. */
export class WebhookVerificationError extends CallingBoxError {
  constructor(message, props = {}) {
    super(message);
    /** One of `missing_header`, `malformed_header`, `timestamp_out_of_tolerance`, `no_matching_signature`, `invalid_payload`; from the Node receivers also `payload_not_raw`, `payload_too_large`. */
    this.code = props.code;
  }
}
named(WebhookVerificationError, 'WebhookVerificationError');

/** Something the client can check before sending was wrong; no request was made. */
export class ValidationError extends CallingBoxError {
  constructor(message, props = {}) {
    super(message);
    /** The parameter that was wrong, such as `url` or `enabled_events`, when one is to blame. */
    this.param = props.param ?? null;
  }
}
named(ValidationError, 'ValidationError');

/** The API answered with an error status. */
export class ApiError extends CallingBoxError {
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
export class BadRequestError extends ApiError {}
named(BadRequestError, 'BadRequestError');
/** 401: the API key is missing, malformed or revoked. */
export class AuthenticationError extends ApiError {}
named(AuthenticationError, 'AuthenticationError');
/** 403: the API key may not do this. */
export class PermissionDeniedError extends ApiError {}
named(PermissionDeniedError, 'PermissionDeniedError');
/** 404: no such object. */
export class NotFoundError extends ApiError {}
named(NotFoundError, 'NotFoundError');
/** 429: too many requests; `retryAfterMs` is how long the API asked to wait, when it said. */
export class RateLimitError extends ApiError {
  constructor(message, props = {}) {
    super(message, props);
    this.retryAfterMs = props.retryAfterMs ?? null;
  }
}
named(RateLimitError, 'RateLimitError');
/** 5xx: the API failed. */
export class InternalServerError extends ApiError {}
named(InternalServerError, 'InternalServerError');

/**
 * The request could not be completed over the network. When `outcomeUnknown`
 * is true the server may have acted on it (see the message for how to check).
 */
export class ConnectionError extends CallingBoxError {
  constructor(message, props = {}) {
    super(message, props.cause === undefined ? undefined : { cause: props.cause });
    this.outcomeUnknown = props.outcomeUnknown ?? false;
  }
}
named(ConnectionError, 'ConnectionError');
/** The request took longer than `timeoutMs`. */
export class TimeoutError extends ConnectionError {}
named(TimeoutError, 'TimeoutError');
/** The caller aborted the request through its AbortSignal. */
export class AbortError extends CallingBoxError {
  constructor(message, props = {}) {
    super(message);
    this.outcomeUnknown = props.outcomeUnknown ?? false;
  }
}
named(AbortError, 'AbortError');

const CLASSES = {
  WebhookVerificationError, ValidationError, ApiError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, RateLimitError, InternalServerError, ConnectionError,
  TimeoutError, AbortError, CallingBoxError,
};

/**
 * Used by the Rust bindings only: builds the error of class `kind`.
 * @ignore
 */
export function createError(kind, message, props) {
  const cls = CLASSES[kind] ?? CallingBoxError;
  return new cls(message, props ?? {});
}
