import type { AdminCommand } from '../admin-command';
import { OutboxRepository } from '../../db/repositories/outbox-repository';
import { localDate } from '../../domain/local-date';
import { surveyFormCard } from '../../lark/cards/secondment-cards';
import { requireProgram } from '../../services/program-admin';
import { sendSurvey, villageAbilities } from '../../services/secondment-survey';
import { cliActor, guarded, usageError } from './admin-output';

const USAGE = 'survey-send <code> [<batch number>]';

/**
 * 摸排 from the command line: the same use case as the admin card's "发送摸排". The cards go into the outbox
 * in the same transaction as the audit entry; the running bot's dispatcher delivers them.
 */
export const surveySend: AdminCommand = {
  usage: USAGE,
  describe: 'send a secondment batch\'s pre-survey (摸排) to its members who have not answered (default: the batch running now or next)',
  async run(ctx, args) {
    const [code, number, ...rest] = args;
    if (!code || rest.length > 0 || (number !== undefined && !/^\d{1,4}$/.test(number))) return usageError(ctx, USAGE);
    const db = ctx.db.db;
    return guarded(ctx, () => db.transaction().execute(async (trx) => {
      const program = await requireProgram(trx, code);
      const today = localDate(new Date(), ctx.config.timeZone);
      const sent = await sendSurvey(trx, cliActor(), { programId: program.id, today, ...(number === undefined ? {} : { number: Number(number) }) });
      const abilities = await villageAbilities(trx);
      await new OutboxRepository(db).enqueue(trx, sent.recipients.map((r) => ({
        kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: r.openId, msgType: 'interactive' as const, content: surveyFormCard({ batch: sent.batch, abilities }),
      })));
      ctx.out(`${program.code} batch ${sent.batch.number} (${sent.batch.startDate} – ${sent.batch.endDate}): survey queued for ${sent.recipients.length} member(s); ${sent.answered}/${sent.total} already answered.`);
      if (sent.unreachable.length > 0) ctx.out(`    not sent (no Lark account yet): ${sent.unreachable.join(', ')}`);
      if (sent.recipients.length > 0) ctx.out('    the running bot delivers queued messages within a few seconds.');
      return 0;
    }));
  },
};
