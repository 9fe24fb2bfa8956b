import { afterEach, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { Cluster, fanOutJob, HOUR, TestClock } from './scheduler-kit';

const N = 5;

describe.skipIf(missing('postgres') || missing('redis'))('scheduled jobs: once per occurrence across instances', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('three instances woken at the same moment run an occurrence once: one job_runs row, one message per recipient', async () => {
    // Friday 2024-10-11, an hour before the 16:00 occurrence: the start-up rounds find nothing due.
    const clock = new TestClock(new Date('2024-10-11T15:00:00+08:00'));
    const job = fanOutJob({ name: 'friday-reminder', cron: '0 16 * * 5', catchUpMs: 2 * HOUR, prefix: 'ou_sched_fri_' });
    cluster = await new Cluster(clock, [job]).start(3);
    const people = await cluster.addPeople('ou_sched_fri_', N);
    expect(await cluster.wakeAll()).toEqual([]);

    clock.set('2024-10-11T16:00:00.020+08:00');
    const round = await cluster.wakeAll();
    const ran = round.filter((e) => e.result?.status === 'ran');
    expect(ran).toHaveLength(1);
    expect(ran[0]!.result).toMatchObject({ recipients: N, late: false });
    expect(round.filter((e) => e.error)).toEqual([]);

    const runs = await cluster.runs('friday-reminder');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ scheduledFor: new Date('2024-10-11T08:00:00Z'), recipients: N, late: false, outcome: 'ran' });
    const rows = await cluster.outboxRows('friday-reminder');
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => Number(r.job_run_id) === runs[0]!.id)).toBe(true);
    expect(rows.map((r) => r.dedupe_key).sort()).toEqual(people.map((p) => `job:friday-reminder:2024-10-11T08:00:00.000Z:${p}`).sort());

    // Later wakes (any instance, any number) change nothing.
    clock.set('2024-10-11T16:05:00+08:00');
    expect(await cluster.wakeAll()).toEqual([]);
    const delivered = await cluster.delivered();
    expect(delivered).toHaveLength(N);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(N);
    for (const p of people) expect(cluster.emulator.messages({ sender: 'app', receiveOpenId: p })).toHaveLength(1);
    expect(await cluster.runs('friday-reminder')).toHaveLength(1);
  });

  it('a job that throws leaves no job_runs row and no outbox rows; the next wake runs it', async () => {
    const clock = new TestClock(new Date('2024-10-11T15:00:00+08:00'));
    let broken = true;
    const job = fanOutJob({ name: 'flaky', cron: '0 16 * * 5', catchUpMs: 2 * HOUR, prefix: 'ou_sched_flaky_', failWhile: () => broken });
    cluster = await new Cluster(clock, [job]).start(3);
    const people = await cluster.addPeople('ou_sched_flaky_', N);

    clock.set('2024-10-11T16:00:00.020+08:00');
    const failed = await cluster.wakeAll();
    // every instance that tried it failed and rolled back; none recorded anything
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((e) => e.error instanceof Error)).toBe(true);
    expect(await cluster.runs('flaky')).toEqual([]);
    expect(await cluster.outboxRows()).toEqual([]);
    expect(cluster.lines('error', 'job flaky failed').length).toBe(failed.length);

    broken = false;
    clock.set('2024-10-11T16:01:00+08:00');
    const round = await cluster.wakeAll();
    expect(round.filter((e) => e.result?.status === 'ran')).toHaveLength(1);
    expect(await cluster.runs('flaky')).toMatchObject([{ recipients: N, outcome: 'ran', late: false }]);
    const delivered = await cluster.delivered();
    expect(delivered.map((m) => m.uuid).length).toBe(N);
    for (const p of people) expect(cluster.emulator.messages({ sender: 'app', receiveOpenId: p })).toHaveLength(1);
  });
});

