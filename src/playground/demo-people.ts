import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface DemoPerson {
  openId: string;
  name: string;
  unit: string;
}

const ROSTER = fileURLToPath(new URL('../../demo/roster.csv', import.meta.url));

/**
 * The people of demo/roster.csv, for the emulator's directory so the console can speak as them.
 * The demo roster is plain comma-separated text without quoted fields.
 */
export async function loadDemoPeople(): Promise<DemoPerson[]> {
  const lines = (await readFile(ROSTER, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const col = (name: string): number => header.indexOf(name);
  const [openId, name, unit] = [col('open_id'), col('name'), col('unit')];
  return lines.map((line) => line.split(',')).map((f) => ({ openId: f[openId] ?? '', name: f[name] ?? '', unit: f[unit] ?? '' })).filter((p) => p.openId.startsWith('ou_'));
}
