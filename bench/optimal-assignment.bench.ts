// The proposal's optimal matching (min-cost flow) on a district-sized program, against a greedy baseline
// (best remaining score first) measured in the same run on the same instances.
import { performance } from 'node:perf_hooks';
import { optimalAssignment, type AssignmentProblem } from '../src/domain/optimal-assignment';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function problem(seed: number, mentees: number, mentors: number, maxSlots: number): AssignmentProblem {
  const r = rng(seed);
  const scores = new Map<string, number | null>();
  for (let i = 0; i < mentees; i++) for (let j = 0; j < mentors; j++) scores.set(`${i}:${j}`, r() < 0.3 ? null : Math.round(r() * 1110) / 10);
  return {
    mentees: Array.from({ length: mentees }, (_, i) => ({ id: i })),
    mentors: Array.from({ length: mentors }, (_, j) => ({ id: j, slots: Math.floor(r() * (maxSlots + 1)) })),
    score: (a, b) => scores.get(`${a}:${b}`) ?? null,
  };
}

function greedy(p: AssignmentProblem): number {
  const edges: [number, number, number][] = [];
  for (const a of p.mentees) for (const b of p.mentors) { const s = p.score(a.id, b.id); if (s !== null) edges.push([a.id, b.id, s]); }
  edges.sort((x, y) => y[2] - x[2]);
  const left = new Map(p.mentors.map((m) => [m.id, m.slots]));
  const done = new Set<number>();
  let total = 0;
  for (const [a, b, s] of edges) if (!done.has(a) && (left.get(b) ?? 0) > 0) { done.add(a); left.set(b, left.get(b)! - 1); total += s; }
  return total;
}

function time<T>(fn: () => T, rounds = 5): { ms: number; value: T } {
  let value!: T;
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    value = fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(rounds / 2)]!, value };
}

for (const [mentees, mentors, maxSlots] of [[300, 60, 6], [300, 60, 12], [1000, 150, 8]] as const) {
  const p = problem(mentees * 31 + mentors, mentees, mentors, maxSlots);
  const g = time(() => greedy(p));
  const o = time(() => optimalAssignment(p));
  const optimalTotal = o.value.pairs.reduce((s, x) => s + x.score, 0);
  console.log(`${mentees}×${mentors} (slots ≤ ${maxSlots}): greedy ${g.ms.toFixed(1)} ms (score ${g.value.toFixed(0)}), optimal ${o.ms.toFixed(1)} ms (score ${optimalTotal.toFixed(0)}, ${o.value.pairs.length} placed) = ${(o.ms / g.ms).toFixed(1)}× the greedy time`);
}
