/**
 * The organisation's proposed assignment (组织指定) for a whole program: mentees to mentors with free
 * places, as a min-cost max-flow. Source → each mentee (capacity 1), mentee → mentor (capacity 1, cost =
 * the negated score), mentor → sink (capacity = free places). Successive shortest paths find, for every
 * flow value k, a cheapest flow of value k; run to the maximum flow, that is the lexicographic optimum
 * the admins want: as many mentees placed as possible, then the highest total score among those.
 *
 * Costs are integers (score × 1000, rounded) so that ties are exact, and shifted to be non-negative (every
 * path adds exactly one mentee → mentor edge, so a constant shift changes no comparison between flows of
 * the same value); Dijkstra with potentials then stays valid throughout (reduced costs never go negative).
 */

export interface AssignmentProblem {
  mentees: { id: number }[];
  /** slots: places the mentor still has (capacity − current load); ≤ 0 takes nobody */
  mentors: { id: number; slots: number }[];
  /** how good the pair is (higher is better); null = must not be paired */
  score(menteeId: number, mentorId: number): number | null;
}

export interface AssignmentResult {
  pairs: { menteeId: number; mentorId: number; score: number }[];
  /** mentee ids left without a mentor, in input order */
  unmatched: number[];
}

export const SCORE_SCALE = 1000;

export function optimalAssignment(problem: AssignmentProblem): AssignmentResult {
  const mentees = problem.mentees;
  const mentors = problem.mentors;
  const nM = mentees.length;
  const nT = mentors.length;
  const source = nM + nT;
  const sink = source + 1;
  const graph = new FlowGraph(nM + nT + 2);

  // Score every allowed edge once: the caller's scorer may be costly.
  const allowed: { i: number; j: number; score: number; cost: number }[] = [];
  let best = 0;
  for (let i = 0; i < nM; i++) {
    for (let j = 0; j < nT; j++) {
      if (mentors[j]!.slots <= 0) continue;
      const s = problem.score(mentees[i]!.id, mentors[j]!.id);
      if (s === null) continue;
      if (!Number.isFinite(s)) throw new RangeError(`score(${mentees[i]!.id}, ${mentors[j]!.id}) is ${s}; give a finite number or null`);
      const cost = -Math.round(s * SCORE_SCALE);
      best = Math.min(best, cost);
      allowed.push({ i, j, score: s, cost });
    }
  }
  for (let i = 0; i < nM; i++) graph.addEdge(source, i, 1, 0);
  const pairEdge = new Map<number, { i: number; j: number; score: number }>();
  for (const a of allowed) pairEdge.set(graph.addEdge(a.i, nM + a.j, 1, a.cost - best), a);
  for (let j = 0; j < nT; j++) if (mentors[j]!.slots > 0) graph.addEdge(nM + j, sink, Math.min(mentors[j]!.slots, nM), 0);

  graph.minCostMaxFlow(source, sink);

  const pairs: AssignmentResult['pairs'] = [];
  const placed = new Set<number>();
  for (const [edge, a] of pairEdge) {
    if (graph.flowOn(edge) === 1) {
      pairs.push({ menteeId: mentees[a.i]!.id, mentorId: mentors[a.j]!.id, score: a.score });
      placed.add(a.i);
    }
  }
  return { pairs, unmatched: mentees.filter((_m, i) => !placed.has(i)).map((m) => m.id) };
}

/**
 * A residual graph in flat arrays (edge e and its reverse e ^ 1), and successive shortest paths with
 * Dijkstra over reduced costs, stopping each search once the sink is settled (the potential update of
 * AtCoder Library's min_cost_flow keeps reduced costs non-negative for settled and unsettled nodes alike).
 */
class FlowGraph {
  private to: number[] = [];
  private cap: number[] = [];
  private cost: number[] = [];
  private next: number[] = [];
  private readonly head: Int32Array;

  constructor(private readonly n: number) {
    this.head = new Int32Array(n).fill(-1);
  }

  addEdge(from: number, to: number, cap: number, cost: number): number {
    const e = this.to.length;
    this.push(from, to, cap, cost);
    this.push(to, from, 0, -cost);
    return e;
  }

  flowOn(edge: number): number {
    return this.cap[edge ^ 1]!;
  }

  private push(from: number, to: number, cap: number, cost: number): void {
    this.to.push(to);
    this.cap.push(cap);
    this.cost.push(cost);
    this.next.push(this.head[from]!);
    this.head[from] = this.to.length - 1;
  }

  /** Augments until the sink is unreachable; returns the flow value. */
  minCostMaxFlow(s: number, t: number): number {
    const n = this.n;
    const dual = new Float64Array(n);
    const dist = new Float64Array(n);
    const prevEdge = new Int32Array(n);
    const settled = new Uint8Array(n);
    const heap = new MinHeap();
    let flow = 0;
    for (;;) {
      dist.fill(Infinity);
      settled.fill(0);
      dist[s] = 0;
      heap.clear();
      heap.push(0, s);
      while (heap.size > 0) {
        const [d, v] = heap.pop();
        if (settled[v]) continue;
        settled[v] = 1;
        if (v === t) break;
        for (let e = this.head[v]!; e !== -1; e = this.next[e]!) {
          if (this.cap[e] === 0) continue;
          const w = this.to[e]!;
          const nd = d + this.cost[e]! - dual[w]! + dual[v]!;
          if (nd < dist[w]!) {
            dist[w] = nd;
            prevEdge[w] = e;
            heap.push(nd, w);
          }
        }
      }
      if (!settled[t]) return flow;
      for (let v = 0; v < n; v++) if (settled[v]) dual[v]! -= dist[t]! - dist[v]!;
      let push = Infinity;
      for (let v = t; v !== s; v = this.to[prevEdge[v]! ^ 1]!) push = Math.min(push, this.cap[prevEdge[v]!]!);
      for (let v = t; v !== s; v = this.to[prevEdge[v]! ^ 1]!) {
        const e = prevEdge[v]!;
        this.cap[e]! -= push;
        this.cap[e ^ 1]! += push;
      }
      flow += push;
    }
  }
}

/** Binary heap of (key, node), smallest key first. */
class MinHeap {
  private keys: number[] = [];
  private nodes: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  clear(): void {
    this.keys.length = 0;
    this.nodes.length = 0;
  }

  push(key: number, node: number): void {
    let i = this.keys.length;
    this.keys.push(key);
    this.nodes.push(node);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.keys[i] = this.keys[p]!;
      this.nodes[i] = this.nodes[p]!;
      i = p;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  pop(): [number, number] {
    const top: [number, number] = [this.keys[0]!, this.nodes[0]!];
    const key = this.keys.pop()!;
    const node = this.nodes.pop()!;
    const n = this.keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && this.keys[c + 1]! < this.keys[c]!) c++;
        if (this.keys[c]! >= key) break;
        this.keys[i] = this.keys[c]!;
        this.nodes[i] = this.nodes[c]!;
        i = c;
      }
      this.keys[i] = key;
      this.nodes[i] = node;
    }
    return top;
  }
}
