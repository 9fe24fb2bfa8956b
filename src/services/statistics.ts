import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { StatsRepository, type ScopeUnit, type WeekCounts, type WindowWeek } from '../db/repositories/stats-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { addDays, isoWeekOf, weekStart } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { previousQuarter, quarterOf } from '../domain/quarter';
import { parseLocalIso } from '../scheduler/local-time';
import { deniedOn } from './authorization';
import { escapeMarkdown } from '../lark/cards/card-kit';
import { attendanceByUnit, type AttendanceFigures } from './night-school-stats';
import { ruleWindow } from '../domain/eligibility';
import { ProgramRepository } from '../db/repositories/program-repository';
import { surveyTally } from './secondment-survey';
import { seminarStats } from './seminar-stats';
import type { BatchFigures, Figures, ProgramStats, Rate, RatingFigures, Statistics, UnitStats } from './statistics-types';
import { rowId } from '../domain/row-id';

/** 统计: the figures of a unit's subtree (definitions in statistics-types.ts) and who may see which unit. */

const repo = new StatsRepository();
const programRepo = new ProgramRepository();
export const WINDOW_WEEKS = 13;
export const SHORT_WEEKS = 4;

const rate = (due: number, submitted: number): Rate => ({ due, submitted, rate: due > 0 ? submitted / due : null });
const inPath = (path: string) => (p: string) => p === path || p.startsWith(`${path}/`);

/**
 * The unit an admin or a leader may look at: their own unit and everything below it (a district admin sits at
 * the top and sees everything). `key` picks a unit inside that subtree by path or by an unambiguous name.
 */
export async function statsScope(tx: Kysely<Database>, actor: Actor, key?: string): Promise<ScopeUnit> {
  if (!actor.roles.includes('admin') && !actor.roles.includes('leader')) {
    throw deniedOn(actor, 'stats.view', key ? `unit:${key}` : 'stats', { zh: '统计只对组织部管理员和主要领导开放。', en: 'Statistics are open to admins and main leaders only.' });
  }
  const home = (await repo.unit(tx, actor.unitId))!;
  if (!key) return home;
  const unit = await findUnit(tx, key);
  if (!inPath(home.path)(unit.path)) {
    throw deniedOn(actor, 'stats.view', `unit:${unit.path}`, { zh: `您只能查看${home.path}及其下属单位的统计。`, en: `You may see the statistics of ${home.path} and the units below it only.` });
  }
  return unit;
}

/** The same check for a unit a card names by id (a drill-down button): refused outside the actor's subtree. */
export async function statsScopeById(tx: Kysely<Database>, actor: Actor, unitId: unknown): Promise<ScopeUnit> {
  const id = rowId(unitId);
  const unit = id ? await repo.unit(tx, id) : undefined;
  if (!unit) throw new DomainError('invalid_input', { zh: '没有这个单位，请重新发送“统计”。', en: 'No such unit; send "stats" again.' });
  return statsScope(tx, actor, unit.path);
}

/** A unit by its full path or an unambiguous name; the whole district when no key is given. */
export async function findUnit(tx: Kysely<Database>, key?: string): Promise<ScopeUnit> {
  const k = (key ?? '').trim().replace(/\/+$/, '');
  if (!k) {
    const root = await repo.root(tx);
    if (!root) throw new DomainError('not_found', { zh: '名册中还没有单位。', en: 'The roster has no units yet.' });
    return root;
  }
  const found = await repo.unitsByKey(tx, k);
  if (found.length === 1) return found[0]!;
  // What was typed goes back in a card: shortened (a card holds 30 KB) and escaped (it is markdown).
  const typed = escapeMarkdown([...k].length > 40 ? `${[...k].slice(0, 40).join('')}…` : k);
  if (found.length === 0) throw new DomainError('not_found', { zh: `名册中没有单位“${typed}”。`, en: `There is no unit "${typed}" on the roster.` });
  const paths = found.slice(0, 5).map((u) => u.path).join('、');
  throw new DomainError('invalid_input', { zh: `有多个单位叫“${typed}”：${paths}。请写完整路径。`, en: `Several units are called "${typed}": ${paths}. Give the full path.` });
}

