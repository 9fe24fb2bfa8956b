import type { AdminCommand } from '../admin-command';
import { CatalogueRepository } from '../../db/repositories/catalogue-repository';
import { addCatalogueItem, renameCatalogueItem, retireCatalogueItem } from '../../services/catalogue';
import { requireKind } from '../../domain/catalogue';
import { cliActor, guarded, usageError } from './admin-output';

const USAGE = [
  'catalogue list [ability|measure|method]',
  'catalogue add <code> <ability|measure|method> <young;reverse;village> <中文名> <English name>',
  'catalogue rename <code> <中文名> [English name]',
  'catalogue retire <code>',
].join('\n       npm run admin -- ');

/** `catalogue …`: the needs menu (菜单化需求库) that needs, strengths and the roster's columns name. */
export const catalogue: AdminCommand = {
  usage: 'catalogue list|add|rename|retire …',
  describe: 'list the needs catalogue, add an item, rename it, or retire it',
  async run(ctx, args) {
    const [sub, ...rest] = args;
    const db = ctx.db.db;
    return guarded(ctx, async () => {
      if (sub === 'list' || sub === undefined) {
        if (rest.length > 1) return usageError(ctx, USAGE);
        const kind = rest[0] ? requireKind(rest[0]) : undefined;
        const items = (await new CatalogueRepository().listAll(db)).filter((i) => !kind || i.kind === kind);
        for (const i of items) {
          ctx.out(`${i.code.padEnd(22)} ${i.kind.padEnd(8)} ${i.tracks.join(';').padEnd(22)} ${i.nameZh} / ${i.nameEn}${i.active ? '' : '  [retired 已停用]'}`);
        }
        ctx.out(`${items.filter((i) => i.active).length} active, ${items.filter((i) => !i.active).length} retired`);
        return 0;
      }
      if (sub === 'add') {
        const [code, kind, tracks, nameZh, ...en] = rest;
        if (!code || !kind || !tracks || !nameZh || en.length === 0) return usageError(ctx, USAGE);
        const item = await addCatalogueItem(db, { code, kind, tracks, nameZh, nameEn: en.join(' ') }, cliActor());
        ctx.out(`Added ${item.code}: ${item.nameZh} / ${item.nameEn} (${item.kind}; ${item.tracks.join(';')})`);
        return 0;
      }
      if (sub === 'rename') {
        const [code, nameZh, ...en] = rest;
        if (!code || !nameZh) return usageError(ctx, USAGE);
        const item = await renameCatalogueItem(db, code, { nameZh, ...(en.length ? { nameEn: en.join(' ') } : {}) }, cliActor());
        ctx.out(`Renamed ${item.code}: ${item.nameZh} / ${item.nameEn}`);
        return 0;
      }
      if (sub === 'retire') {
        const [code] = rest;
        if (!code || rest.length > 1) return usageError(ctx, USAGE);
        const { item, alreadyRetired, holders } = await retireCatalogueItem(db, code, cliActor());
        ctx.out(alreadyRetired
          ? `${item.code} (${item.nameZh}) was already retired; nothing changed.`
          : `Retired ${item.code} (${item.nameZh}): it leaves the menu; ${holders.needs} need(s) and ${holders.strengths} strength(s) that hold it are kept.`);
        return 0;
      }
      return usageError(ctx, USAGE, `unknown subcommand "${sub}"`);
    });
  },
};
