/**
 * How a failed Lark call should be treated. Codes from Lark's docs (notes/lark-platform.md §5):
 * 99991400 is the generic frequency limit (HTTP 429 + x-ogw-ratelimit-reset), 230020 the IM one, 230049
 * "message is being sent" (a concurrent send with the same uuid). 5xx and network faults are transient;
 * a lost connection after the request was sent is ambiguous (Lark may have delivered it).
 */
export type FailureClass = 'rate_limited' | 'transient' | 'permanent';

const RATE_LIMIT_CODES = new Set([99991400, 230020, 11232, 11233]);
const RETRY_CODES = new Set([230049, 99991663 /* token expired mid-flight: the SDK refetches */]);

export class LarkApiError extends Error {
  override name = 'LarkApiError';
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly httpStatus: number | undefined,
    readonly failure: FailureClass,
    /** from x-ogw-ratelimit-reset (seconds), when Lark said how long to wait */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }

  static classify(code: number | undefined, httpStatus: number | undefined): FailureClass {
    if (httpStatus === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) return 'rate_limited';
    if (code !== undefined && RETRY_CODES.has(code)) return 'transient';
    if (httpStatus === undefined || httpStatus >= 500 || httpStatus === 408) return 'transient';
    return 'permanent';
  }
}