describe.skipIf(missing('postgres') || missing('redis'))('scheduled jobs: catch-up after an outage', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('runs the occurrences missed inside the window once each, marked late', async () => {
    const clock = new TestClock(new Date('2024-10-08T09:00:10+08:00'));
    const job = fanOutJob({ name: 'daily-in-window', cron: '0 9 * * *', catchUpMs: 48 * HOUR, prefix: 'ou_sched_in_' });
    cluster = await new Cluster(clock, [job]).start(1);
    // after the start-up round: with nothing recorded, the 48 h window reached back to 10-07 (nobody on the roster yet)
    await cluster.first.app.scheduler.tick();
    const people = await cluster.addPeople('ou_sched_in_', N);
    expect(await cluster.runs('daily-in-window')).toMatchObject([
      { scheduledFor: new Date('2024-10-07T01:00:00Z'), late: true, recipients: 0 },
      { scheduledFor: new Date('2024-10-08T01:00:00Z'), late: false, recipients: 0 },
    ]);
    await cluster.first.close();
    cluster.instances.splice(0);

    // Nobody ran for two days; an instance starts at 10-10 09:30, past the 10-09 and 10-10 occurrences.
    clock.set('2024-10-10T09:30:00+08:00');
    const restarted = await cluster.addInstance();
    await restarted.app.scheduler.tick();
    const runs = await cluster.runs('daily-in-window');
    expect(runs.map((r) => [r.scheduledFor.toISOString(), r.late, r.recipients])).toEqual([
      ['2024-10-07T01:00:00.000Z', true, 0],
      ['2024-10-08T01:00:00.000Z', false, 0],
      ['2024-10-09T01:00:00.000Z', true, N],
      ['2024-10-10T01:00:00.000Z', true, N],
    ]);
    expect(await cluster.addInstance().then((h) => h.app.scheduler.tick())).toEqual([]);
    const delivered = await cluster.delivered();
    expect(delivered).toHaveLength(2 * N);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(2 * N);
    for (const p of people) expect(cluster.emulator.messages({ sender: 'app', receiveOpenId: p })).toHaveLength(2);
    expect(cluster.lines('info', 'job ran late').length).toBe(3);
  });

  it('skips the occurrences older than the window with one warning and sends nothing for them', async () => {
    const clock = new TestClock(new Date('2024-10-08T09:00:10+08:00'));
    const job = fanOutJob({ name: 'daily-short-window', cron: '0 9 * * *', catchUpMs: HOUR, prefix: 'ou_sched_out_' });
    cluster = await new Cluster(clock, [job]).start(1);
    await cluster.first.app.scheduler.tick();
    await cluster.first.close();
    cluster.instances.splice(0);

    // Two instances come back at 10-10 12:00: 10-09 09:00 and 10-10 09:00 are both older than an hour.
    clock.set('2024-10-10T12:00:00+08:00');
    await Promise.all([cluster.addInstance(), cluster.addInstance()]);
    await cluster.addPeople('ou_sched_out_', N);
    await cluster.wakeAll();
    await cluster.wakeAll();

    const warnings = cluster.lines('warn', 'job daily-short-window');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ job: 'daily-short-window', missed: 2, first: '2024-10-09T01:00:00.000Z', last: '2024-10-10T01:00:00.000Z' });
    expect(warnings[0]!.msg).toContain('2 occurrence(s) from 2024-10-09T01:00:00.000Z to 2024-10-10T01:00:00.000Z');
    const runs = await cluster.runs('daily-short-window');
    expect(runs.map((r) => [r.scheduledFor.toISOString(), r.outcome])).toEqual([
      ['2024-10-08T01:00:00.000Z', 'ran'],
      ['2024-10-10T01:00:00.000Z', 'skipped-too-late'],
    ]);
    expect(await cluster.outboxRows()).toEqual([]);

    // The next day runs normally again.
    clock.set('2024-10-11T09:00:01+08:00');
    await cluster.wakeAll();
    expect((await cluster.runs('daily-short-window')).at(-1)).toMatchObject({ outcome: 'ran', recipients: N, late: false });
  });
});

describe.skipIf(missing('postgres') || missing('redis'))('scheduled jobs on the work calendar', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('a workdays job passes over the National Day holidays and runs on the make-up weekend days', async () => {
    const clock = new TestClock(new Date('2024-09-27T08:00:00+08:00'));
    const job = fanOutJob({ name: 'daily-9am', cron: '0 9 * * *', calendar: 'workdays', catchUpMs: 2 * HOUR, prefix: 'ou_sched_wd_' });
    cluster = await new Cluster(clock, [job]).start(2);
    await cluster.addPeople('ou_sched_wd_', 2);
    for (let day = new Date('2024-09-27T09:00:05+08:00'); day <= new Date('2024-10-14T09:00:05+08:00'); day = new Date(day.getTime() + 24 * HOUR)) {
      clock.set(day.toISOString());
      await cluster.wakeAll();
    }
    const byDate = Object.fromEntries((await cluster.runs('daily-9am')).map((r) => [new Date(r.scheduledFor.getTime() + 8 * HOUR).toISOString().slice(0, 10), r.outcome]));
    expect(byDate).toEqual({
      '2024-09-27': 'ran', // Friday
      '2024-09-28': 'skipped-not-workday', // Saturday
      '2024-09-29': 'ran', // Sunday, made up for National Day
      '2024-09-30': 'ran',
      '2024-10-01': 'skipped-not-workday', '2024-10-02': 'skipped-not-workday', '2024-10-03': 'skipped-not-workday', '2024-10-04': 'skipped-not-workday',
      '2024-10-05': 'skipped-not-workday', '2024-10-06': 'skipped-not-workday', '2024-10-07': 'skipped-not-workday',
      '2024-10-08': 'ran', '2024-10-09': 'ran', '2024-10-10': 'ran', '2024-10-11': 'ran',
      '2024-10-12': 'ran', // Saturday, made up for National Day
      '2024-10-13': 'skipped-not-workday', // Sunday
      '2024-10-14': 'ran',
    });
    // recorded and said, once each (two instances raced for every day)
    expect(cluster.lines('info', 'not a workday')).toHaveLength(9);
    expect(await cluster.outboxRows()).toHaveLength(9 * 2);
    const delivered = await cluster.delivered();
    expect(delivered).toHaveLength(18);
  });

  it('in a year without holiday data, runs Monday to Friday and warns once', async () => {
    const clock = new TestClock(new Date('2099-01-01T08:00:00+08:00'));
    const job = fanOutJob({ name: 'future-9am', cron: '0 9 * * *', calendar: 'workdays', catchUpMs: 2 * HOUR, prefix: 'ou_sched_fy_' });
    cluster = await new Cluster(clock, [job]).start(1);
    for (const day of ['2099-01-01', '2099-01-02', '2099-01-03', '2099-01-04', '2099-01-05']) {
      clock.set(`${day}T09:00:05+08:00`);
      await cluster.wakeAll();
    }
    const runs = await cluster.runs('future-9am');
    // 2099-01-01 is a Thursday: New Year's Day, but without data it counts as a plain weekday
    expect(runs.map((r) => r.outcome)).toEqual(['ran', 'ran', 'skipped-not-workday', 'skipped-not-workday', 'ran']);
    expect(cluster.lines('warn', 'no holiday data')).toHaveLength(1);
  });
});
