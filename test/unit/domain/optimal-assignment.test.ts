import { describe, expect, it } from 'vitest';
import { optimalAssignment, type AssignmentProblem, type AssignmentResult } from '../../../src/domain/optimal-assignment';
import { proposalScore } from '../../../src/domain/assignment-score';
import { matchScore } from '../../../src/domain/match-score';

/** Scores as a table: table[mentee][mentor], null = forbidden. */
function problem(mentees: number[], mentors: { id: number; slots: number }[], table: Record<number, Record<number, number | null>>): AssignmentProblem {
  return { mentees: mentees.map((id) => ({ id })), mentors, score: (m, t) => table[m]?.[t] ?? null };
}

const sorted = (r: AssignmentResult) => [...r.pairs].sort((a, b) => a.menteeId - b.menteeId).map((p) => [p.menteeId, p.mentorId]);
const total = (r: AssignmentResult) => Math.round(r.pairs.reduce((s, p) => s + p.score, 0) * 1000);

/** Highest score first, take it if both sides are still free: what a hurried person would do. */
function greedy(p: AssignmentProblem): AssignmentResult {
  const edges = p.mentees.flatMap((m) => p.mentors.map((t) => ({ menteeId: m.id, mentorId: t.id, score: p.score(m.id, t.id) })))
    .filter((e): e is { menteeId: number; mentorId: number; score: number } => e.score !== null).sort((a, b) => b.score - a.score);
  const left = new Map(p.mentors.map((t) => [t.id, t.slots]));
  const done = new Set<number>();
  const pairs = [];
  for (const e of edges) {
    if (done.has(e.menteeId) || (left.get(e.mentorId) ?? 0) <= 0) continue;
    pairs.push(e);
    done.add(e.menteeId);
    left.set(e.mentorId, left.get(e.mentorId)! - 1);
  }
  return { pairs, unmatched: p.mentees.map((m) => m.id).filter((id) => !done.has(id)) };
}

/** A small seeded PRNG (mulberry32), so every random case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomProblem(seed: number, nMentees: number, nMentors: number, maxSlots: number, forbidShare: number): AssignmentProblem {
  const r = rng(seed);
  const table: Record<number, Record<number, number | null>> = {};
  const mentees = Array.from({ length: nMentees }, (_v, i) => 100 + i);
  const mentors = Array.from({ length: nMentors }, (_v, j) => ({ id: 500 + j, slots: Math.floor(r() * (maxSlots + 1)) }));
  for (const m of mentees) {
    table[m] = {};
    // three decimals, like matchScore's totals: the ×1000 integer costs are then exact
    for (const t of mentors) table[m]![t.id] = r() < forbidShare ? null : Math.round(r() * 150_000) / 1000;
  }
  return problem(mentees, mentors, table);
}

/** Every way to give each mentee one allowed mentor or none: the best (count, total×1000). */
function bruteForce(p: AssignmentProblem): { count: number; total: number } {
  const left = new Map(p.mentors.map((t) => [t.id, t.slots]));
  let best = { count: 0, total: 0 };
  const go = (i: number, count: number, sum: number): void => {
    if (i === p.mentees.length) {
      if (count > best.count || (count === best.count && sum > best.total)) best = { count, total: sum };
      return;
    }
    const m = p.mentees[i]!.id;
    go(i + 1, count, sum);
    for (const t of p.mentors) {
      const s = p.score(m, t.id);
      if (s === null || left.get(t.id)! <= 0) continue;
      left.set(t.id, left.get(t.id)! - 1);
      go(i + 1, count + 1, sum + Math.round(s * 1000));
      left.set(t.id, left.get(t.id)! + 1);
    }
  };
  go(0, 0, 0);
  return best;
}

/** A plain maximum flow (augmenting paths, no costs): how many mentees can be placed at all. */
function maxPlaced(p: AssignmentProblem): number {
  const left = new Map(p.mentors.map((t) => [t.id, t.slots]));
  const owner = new Map<number, number[]>(p.mentors.map((t) => [t.id, []]));
  const assigned = new Map<number, number>();
  const augment = (m: number, seen: Set<number>): boolean => {
    for (const t of p.mentors) {
      if (seen.has(t.id) || p.score(m, t.id) === null) continue;
      seen.add(t.id);
      if (left.get(t.id)! > 0) {
        left.set(t.id, left.get(t.id)! - 1);
        owner.get(t.id)!.push(m);
        assigned.set(m, t.id);
        return true;
      }
      for (const other of owner.get(t.id)!) {
        if (augment(other, seen)) {
          const list = owner.get(t.id)!;
          list.splice(list.indexOf(other), 1, m);
          assigned.set(m, t.id);
          return true;
        }
      }
    }
    return false;
  };
  let n = 0;
  for (const m of p.mentees) if (augment(m.id, new Set())) n++;
  return n;
}

