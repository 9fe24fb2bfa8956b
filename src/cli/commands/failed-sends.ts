import type { AdminCommand } from '../admin-command';
import { sendProblems } from '../../services/send-problems';

/** The messages Lark refused for good, or whose delivery could not be confirmed, with who and why. */
export const failedSends: AdminCommand = {
  usage: 'failed-sends [<how many>]',
  describe: 'messages that did not reach people (user left, blocked the bot, no permission, unconfirmed), newest first',
  async run(ctx, args) {
    const limit = args[0] === undefined ? 50 : Number(args[0]);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      ctx.err('usage: npm run admin -- failed-sends [<how many>, 1–10000]');
      return 2;
    }
    const { total, problems } = await sendProblems(ctx.db.db, 'cli', limit);
    if (total === 0) ctx.out('所有消息都已送达 Every message was delivered.');
    else ctx.out(`${total} 条未送达 undelivered${total > problems.length ? ` (showing ${problems.length})` : ''}:`);
    for (const p of problems) ctx.out(`  ${p.at.toISOString()}  ${p.who}  ${p.status}${p.code !== null ? ` ${p.code}` : ''}  ${p.why.zh} / ${p.why.en}`);
    return 0;
  },
};
