/** Base class of every error this package throws. */
export declare class CallingBoxError extends Error {
  constructor(message?: string, options?: { cause?: unknown });
}

/** Why a webhook failed verification. */
export type WebhookVerificationErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_out_of_tolerance'
  | 'no_matching_signature'
  | 'invalid_payload'
  // The Node receivers (callingbox-webhooks/node, /express, /fastify, /router):
  // the body was parsed before it reached them, or is over their bodyLimit.
  | 'payload_not_raw'
  | 'payload_too_large';

/** A webhook failed verification; `code` says why and the message says what to check. */
export declare class WebhookVerificationError extends CallingBoxError {
  constructor(message: string, props: { code: WebhookVerificationErrorCode });
  readonly code: WebhookVerificationErrorCode;
}

/** Something the client can check before sending was wrong; no request was made. */
export declare class ValidationError extends CallingBoxError {
  constructor(message: string, props?: { param?: string | null });
  /** The parameter to blame, such as `url` or `enabled_events`, or null. */
  readonly param: string | null;
}

/** The API answered with an error status. */
/** What an `ApiError` is built from. */
export interface ApiErrorProps {
  status: number;
  code?: string | null;
  requestId?: string | null;
  headers?: Record<string, string>;
  outcomeUnknown?: boolean;
}

export declare class ApiError extends CallingBoxError {
  constructor(message: string, props: ApiErrorProps);
  /** The HTTP status. */
  readonly status: number;
  /** The API's error code, when the body carried one. */
  readonly code: string | null;
  /** The `x-request-id` of the answer: quote it when you contact CallingBox. */
  readonly requestId: string | null;
  /** The answer's headers, lower-cased names. */
  readonly headers: Record<string, string>;
  /**
   * True when the request may have taken effect although it failed: a 5xx
   * answer to a create, rotate or redeliver. The message says how to check.
   */
  readonly outcomeUnknown: boolean;
}
/** 400: the API rejected the request's parameters. */
export declare class BadRequestError extends ApiError {}
/** 401: the API key is missing, malformed or revoked. */
export declare class AuthenticationError extends ApiError {}
/** 403: the API key may not do this. */
export declare class PermissionDeniedError extends ApiError {}
/** 404: no such object. */
export declare class NotFoundError extends ApiError {}
/** 429: too many requests. */
export declare class RateLimitError extends ApiError {
  constructor(message: string, props: ApiErrorProps & { retryAfterMs?: number | null });
  /** How long the API asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | null;
}
/** 5xx: the API failed. */
export declare class InternalServerError extends ApiError {}

/** The request could not be completed over the network. */
export declare class ConnectionError extends CallingBoxError {
  constructor(message: string, props?: { outcomeUnknown?: boolean; cause?: unknown });
  /**
   * True when the server may have acted on the request (it was sent, but no
   * answer came). The message says how to find out what happened.
   */
  readonly outcomeUnknown: boolean;
}
/** No answer came within `timeoutMs`. */
export declare class TimeoutError extends ConnectionError {}
/** The caller aborted the request through its AbortSignal. */
export declare class AbortError extends CallingBoxError {
  constructor(message: string, props?: { outcomeUnknown?: boolean });
  /** True when the request had been sent before the abort. */
  readonly outcomeUnknown: boolean;
}
