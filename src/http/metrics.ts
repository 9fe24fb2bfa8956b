import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per app instance (not prom-client's global one), so several apps can share a test process. */
export interface Metrics {
  registry: Registry;
  events: Counter<'type' | 'outcome'>;
  handlerSeconds: Histogram<'handler' | 'outcome'>;
  sends: Counter<'result' | 'code'>;
  outboxDepth: Gauge<'status'>;
}

export function createMetrics(outboxDepth: () => Promise<Record<string, number>>): Metrics {
  const registry = new Registry();
  const events = new Counter({
    name: 'yinhang_lark_events_total',
    help: 'Inbound Lark requests by event type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const handlerSeconds = new Histogram({
    name: 'yinhang_handler_duration_seconds',
    help: 'Time spent in a handler, by handler and outcome',
    labelNames: ['handler', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'yinhang_outbox_sends_total',
    help: 'Outbound Lark calls by result and Lark code',
    labelNames: ['result', 'code'] as const,
    registers: [registry],
  });
  const depth = new Gauge({
    name: 'yinhang_outbox_depth',
    help: 'Outbox rows not yet delivered, by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await outboxDepth().catch(() => undefined);
      if (!counts) return;
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  return { registry, events, handlerSeconds, sends, outboxDepth: depth };
}