/** The 13 complete ISO weeks before today's week, oldest first, with the instant each Monday starts. */
export function windowWeeks(today: string, timeZone: string): WindowWeek[] {
  const monday = weekStart(isoWeekOf(today))!;
  const out: WindowWeek[] = [];
  for (let i = WINDOW_WEEKS; i >= 1; i--) {
    const d = addDays(monday, -7 * i);
    out.push({ week: isoWeekOf(d), monday: parseLocalIso(`${d}T00:00`, timeZone)! });
  }
  return out;
}

/** Attendance over several units: the sum of their counts (the scope's are read once, then rolled up per child). */
function rollUp(units: AttendanceFigures[]): AttendanceFigures {
  const f = units.reduce((a, p) => ({ audience: a.audience + p.audience, present: a.present + p.present, leave: a.leave + p.leave, absent: a.absent + p.absent }), { audience: 0, present: 0, leave: 0, absent: 0 });
  return { ...f, rate: f.audience - f.leave > 0 ? f.present / (f.audience - f.leave) : null };
}

function sumWeeks(rows: WeekCounts[], weeks: Set<string>): Rate {
  let due = 0;
  let submitted = 0;
  for (const r of rows) if (weeks.has(r.week)) { due += r.due; submitted += r.submitted; }
  return rate(due, submitted);
}

/** The program's mentee pool within the scope, counted in the database with its rule on every start date it uses. */
export async function menteePoolCounts(tx: Kysely<Database>, scope: ScopeUnit, programId: number): Promise<{ eligible: number; covered: number }> {
  const program = (await programRepo.findById(tx, programId))!;
  const starts = new Set([program.startDate, ...(await programRepo.batches(tx, programId)).map((b) => b.startDate)]);
  return repo.menteePoolCounts(tx, scope, program, [...starts].map((d) => ruleWindow(program.menteeRule, d)));
}

/**
 * Promise.all that lets every query finish before it fails, so that none is still running on a connection (or a
 * transaction) its caller has already given up.
 */
