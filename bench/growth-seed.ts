// The two data sets of bench/growth.bench.ts: bench/stats-seed.ts's district (units, cadres, three programs,
// pairs with co-mentors, weekly reports, evaluations, night school, seminars) at a given number of cadres, every
// count proportional to it, plus what the stats seed leaves out and the measured paths read: applications.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database';
import { FULL, seedStats, type SeedSize } from './stats-seed';

/**
 * Weekly reports per pair. The stats bench seeds 40 (two million at 100,000 cadres, over two minutes to write);
 * neither measured path reads weekly_reports, so a quarter of that keeps the table large and the seed short.
 */
export const REPORTS_PER_PAIR = 10;

export function growthSize(cadres: number): SeedSize {
  const f = cadres / FULL.cadres;
  const n = (x: number) => Math.max(1, Math.round(x * f));
  const youngPairs = n(FULL.youngPairs);
  const reversePairs = n(FULL.reversePairs);
  const villagePairs = n(FULL.villagePairs);
  return { cadres, youngPairs, reversePairs, villagePairs, reports: REPORTS_PER_PAIR * (youngPairs + reversePairs + villagePairs), evaluations: n(FULL.evaluations) };
}

const ROUND_REASON = '希望跟您学习调研方法';

/** A pending application a mentor will accept in one measured round. */
export interface RoundApplication { applicationId: number; mentorOpenId: string; menteeOpenId: string }

export interface GrowthSeeded {
  rows: Record<string, number>;
  seconds: number;
  /** mentors with active pairs and requests waiting: whose 我的 is measured */
  meOpenIds: string[];
  /** one per accept round, distinct mentors (room left) and distinct unpaired mentees */
  accepts: RoundApplication[];
}

/**
 * Applications in 导师引航 (program 1) and 以新促老 (program 2): the accepted one behind every pair formed by
 * application, a declined or expired one beside two in five of them, and requests still waiting (made in the
 * last 36 hours, so the sweeper neither nudges nor expires them during the bench) from 2% of the cadres, 1–3
 * each. Then `rounds` more for the accept rounds.
 */
export async function seedGrowth(db: Kysely<Database>, now: Date, timeZone: string, cadres: number, rounds: number): Promise<GrowthSeeded> {
  const t0 = performance.now();
  await seedStats(db, now, timeZone, growthSize(cadres));
  const waiting = Math.max(5, Math.round(cadres * 0.02));
  await db.connection().execute(async (c) => {
    const run = (text: string) => sql.raw(text).execute(c);
    await run(`select setseed(0.17)`);
    await run(`
      insert into applications (program_id, mentee_id, mentor_id, rank, reason, status, created_at, decided_at, pair_id)
      select p.program_id, p.mentee_id, pm.mentor_id, 1, '希望跟随导师学习', 'accepted', p.formed_at - interval '2 days', p.formed_at, p.id
        from pairs p join pair_mentors pm on pm.pair_id = p.id and pm.lead
       where p.program_id in (1, 2) and p.formed_by = 'application'`);
    await run(`
      insert into applications (program_id, mentee_id, mentor_id, rank, reason, status, decline_reason, created_at, decided_at)
      select p.program_id, p.mentee_id, pm.mentor_id, 2, '', case when random() < 0.5 then 'declined' else 'expired' end, '名额有限',
             p.formed_at - interval '2 days', p.formed_at - interval '1 day'
        from pairs p join pairs q on q.id = p.id + 7 and q.program_id = p.program_id join pair_mentors pm on pm.pair_id = q.id and pm.lead
       where p.program_id in (1, 2) and p.formed_by = 'application' and random() < 0.4`);
    // Waiting requests: unpaired active young cadres to 1–3 active mentors of 导师引航.
    await run(`drop table if exists m, w`);
    await run(`create temp table m as select row_number() over (order by id) as k, id from cadres where category = 'leader_member' and active`);
    await run(`
      create temp table w as
      select row_number() over (order by random()) as k, c.id from cadres c
       where c.category = 'young' and c.active and not exists (select 1 from pairs p where p.mentee_id = c.id and p.program_id = 1 and p.status = 'active')
       order by random() limit ${waiting + rounds}`);
    await run(`
      insert into applications (program_id, mentee_id, mentor_id, rank, reason, created_at)
      select 1, w.id, m.id, r, '希望得到导师指导', timestamptz '${now.toISOString()}' - random() * interval '36 hours'
        from w cross join generate_series(1, 3) r
        join m on m.k = 1 + (w.k * 7919 + r * 104729) % (select count(*) from m)
       where w.k > ${rounds} and r <= 1 + (w.k % 3)
      on conflict do nothing`);
    // The accept rounds: mentees w.k ≤ rounds, each to a different mentor with at most 3 of 5 places taken.
    await run(`
      insert into applications (program_id, mentee_id, mentor_id, rank, reason, created_at)
      select 1, w.id, f.id, 1, '${ROUND_REASON}', timestamptz '${now.toISOString()}' - interval '1 hour'
        from w join (select row_number() over (order by m.id) as k, m.id from m
                      where (select count(*) from pairs p join pair_mentors pm on pm.pair_id = p.id
                              where p.program_id = 1 and p.status = 'active' and pm.mentor_id = m.id) between 1 and 3
                      order by m.id limit ${rounds}) f on f.k = w.k`);
    await run(`drop table m, w`);
    await run(`analyze applications`);
  });
  const accepts = await sql<{ id: number; mentor: string; mentee: string }>`
    select a.id, m.open_id as mentor, e.open_id as mentee from applications a join cadres m on m.id = a.mentor_id join cadres e on e.id = a.mentee_id
     where a.status = 'pending' and a.reason = ${ROUND_REASON} order by a.id`.execute(db);
  // Mentors (no admin or leader role) with two or more active pairs and a request waiting: a full 我的 card.
  const me = await sql<{ open_id: string }>`
    select c.open_id from cadres c
     where c.category = 'leader_member' and c.active and cardinality(c.roles) = 0
       and (select count(*) from pair_mentors pm join pairs p on p.id = pm.pair_id where pm.mentor_id = c.id and p.status = 'active') >= 2
       and exists (select 1 from applications a where a.mentor_id = c.id and a.status = 'pending' and a.reason <> ${ROUND_REASON})
       and not exists (select 1 from applications a where a.mentor_id = c.id and a.reason = ${ROUND_REASON})
     order by c.id limit 5`.execute(db);
  const counts = await sql<Record<string, number>>`
    select (select count(*) from cadres)::int as cadres, (select count(*) from pairs)::int as pairs, (select count(*) from pair_mentors)::int as pair_mentors,
           (select count(*) from weekly_reports)::int as weekly_reports, (select count(*) from applications)::int as applications,
           (select count(*) from applications where status = 'pending')::int as applications_pending, (select count(*) from evaluations)::int as evaluations`.execute(db);
  return {
    rows: counts.rows[0]!,
    seconds: (performance.now() - t0) / 1000,
    meOpenIds: me.rows.map((r) => r.open_id),
    accepts: accepts.rows.map((r) => ({ applicationId: r.id, mentorOpenId: r.mentor, menteeOpenId: r.mentee })),
  };
}
