import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database';
import type { Messenger } from '../lark/messenger';
import { DomainError } from '../domain/domain-error';
import { importRoster, type ImportCounts } from './import-roster';
import { syncProgram, type ProgramDefinition, type SyncResult } from './sync-program';

/**
 * The Huolu-town scenario of PROGRAM.md: demo/roster.csv through the real roster import, then the three
 * programs of demo/programs.json. Idempotent: a second run changes nothing and says so.
 */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const DemoFile = z.object({
  programs: z.array(
    z.object({
      code: z.string(),
      track: z.enum(['young_mentoring', 'reverse_mentoring', 'village_secondment']),
      nameZh: z.string().min(1),
      nameEn: z.string().min(1),
      unit: z.string().min(1),
      startDate: Day,
      endDate: Day.nullable(),
      defaultCapacity: z.number().int(),
      batches: z.array(z.object({ number: z.number().int(), startDate: Day, endDate: Day, members: z.array(z.string()) })).optional(),
    }),
  ),
});

export interface SeedDemoReport {
  roster: { counts: ImportCounts; unchanged: boolean };
  programs: SyncResult[];
  /** true when neither the roster nor any program changed */
  unchanged: boolean;
}

/**
 * The demo roster gives open_ids only, so the import never needs Lark's contact API; this stands in for a
 * messenger where there is none (the admin command line, the playground before its emulator is wired).
 */
export const offlineMessenger: Pick<Messenger, 'resolveIds'> = {
  async resolveIds() {
    throw new Error('the demo roster gives open_ids; resolving mobiles or emails needs Lark');
  },
};

export async function loadDemoPrograms(dir = DEMO_DIR): Promise<ProgramDefinition[]> {
  const parsed = DemoFile.safeParse(JSON.parse(await readFile(path.join(dir, 'programs.json'), 'utf8')));
  if (!parsed.success) throw new Error(`demo/programs.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.programs;
}

export async function seedDemo(opts: {
  db: Kysely<Database>;
  messenger?: Pick<Messenger, 'resolveIds'>;
  /** for the audit log: 'cli:<user>' or 'playground' */
  actor: string;
  dir?: string;
}): Promise<SeedDemoReport> {
  const dir = opts.dir ?? DEMO_DIR;
  const definitions = await loadDemoPrograms(dir);
  const bytes = await readFile(path.join(dir, 'roster.csv'));
  const report = await importRoster({ db: opts.db, messenger: opts.messenger ?? offlineMessenger, file: { name: 'roster.csv', bytes }, actorOpenId: opts.actor });
  if (!report.ok) {
    const lines = report.errors.slice(0, 10).map((e) => `line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.reason}`).join('\n');
    throw new DomainError('invalid_input', { zh: `演示名册有误，未导入：\n${lines}`, en: `the demo roster has errors; nothing imported:\n${lines}` });
  }
  const programs = await opts.db.transaction().execute(async (trx) => {
    const results: SyncResult[] = [];
    for (const def of definitions) results.push(await syncProgram(trx, def, opts.actor));
    return results;
  });
  return {
    roster: { counts: report.counts, unchanged: report.unchanged },
    programs,
    unchanged: report.unchanged && programs.every((p) => p.action === 'unchanged'),
  };
}
