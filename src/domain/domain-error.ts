import type { Bilingual } from '../lark/cards/card-kit';

/**
 * A rule said no. Services throw these with a stable code and a message a person can act on; handlers
 * (and the event processor, for anything a handler lets through) turn them into a friendly card or toast.
 */
export type DomainErrorCode =
  | 'forbidden'
  | 'not_found'
  | 'invalid_input'
  | 'conflict'
  | 'not_eligible'
  | 'unknown_sender';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(readonly code: DomainErrorCode, readonly text: Bilingual, readonly detail?: Record<string, unknown>) {
    super(`${code}: ${text.en}`);
  }
}
