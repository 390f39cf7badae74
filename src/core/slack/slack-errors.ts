import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { DeliveryError } from '../services/ports.js';

/** The Slack error code (`channel_not_found`, …) of a failed Web API call, if it was one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof WebAPIPlatformError) return String(error.data.error);
  return undefined;
}

/** Errors that mean the person or conversation cannot be reached at all, now or later. */
const UNREACHABLE = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'is_archived',
  'not_in_channel',
]);

/**
 * Errors that mean Mailroom's own token no longer works (the app was uninstalled, the token
 * revoked, rotated or expired): nobody can be reached until it is fixed, and nobody is at fault.
 */
const TOKEN_REJECTED = new Set([
  'account_inactive',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'not_authed',
]);

/** Platform errors after which Slack may already have done part of the work. */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error']);

/** Transport errors raised before the request reached Slack. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** What a failed Web API call means for delivery; `what` names the call in the message. */
export function deliveryErrorOf(error: unknown, what: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = slackErrorCode(error);
  if (code !== undefined) {
    const message = `${what}: ${code}`;
    if (TOKEN_REJECTED.has(code)) return new DeliveryError(message, 'token', { code }, error);
    if (UNREACHABLE.has(code)) return new DeliveryError(message, 'unreachable', { code }, error);
    if (MAYBE_DONE.has(code)) return new DeliveryError(message, 'in-doubt', { code }, error);
    return new DeliveryError(message, 'not-sent', { code }, error);
  }
  if (error instanceof WebAPIRateLimitedError || isRateLimited(error)) {
    const seconds = (error as { retryAfter?: number }).retryAfter ?? 1;
    return new DeliveryError(
      `${what}: rate limited for ${seconds} s`,
      'rate-limited',
      { code: 'ratelimited', retryAfterMs: seconds * 1000 },
      error,
    );
  }
  if (error instanceof WebAPIHTTPError) {
    const failure = error.statusCode >= 500 ? 'in-doubt' : 'not-sent';
    return new DeliveryError(`${what}: HTTP ${error.statusCode}`, failure, {}, error);
  }
  if (error instanceof WebAPIRequestError) {
    const cause = transportCode(error.original);
    const failure = cause !== undefined && NEVER_SENT.has(cause) ? 'not-sent' : 'in-doubt';
    return new DeliveryError(`${what}: ${cause ?? error.original.message}`, failure, {}, error);
  }
  const text = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`${what}: ${text}`, 'in-doubt', {}, error);
}

/**
 * Whether a failed call may still have been carried out by Slack (no answer, a dropped
 * connection, a 5xx): true for a Web API call as for a response_url (whose errors carry the
 * HTTP `response` when Slack answered).
 */
export function mayHaveBeenDone(error: unknown): boolean {
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === 'number') return status >= 500;
  const cause = transportCode(error);
  if (cause !== undefined && NEVER_SENT.has(cause)) return false;
  return deliveryErrorOf(error, 'a reply').failure === 'in-doubt';
}

function isRateLimited(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === ErrorCode.RateLimitedError;
}

/** ECONNREFUSED, TimeoutError, …: what went wrong under fetch. */
function transportCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError' || name === 'AbortError') return name;
    current = cause;
  }
  return undefined;
}
