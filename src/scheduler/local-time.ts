/** Instants shown to admins, and times they type, in the program's time zone (Asia/Shanghai by default). */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function parts(instant: Date, timeZone: string): Record<string, number> {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return Object.fromEntries(fmt.formatToParts(instant).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** '2024-10-11 16:00 Fri' (seconds shown only when not zero) */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year!, p.month! - 1, p.day!)).getUTCDay()];
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}${p.second ? `:${pad(p.second)}` : ''} ${weekday}`;
}

/**
 * An ISO 8601 time. With an offset or Z it is that instant; without one ('2024-10-11T16:00') it is a wall
 * time in `timeZone`, which is what an admin in Beijing means. Undefined when it is not a date-time.
 */
export function parseLocalIso(text: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  if (m[7]) {
    const d = new Date(text.trim().replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // The zone's offset at that moment: format the guess there and see how far the wall clock moved.
  const p = parts(new Date(wall), timeZone);
  const offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - wall;
  const d = new Date(wall - offset);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
