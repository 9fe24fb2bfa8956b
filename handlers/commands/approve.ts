import type { HandlerContext } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { approvalCard } from '../../src/lark/cards/approval-cards';
import { noticeCard } from '../../src/lark/cards/notice-card';
import { approvalItems, pendingForLeader } from '../../src/services/evaluation-approval';
import { BATCH_SIZE } from '../../src/services/evaluation-rating';

/** `审批 / approve`: the ratings waiting for me as a main leader, a card of up to BATCH_SIZE at a time. */
export async function approve(ctx: HandlerContext): Promise<void> {
  const ids = await pendingForLeader(ctx.tx, ctx.actor);
  if (ids.length === 0) {
    ctx.reply(noticeCard(t('审批', 'Approvals'), ctx.actor.roles.includes('leader')
      ? t('目前没有等待您审批的测评。', 'No evaluation is waiting for your approval.')
      : t('审批由各单位主要领导进行；您目前没有需要审批的事项。', 'Approvals are made by each unit’s main leaders; nothing waits for you.')));
    return;
  }
  const more = ids.length - BATCH_SIZE;
  ctx.reply(approvalCard(await approvalItems(ctx.tx, ids.slice(0, BATCH_SIZE)), ctx.timeZone,
    more > 0 ? t(`共 ${ids.length} 条待审批，这里是前 ${BATCH_SIZE} 条；处理后再发送“审批”。`, `${ids.length} wait; here are the first ${BATCH_SIZE}. Send "approve" again afterwards.`) : undefined));
}