async function together<T extends readonly unknown[] | []>(work: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = (await Promise.allSettled(work)) as PromiseSettledResult<unknown>[];
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

/**
 * The figures of a unit's subtree. The queries are independent and go out together: on a pool (HandlerContext
 * reader) they run side by side on its connections, in a transaction they take turns on its one.
 */
export async function statistics(tx: Kysely<Database>, scopeUnitId: number, now: Date, timeZone: string): Promise<Statistics> {
  const scope = await repo.unit(tx, scopeUnitId);
  if (!scope) throw new DomainError('not_found', { zh: '没有这个单位。', en: 'No such unit.' });
  const today = localDate(now, timeZone);
  const window = windowWeeks(today, timeZone);
  const weeks = window.map((w) => w.week);
  const all = new Set(weeks);
  const short = new Set(weeks.slice(-SHORT_WEEKS));
  const from = window[0]!.monday;
  const to = parseLocalIso(`${weekStart(isoWeekOf(today))}T00:00`, timeZone)!;
  const quarter = previousQuarter(quarterOf(today));
  const inScope = inPath(scope.path);

  const [children, programs] = await together([repo.children(tx, scope.unitId), repo.programs(tx)]);
  // the slowest first, so that it starts first
  const [{ weeks: reportRows, tutoring }, counts, formRows, pools, tallies, ratingRows, staff, school, seminars] = await together([
    repo.reportWeeks(tx, scope, window, children),
    repo.pairCounts(tx, scope, children),
    repo.forms(tx, scope),
    together(programs.map((p) => menteePoolCounts(tx, scope, p.id))),
    together(programs.map((p) => (p.track === 'village_secondment' ? surveyTally(tx, p.id, today, inScope) : undefined))),
    repo.ratings(tx, scope, quarter),
    repo.staffItems(tx, scope),
    attendanceByUnit(tx, { from, to, unitPath: scope.path }),
    seminarStats(tx, { from, to, unitPath: scope.path }),
  ]);
  const forms = new Map(formRows.map((f) => [f.programId, f]));

  const ratingsOf = (programId?: number): RatingFigures => {
    const r: RatingFigures = { quarter, excellent: 0, good: 0, pass: 0, fail: 0, unapproved: 0 };
    for (const row of ratingRows) {
      if (programId !== undefined && row.programId !== programId) continue;
      if (row.rating === null) r.unapproved += row.n;
      else r[row.rating] += row.n;
    }
    return r;
  };
  const figures = (programId: number | null): Figures => {
    const c = counts.find((x) => x.childId === null && x.programId === programId);
    const rows = reportRows.filter((r) => r.childId === null && (programId === null || r.programId === programId));
    const f = programId === null
      ? [...forms.values()].reduce((a, b) => ({ oneToOne: a.oneToOne + b.oneToOne, oneToMany: a.oneToMany + b.oneToMany, manyToOne: a.manyToOne + b.manyToOne }), { oneToOne: 0, oneToMany: 0, manyToOne: 0 })
      : forms.get(programId) ?? { oneToOne: 0, oneToMany: 0, manyToOne: 0 };
    return {
      mentors: c?.mentors ?? 0, pairsActive: c?.pairsActive ?? 0, pairsEnded: c?.pairsEnded ?? 0, menteesCovered: c?.menteesCovered ?? 0,
      forms: { oneToOne: f.oneToOne, oneToMany: f.oneToMany, manyToOne: f.manyToOne },
      reports4: sumWeeks(rows, short), reports13: sumWeeks(rows, all),
      tutoringMinutes: programId === null ? [...tutoring.values()].reduce((a, b) => a + b, 0) : tutoring.get(programId) ?? 0,
      ratings: ratingsOf(programId ?? undefined),
      staff: (({ open, done }) => ({ open, done }))(staff.find((s) => s.programId === programId) ?? { open: 0, done: 0 }),
    };
  };

  const programStats: ProgramStats[] = [];
  for (const [i, p] of programs.entries()) {
    const pool = pools[i]!;
    const tally = tallies[i];
    const seminar = seminars.programs.find((s) => s.programId === p.id);
    let batches: BatchFigures[] = [];
    if (tally) {
      batches = tally.batches.map((b) => ({
        number: b.number, startDate: b.startDate, endDate: b.endDate, members: b.total, answered: b.answered,
        top: b.ranking.slice(0, 3).map((r) => ({ nameZh: r.nameZh, nameEn: r.nameEn, score: r.score })),
      }));
    }
    programStats.push({
      programId: p.id, code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, track: p.track, ...figures(p.id),
      eligible: pool.eligible, eligibleCovered: pool.covered, coverage: pool.eligible > 0 ? pool.covered / pool.eligible : null,
      seminar: seminar ? { seminars: seminar.seminars, invited: seminar.invited, submitted: seminar.submitted, presented: seminar.presented } : { seminars: 0, invited: 0, submitted: 0, presented: 0 },
      batches,
    });
  }

  const units: UnitStats[] = [];
  for (const child of children) {
    const c = counts.find((x) => x.programId === null && x.childId === child.unitId);
    const rows = reportRows.filter((r) => r.childId === child.unitId);
    units.push({
      unitId: child.unitId, path: child.path, name: child.name, mentors: c?.mentors ?? 0, pairsActive: c?.pairsActive ?? 0,
      menteesCovered: c?.menteesCovered ?? 0, reports13: sumWeeks(rows, all), school: rollUp(school.filter((u) => inPath(child.path)(u.unitPath))),
    });
  }

  const total = counts.find((x) => x.childId === null && x.programId === null);
  const reportWeeks = weeks.map((week) => {
    const rows = reportRows.filter((r) => r.childId === null && r.week === week);
    return { week, ...rate(rows.reduce((n, r) => n + r.due, 0), rows.reduce((n, r) => n + r.submitted, 0)) };
  });
  return {
    scope: { unitId: scope.unitId, path: scope.path, name: scope.name },
    computedAt: now,
    computedOn: today,
    weeks,
    sentence: { mentors: total?.mentors ?? 0, pairs: total?.pairsActive ?? 0, youngCovered: total?.youngCovered ?? 0 },
    total: { ...figures(null), school: rollUp(school), seminar: seminars.total },
    reportWeeks,
    programs: programStats,
    units,
  };
}
