// The data bench/fan-out.bench.ts fans out over: `n` young cadres, each the mentee of one active pair in a
// program whose 周报 falls on Friday 16:00, so one occurrence of the real weekly-report-prompt job queues one
// card to each of them. Set-based SQL, a few statements.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database';
import type { JobDef } from '../src/scheduler/job-def';

export const fanOutOpenId = (i: number): string => `ou_fan_${String(i).padStart(6, '0')}`;

export const IDLE_SCHEDULERS_AT = '2999-01-01T00:00:00Z';

export async function seedFanOut(db: Kysely<Database>, n: number, jobs: readonly JobDef[]): Promise<void> {
  const mentors = Math.max(1, Math.ceil(n / 4));
  await db.connection().execute(async (c) => {
    const run = (text: string) => sql.raw(text).execute(c);
    await run(`insert into units (id, parent_id, name, path, depth) values (1, null, '武隆区', '武隆区', 0)`);
    await run(`insert into units (id, parent_id, name, path, depth)
                 select 1 + t, 1, '镇' || t, '武隆区/镇' || t, 1 from generate_series(1, 20) t`);
    await run(`select setval('units_id_seq', 21)`);
    // mentees 1..n (open_id ou_fan_000000…), then the mentors
    await run(`insert into cadres (id, open_id, name, unit_id, category, birth_date, hire_date)
                 select i, 'ou_fan_' || lpad((i - 1)::text, 6, '0'), '干部' || i, 2 + i % 20, 'young', date '1996-03-01', date '2020-09-01'
                   from generate_series(1, ${n}) i`);
    await run(`insert into cadres (id, open_id, name, unit_id, category, birth_date, hire_date)
                 select ${n} + i, 'ou_fanm_' || i, '导师' || i, 2 + i % 20, 'leader_member', date '1975-06-01', date '1998-07-01'
                   from generate_series(1, ${mentors}) i`);
    await run(`select setval('cadres_id_seq', ${n + mentors})`);
    await run(`insert into programs (id, code, track, name_zh, name_en, start_date, unit_id, default_capacity, mentor_categories, mentee_categories, mentee_rule, report_weekday, report_time)
                 values (1, 'bench-fanout', 'young_mentoring', '导师引航', 'Young-cadre mentoring', current_date - 365, 1, 5, '{leader_member}', '{young}', 'none', 5, '16:00')`);
    await run(`select setval('programs_id_seq', 1)`);
    await run(`insert into pairs (id, program_id, mentee_id, status, formed_by, formed_at)
                 select i, 1, i, 'active', 'assignment', now() - interval '300 days' from generate_series(1, ${n}) i`);
    await run(`select setval('pairs_id_seq', ${n})`);
    await run(`insert into pair_mentors (pair_id, mentor_id, lead, added_at)
                 select i, ${n} + 1 + (i - 1) % ${mentors}, true, now() - interval '300 days' from generate_series(1, ${n}) i`);
    await run('analyze');
  });
  await idleSchedulers(db, jobs);
}

/**
 * One far-future occurrence recorded for every job: a bot's scheduler then finds nothing due, whatever the
 * clock says, so only what the bench itself does is sent (bench/growth.bench.ts uses it too).
 */
export async function idleSchedulers(db: Kysely<Database>, jobs: readonly JobDef[]): Promise<void> {
  await db.insertInto('job_runs')
    .values(jobs.map((j) => ({ job: j.name, scheduled_for: new Date(IDLE_SCHEDULERS_AT), planned_by: 'bench: keeps the bots\' schedulers idle' })))
    .execute();
}
