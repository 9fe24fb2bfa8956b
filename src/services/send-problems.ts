import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { CadreRepository } from '../db/repositories/cadre-repository';
import { OutboxRepository } from '../db/repositories/outbox-repository';
import type { Actor } from '../domain/actor';
import type { Bilingual } from '../lark/cards/card-kit';
import { authorize } from './authorization';

/** What Lark's permanent send errors mean for an admin (notes/lark-platform.md §5). */
const MEANING: Record<number, Bilingual> = {
  230013: { zh: '不在应用的可用范围内，或已离职', en: 'outside the app’s availability, or has left' },
  230053: { zh: '已屏蔽机器人', en: 'has blocked the bot' },
  230035: { zh: '无权发送（被禁言或屏蔽）', en: 'sending not permitted (muted or blocked)' },
  230027: { zh: '应用缺少发消息权限', en: 'the app lacks the permission to send' },
  230002: { zh: '机器人不在该群中', en: 'the bot is not in that group' },
  230006: { zh: '应用未启用机器人能力', en: 'the app’s bot capability is off' },
  230025: { zh: '消息内容过长', en: 'message too long' },
  230099: { zh: '卡片内容无效', en: 'invalid card' },
};

export interface SendProblem {
  who: string;
  status: 'failed' | 'ambiguous';
  why: Bilingual;
  code: number | null;
  at: Date;
}

export function explain(status: 'failed' | 'ambiguous', code: number | null): Bilingual {
  if (status === 'ambiguous') return { zh: '一小时内未能确认是否送达，为免重复不再重发', en: 'delivery unconfirmed within Lark’s one-hour window; not re-sent to avoid a duplicate' };
  return (code !== null ? MEANING[code] : undefined) ?? { zh: `飞书返回错误${code !== null ? ` ${code}` : ''}`, en: `Lark answered with an error${code !== null ? ` ${code}` : ''}` };
}

/** The messages that did not reach people, newest first, with who and why (admins only). */
export async function sendProblems(tx: Kysely<Database>, actor: Actor | 'cli', limit = 20): Promise<{ total: number; problems: SendProblem[] }> {
  if (actor !== 'cli') authorize(actor, 'sends.view');
  const { total, rows } = await new OutboxRepository(tx).problems(limit);
  const names = await new CadreRepository().namesByOpenIds(tx, rows.flatMap((r) => (r.receiveId ? [r.receiveId] : [])));
  return {
    total,
    problems: rows.map((r) => ({ who: (r.receiveId && names.get(r.receiveId)) ?? r.receiveId ?? '—', status: r.status, why: explain(r.status, r.code), code: r.code, at: r.createdAt })),
  };
}

/** Just the count, for the admin's 我的 to-do. */
export async function countSendProblems(tx: Kysely<Database>): Promise<number> {
  return (await new OutboxRepository(tx).problems(0)).total;
}
