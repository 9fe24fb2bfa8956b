import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LarkMessenger, type Messenger } from '../../lark/messenger';
import { LarkUnreachableError } from '../../roster/resolve-identities';
import { todayIn } from '../../roster/roster-dates';
import { formatRosterError } from '../../roster/roster-error';
import { importRoster, type ImportReport } from '../../services/import-roster';
import type { AdminCommand } from '../admin-command';

/** Playground mode has no Lark to ask: people given only by mobile/email stay unlinked (and are reported). */
const noLark: Pick<Messenger, 'resolveIds'> = { resolveIds: async () => new Map() };

export const importRosterCommand: AdminCommand = {
  usage: 'import-roster <file.csv|file.xlsx> [--deactivate-missing]',
  describe: 'create or update cadres from a roster file (all or nothing; the file is the whole roster)',
  async run({ config, db, logger, out, err }, args) {
    const flags = args.filter((a) => a.startsWith('--'));
    const [path, ...rest] = args.filter((a) => !a.startsWith('--'));
    const unknownFlag = flags.find((f) => f !== '--deactivate-missing');
    if (!path || rest.length > 0 || unknownFlag) {
      err(`${unknownFlag ? `unknown option ${unknownFlag}\n` : ''}usage: npm run admin -- import-roster <file.csv|file.xlsx> [--deactivate-missing]`);
      return 2;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      err(`无法读取文件 cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    const messenger = config.lark ? new LarkMessenger(config.lark, logger) : noLark;
    let report: ImportReport;
    try {
      report = await importRoster({ db: db.db, messenger, file: { name: basename(path), bytes }, today: todayIn(config.timeZone), allowMassDeactivation: flags.includes('--deactivate-missing') });
    } catch (e) {
      if (e instanceof LarkUnreachableError) {
        err(e.message);
        return 1;
      }
      throw e;
    }
    if (!report.ok) {
      err(`名册有 ${report.errors.length} 处错误，未写入任何数据 The roster has ${report.errors.length} error(s); nothing was written:`);
      for (const e of report.errors) err(`  ${formatRosterError(e)}`);
      return 1;
    }
    const c = report.counts;
    if (report.unchanged) out(`无变化 No changes: ${c.unchanged} cadre(s) already up to date.`);
    else {
      out(
        `导入完成 Imported: 新建 created ${c.created} · 更新 updated ${c.updated} · 未变 unchanged ${c.unchanged} · ` +
          `停用 deactivated ${c.deactivated} · 恢复 reactivated ${c.reactivated} · 新单位 units created ${c.unitsCreated}`,
      );
    }
    if (report.pairsEnded > 0) out(`${report.pairsEnded} 个帮带对子因有人离开而结束 pair(s) ended because someone in them left (reason: left)`);
    if (report.unresolved.length > 0) {
      if (!config.lark) out('试用模式没有飞书，手机/邮箱无法查询 Playground mode (no LARK_APP_ID): mobiles and emails cannot be looked up in Lark.');
      out(`${report.unresolved.length} 人未在飞书找到，已导入，下次导入时关联 not found in Lark; imported, will be linked on a later import:`);
      for (const u of report.unresolved) out(`  line ${u.line}: ${u.name} (${u.identity})`);
    }
    return 0;
  },
};
