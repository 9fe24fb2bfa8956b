// What Lark checks in `content` before accepting a message (send-message doc, lark-platform.md §4/§5): it is a JSON
// string; text ≤ 150 KB; cards and rich text ≤ 30 KB (230025); cards must pass the card rules (230099).
import { checkCardJson, TEXT_MAX_BYTES } from './card-checks';
import { LarkApiError, LarkCode } from './lark-errors';

const KNOWN_TYPES = new Set(['text', 'post', 'image', 'file', 'audio', 'media', 'sticker', 'interactive', 'share_chat', 'share_user', 'system']);
const POST_MAX_BYTES = 30 * 1024;

export function checkMessageContent(msgType: unknown, content: unknown): void {
  if (typeof msgType !== 'string' || !KNOWN_TYPES.has(msgType)) {
    throw new LarkApiError(400, LarkCode.fieldValidation, `field validation failed: msg_type ${JSON.stringify(msgType)} is not supported`);
  }
  if (typeof content !== 'string' || content === '') {
    throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: content must be a non-empty JSON string');
  }
  if (msgType === 'interactive') {
    checkCardJson(content);
    return;
  }
  const bytes = Buffer.byteLength(content, 'utf8');
  const max = msgType === 'post' ? POST_MAX_BYTES : TEXT_MAX_BYTES;
  if (bytes > max) throw new LarkApiError(400, LarkCode.contentTooLong, `message content is ${bytes} bytes; the limit for ${msgType} is ${max}`);
  let parsed: unknown;
  try { parsed = JSON.parse(content); } catch {
    throw new LarkApiError(400, LarkCode.invalidParam, 'invalid message content: content is not valid JSON');
  }
  if (msgType === 'text' && (typeof parsed !== 'object' || parsed === null || typeof (parsed as { text?: unknown }).text !== 'string')) {
    throw new LarkApiError(400, LarkCode.invalidParam, 'invalid message content: text messages need {"text": string}');
  }
}