function expectFeasible(p: AssignmentProblem, r: AssignmentResult): void {
  const menteeIds = r.pairs.map((x) => x.menteeId);
  expect(new Set(menteeIds).size).toBe(menteeIds.length);
  expect(new Set([...menteeIds, ...r.unmatched]).size).toBe(p.mentees.length);
  const slots = new Map(p.mentors.map((t) => [t.id, t.slots]));
  const used = new Map<number, number>();
  for (const x of r.pairs) {
    expect(p.score(x.menteeId, x.mentorId)).not.toBeNull();
    expect(x.score).toBe(p.score(x.menteeId, x.mentorId));
    used.set(x.mentorId, (used.get(x.mentorId) ?? 0) + 1);
  }
  for (const [id, n] of used) expect(n).toBeLessThanOrEqual(slots.get(id)!);
}

/**
 * Optimality certificate for a large case: a maximum flow is a cheapest one exactly when its residual graph
 * has no negative cycle (Bellman–Ford finds one if it exists). Costs are the ×1000 negated scores.
 */
function hasNegativeCycle(p: AssignmentProblem, r: AssignmentResult): boolean {
  const nM = p.mentees.length;
  const idx = new Map(p.mentees.map((m, i) => [m.id, i]));
  const tdx = new Map(p.mentors.map((t, j) => [t.id, nM + j]));
  const s = nM + p.mentors.length;
  const t = s + 1;
  const paired = new Map(r.pairs.map((x) => [x.menteeId, x.mentorId]));
  const used = new Map<number, number>();
  for (const x of r.pairs) used.set(x.mentorId, (used.get(x.mentorId) ?? 0) + 1);
  const arcs: [number, number, number][] = [];
  for (const m of p.mentees) {
    const i = idx.get(m.id)!;
    arcs.push(paired.has(m.id) ? [i, s, 0] : [s, i, 0]);
    for (const mt of p.mentors) {
      const sc = p.score(m.id, mt.id);
      if (sc === null || mt.slots <= 0) continue;
      const c = Math.round(sc * 1000);
      arcs.push(paired.get(m.id) === mt.id ? [tdx.get(mt.id)!, i, c] : [i, tdx.get(mt.id)!, -c]);
    }
  }
  for (const mt of p.mentors) {
    const u = used.get(mt.id) ?? 0;
    if (u < mt.slots) arcs.push([tdx.get(mt.id)!, t, 0]);
    if (u > 0) arcs.push([t, tdx.get(mt.id)!, 0]);
  }
  const dist = new Float64Array(t + 1); // all zero: a virtual source to every node
  for (let round = 0; round <= t; round++) {
    let changed = false;
    for (const [a, b, c] of arcs) if (dist[a]! + c < dist[b]!) { dist[b] = dist[a]! + c; changed = true; }
    if (!changed) return false;
  }
  return true;
}

