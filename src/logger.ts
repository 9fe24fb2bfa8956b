import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stdout; secrets never reach them (the Lark crypto material is redacted wherever it appears). */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'yinhang', ...bindings },
    redact: ['*.appSecret', '*.encryptKey', '*.verificationToken', 'lark.appSecret', 'lark.encryptKey', 'lark.verificationToken'],
  });
}
