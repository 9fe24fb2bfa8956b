// im/v1/files upload (上传文件 doc): multipart/form-data with file_type (opus, mp4, pdf, doc, xls, ppt, stream),
// file_name, optional duration (ms) and the file; ≤ 30 MB and not empty; 1000/min & 50/s per app; answers
// {code: 0, data: {file_key}}. Errors are HTTP 400: 234001 invalid param, 234006 too large, 234010 empty.
// Also the rule a file message must pass when it is sent: the file_key exists, and its upload type matches the
// msg_type (mp4 → media, opus → audio, the rest → file; else 230055, send-message doc).
import { randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { LarkApiError, LarkCode } from '../lark-errors';
import { MultipartError, parseMultipart } from '../multipart';
import type { EmulatorState } from '../emulator-state';

export interface FileConfig { now: () => number; maxBytes: number; appPerSecond: number; appPerMinute: number }

export const FILES_PATH = '/open-apis/im/v1/files';
export const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
const FILE_MESSAGE_TYPES = new Set(['file', 'media', 'audio']);
// Room for the other fields and the multipart framing around a file of the largest allowed size.
const FRAMING_BYTES = 64 * 1024;

export function fileRoutes(state: EmulatorState, cfg: FileConfig): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: cfg.maxBytes + FRAMING_BYTES });
  // A body past the parser's limit is a file past Lark's: answer 234006 as Lark does, not a generic 413.
  const readBody = (req: Request, res: Response, next: NextFunction): void => {
    raw(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') return next(tooLarge(cfg.maxBytes));
      next(err);
    });
  };

  router.post(FILES_PATH, readBody, (req, res) => {
    state.windows.acquire([
      { key: 'files:1s', limit: cfg.appPerSecond, windowMs: 1_000 },
      { key: 'files:60s', limit: cfg.appPerMinute, windowMs: 60_000 },
    ], cfg.now());
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let parts;
    try {
      parts = parseMultipart(body, req.get('content-type') ?? '');
    } catch (err) {
      if (err instanceof MultipartError) throw invalid(`the body is not valid multipart/form-data: ${err.message}`);
      throw err;
    }
    const field = (name: string) => parts.find((p) => p.name === name);
    const fileType = field('file_type')?.data.toString('utf8');
    if (!fileType || !FILE_TYPES.has(fileType)) {
      throw invalid(`file_type ${JSON.stringify(fileType ?? null)} is not one of ${[...FILE_TYPES].join(', ')}`);
    }
    const fileName = field('file_name')?.data.toString('utf8');
    if (!fileName) throw invalid('file_name is required');
    const duration = field('duration')?.data.toString('utf8');
    if (duration !== undefined && !/^\d+$/.test(duration)) throw invalid('duration must be an integer (milliseconds)');
    const file = field('file');
    if (!file) throw invalid('file is required');
    if (file.data.length === 0) throw new LarkApiError(400, LarkCode.fileEmpty, "File's size can't be 0.");
    if (file.data.length > cfg.maxBytes) throw tooLarge(cfg.maxBytes);
    const fileKey = `file_v3_${randomBytes(16).toString('hex')}`;
    state.files.set(fileKey, { fileKey, name: fileName, type: fileType, bytes: file.data, uploadedAt: cfg.now() });
    res.json({ code: 0, msg: 'success', data: { file_key: fileKey } });
  });
  return router;
}

/**
 * For message create/reply: a file, media or audio message names a file this app uploaded, with the matching
 * type. The docs name no code for an unknown key; the emulator answers the send API's invalid-parameter code.
 */
export function checkFileMessage(state: EmulatorState, msgType: string, content: string): void {
  if (!FILE_MESSAGE_TYPES.has(msgType)) return;
  const key = (JSON.parse(content) as { file_key?: unknown } | null)?.file_key;
  if (typeof key !== 'string' || key === '') {
    throw new LarkApiError(400, LarkCode.invalidParam, `invalid message content: ${msgType} messages need {"file_key": string}`);
  }
  const file = state.files.get(key);
  if (!file) throw new LarkApiError(400, LarkCode.invalidParam, `Your request contains an invalid request parameter: no file was uploaded under file_key ${key}`);
  const wanted = file.type === 'mp4' ? 'media' : file.type === 'opus' ? 'audio' : 'file';
  if (msgType !== wanted) throw new LarkApiError(400, LarkCode.fileTypeMismatch, 'The type of file upload does not match the type of message being sent.');
}

function invalid(detail: string): LarkApiError {
  return new LarkApiError(400, LarkCode.fileInvalidParam, `Invalid request param: ${detail}`);
}

function tooLarge(maxBytes: number): LarkApiError {
  return new LarkApiError(400, LarkCode.fileTooLarge, `The file size exceed the max value (${maxBytes} bytes).`);
}
