import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { INBOX_KEEP_DAYS, OUTBOX_KEEP_DAYS, purgeOldInbox, purgeOldOutbox } from '../../src/scheduler/retention';

/**
 * Nightly housekeeping: finished inbox rows past Lark's replay horizon (retries end ~7.1 h after an event;
 * 8 days is far outside it) and delivered or failed outbox rows older than 30 days. Sends nothing.
 * At 03:30 Beijing time nobody is using the bot. A missed night is caught up for 20 h; after that the
 * next night's run deletes the same rows anyway.
 */
export const purgeInbox: JobDef = {
  name: 'purge-inbox',
  describe: t(
    `清理 ${INBOX_KEEP_DAYS} 天前已处理的收件记录和 ${OUTBOX_KEEP_DAYS} 天前已发送/失败的发件记录`,
    `Delete handled inbox rows older than ${INBOX_KEEP_DAYS} days and sent/failed outbox rows older than ${OUTBOX_KEEP_DAYS} days`,
  ),
  cron: '30 3 * * *',
  calendar: 'all',
  catchUpMs: 20 * 3_600_000,
  async run(ctx) {
    const inbox = await purgeOldInbox(ctx.tx);
    const outbox = await purgeOldOutbox(ctx.tx);
    ctx.log.info({ inbox, outbox }, 'purged old inbox and outbox rows');
  },
};
