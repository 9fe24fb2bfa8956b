import { userInfo } from 'node:os';
import { DomainError } from '../../domain/domain-error';
import type { Bilingual } from '../../lark/cards/card-kit';
import type { AdminContext } from '../admin-command';

/** Shared by the program and catalogue commands: who the audit log names, and how refusals are printed. */

/** The audit actor for a change made at the command line: there is no open_id, so the OS user stands in. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Exit 1 with the rule's message (Chinese, then English) when a service says no; anything else propagates. */
export async function guarded(ctx: AdminContext, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.err(`错误：${err.text.zh}`);
    ctx.err(`error: ${err.text.en}`);
    return 1;
  }
}

/** Exit 2 with the usage line. */
export function usageError(ctx: AdminContext, usage: string, problem?: string): number {
  if (problem) ctx.err(problem);
  ctx.err(`usage: npm run admin -- ${usage}`);
  return 2;
}

export function reasonLines(reasons: Bilingual[], indent = '      '): string[] {
  return reasons.map((r) => `${indent}· ${r.zh}（${r.en}）`);
}

export function term(start: string, end: string | null): string {
  return `${start} – ${end ?? '…'}`;
}
