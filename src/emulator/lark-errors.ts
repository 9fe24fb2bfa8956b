// Lark answers business errors as HTTP 4xx with {code, msg} (lark-platform.md §5: the SDK rejects with an AxiosError
// whose response.data.code is the code). Handlers throw LarkApiError; one error middleware writes it.
import type { NextFunction, Request, Response } from 'express';

export class LarkApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    msg: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(msg);
  }
}

/** Error codes the emulator uses, with the Lark doc meaning they stand for. */
export const LarkCode = {
  appSecretInvalid: 10014,
  appIdInvalid: 10003,
  tokenMissing: 99991661,
  tokenInvalid: 99991663,
  rateLimited: 99991400,
  fieldValidation: 99992402,
  invalidParam: 230001,
  botNotInChat: 230002,
  messageWithdrawn: 230011,
  userUnavailable: 230013,
  contentTooLong: 230025,
  messageTooOldToUpdate: 230031,
  cardInvalid: 230099,
  noUserAuthority: 41050,
  cardTokenExpired: 300030,
  cardTokenUsedUp: 300040,
  cardUpdateBadFormat: 300020,
  fileTypeMismatch: 230055,
  // im/v1/files (上传文件 doc, error table)
  fileInvalidParam: 234001,
  fileTooLarge: 234006,
  fileEmpty: 234010,
} as const;

export function larkErrorMiddleware(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof LarkApiError) {
    res.set(err.headers).status(err.httpStatus).json({ code: err.code, msg: err.message, error: {} });
    return;
  }
  // body-parser errors (bad JSON, too large) carry a status; anything else is our bug → 500 like Lark's internal error.
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ code: LarkCode.fieldValidation, msg: `invalid request: ${(err as Error).message}` });
    return;
  }
  res.status(500).json({ code: 1, msg: `emulator internal error: ${(err as Error).message}` });
}