describe('optimalAssignment', () => {
  it('finds the hand-checked optimum where picking the best pair first goes wrong', () => {
    // Mentors: X takes 2, Y 1, Z 1. Scores (— = forbidden):
    //          X    Y    Z
    //   m1   100   90    —
    //   m2    95    —   20
    //   m3    98   10    —
    //   m4     —   60   50
    // All four can be placed in three ways (X takes two of m1–m3, the third and m4 share Y and Z):
    //   X={m1,m2}: m3→Y 10, m4→Z 50   → 100+95+10+50 = 255
    //   X={m1,m3}: m2→Z 20, m4→Y 60   → 100+98+20+60 = 278   (greedy ends here)
    //   X={m2,m3}: m1→Y 90, m4→Z 50   →  95+98+90+50 = 333   (the optimum)
    const p = problem([1, 2, 3, 4], [{ id: 10, slots: 2 }, { id: 20, slots: 1 }, { id: 30, slots: 1 }], {
      1: { 10: 100, 20: 90, 30: null },
      2: { 10: 95, 20: null, 30: 20 },
      3: { 10: 98, 20: 10, 30: null },
      4: { 10: null, 20: 60, 30: 50 },
    });
    expect(sorted(greedy(p))).toEqual([[1, 10], [2, 30], [3, 10], [4, 20]]);
    expect(total(greedy(p))).toBe(278_000);
    const r = optimalAssignment(p);
    expect(sorted(r)).toEqual([[1, 20], [2, 10], [3, 10], [4, 30]]);
    expect(total(r)).toBe(333_000);
    expect(r.unmatched).toEqual([]);
  });

  it('places more mentees before it looks at scores', () => {
    // Greedy gives m1 its favourite X (90) and leaves m2, who can only go to X, without a mentor.
    // The optimum places both (m1→Y 10, m2→X 85): two mentees placed beat one with a better score.
    const p = problem([1, 2], [{ id: 10, slots: 1 }, { id: 20, slots: 1 }], { 1: { 10: 90, 20: 10 }, 2: { 10: 85, 20: null } });
    expect(greedy(p).unmatched).toEqual([2]);
    const r = optimalAssignment(p);
    expect(sorted(r)).toEqual([[1, 20], [2, 10]]);
    expect(r.unmatched).toEqual([]);
  });

  it('leaves mentees unmatched when there is no place, and never uses a forbidden pair or a full mentor', () => {
    const p = problem([1, 2, 3], [{ id: 10, slots: 1 }, { id: 20, slots: 0 }], { 1: { 10: 5, 20: 99 }, 2: { 10: 7, 20: 99 }, 3: { 10: null, 20: 99 } });
    const r = optimalAssignment(p);
    expect(sorted(r)).toEqual([[2, 10]]);
    expect(r.unmatched).toEqual([1, 3]);
    expect(optimalAssignment({ mentees: [], mentors: [{ id: 1, slots: 3 }], score: () => 1 })).toEqual({ pairs: [], unmatched: [] });
  });

  it('handles negative scores and refuses a score that is not a number', () => {
    const r = optimalAssignment(problem([1, 2], [{ id: 10, slots: 2 }], { 1: { 10: -5 }, 2: { 10: -1 } }));
    expect(sorted(r)).toEqual([[1, 10], [2, 10]]);
    expect(() => optimalAssignment({ mentees: [{ id: 1 }], mentors: [{ id: 2, slots: 1 }], score: () => Number.NaN })).toThrow(RangeError);
  });

  it('matches a brute-force enumeration on many small random cases', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r0 = rng(seed * 7919);
      const p = randomProblem(seed, 1 + Math.floor(r0() * 6), 1 + Math.floor(r0() * 3), 3, r0() * 0.6);
      const r = optimalAssignment(p);
      expectFeasible(p, r);
      const best = bruteForce(p);
      expect({ seed, count: r.pairs.length, total: total(r) }).toEqual({ seed, count: best.count, total: best.total });
    }
  });

  // Its speed is measured in bench/optimal-assignment.bench.ts, against a greedy baseline; here only correctness.
  it('stays feasible, maximal and optimal on 300 mentees × 60 mentors', () => {
    // fewer places than mentees (slots 0–6), and more places than mentees (slots 0–12)
    for (const [seed, maxSlots] of [[11, 6], [23, 6], [37, 12], [41, 12]] as const) {
      const p = randomProblem(seed, 300, 60, maxSlots, 0.3);
      const r = optimalAssignment(p);
      expectFeasible(p, r);
      expect(r.pairs.length).toBe(maxPlaced(p));
      expect(hasNegativeCycle(p, r)).toBe(false);
    }
  });

  it('the certificate catches a worse assignment (the check itself can fail)', () => {
    // The hand-checked case again: greedy's 278 leaves a negative cycle (m1 X→Y, m2 Z→X) in the residual graph.
    const p = problem([1, 2, 3, 4], [{ id: 10, slots: 2 }, { id: 20, slots: 1 }, { id: 30, slots: 1 }], {
      1: { 10: 100, 20: 90, 30: null }, 2: { 10: 95, 20: null, 30: 20 }, 3: { 10: 98, 20: 10, 30: null }, 4: { 10: null, 20: 60, 30: 50 },
    });
    expect(hasNegativeCycle(p, greedy(p))).toBe(true);
    expect(hasNegativeCycle(p, optimalAssignment(p))).toBe(false);
  });
});

describe('proposalScore: what a pending application is worth', () => {
  const base = { menteeNeeds: ['a', 'b', 'c'], mentorStrengths: [] as string[], load: 0, capacity: 4 };
  const score = (o: Partial<Parameters<typeof matchScore>[0]>, rank?: number) =>
    proposalScore(matchScore({ ...base, menteeUnitPath: '区/镇/办', mentorUnitPath: '区/镇/办', ...o }), rank);

  it('a choice beats unit and free places, and a higher choice beats a lower one whatever the unit', () => {
    const sameUnitFree = score({ mentorUnitPath: '区/镇/办', load: 0 });
    const otherTownFull = score({ mentorUnitPath: '县/乡/站', load: 4 });
    expect(score({ mentorUnitPath: '县/乡/站', load: 4 }, 3)).toBeGreaterThan(sameUnitFree);
    expect(score({ mentorUnitPath: '县/乡/站', load: 4 }, 2)).toBeGreaterThan(score({ load: 0 }, 3));
    expect(score({ mentorUnitPath: '县/乡/站', load: 4 }, 1)).toBeGreaterThan(score({ load: 0 }, 2));
    expect(otherTownFull).toBeLessThan(sameUnitFree);
  });

  it('a mentor covering clearly more of the needs beats even a first choice', () => {
    // needs weighted 3, 2, 1: covering the first two is 5/6 of the needs (83.3), a first choice is worth 36
    expect(score({ mentorStrengths: ['a', 'b'] })).toBeGreaterThan(score({}, 1));
    // but a first choice beats a mentor who only covers the least wanted need (1/6 = 16.7)
    expect(score({}, 1)).toBeGreaterThan(score({ mentorStrengths: ['c'] }));
  });
});
