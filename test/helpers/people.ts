import type { Kysely } from 'kysely';
import type { CadreCategory, Database } from '../../src/db/database';

export interface TestPerson {
  openId: string;
  name: string;
  /** '武隆区/火炉镇/党政办' */
  unit?: string;
  category?: CadreCategory;
  roles?: ('admin' | 'leader')[];
  birthDate?: string;
  hireDate?: string;
  active?: boolean;
}

/** Ensure the unit path exists (every ancestor too) and return the leaf's id. */
export async function ensureUnit(db: Kysely<Database>, path: string): Promise<number> {
  const parts = path.split('/');
  let parentId: number | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts.slice(0, i + 1).join('/');
    const existing: { id: number } | undefined = await db.selectFrom('units').select('id').where('path', '=', p).executeTakeFirst();
    parentId = existing?.id ?? (await db.insertInto('units').values({ name: parts[i]!, path: p, depth: i, parent_id: parentId }).returning('id').executeTakeFirstOrThrow()).id;
  }
  return parentId!;
}

/** Put people on the roster directly (test fixture; the product path is the roster import). */
export async function addCadres(db: Kysely<Database>, people: TestPerson[]): Promise<number[]> {
  const ids: number[] = [];
  for (const p of people) {
    const unitId = await ensureUnit(db, p.unit ?? '武隆区/火炉镇/党政办');
    const row = await db
      .insertInto('cadres')
      .values({
        open_id: p.openId, name: p.name, unit_id: unitId, category: p.category ?? 'young', roles: p.roles ?? [],
        birth_date: p.birthDate ?? null, hire_date: p.hireDate ?? null, active: p.active ?? true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

/** A maker of test people with open_ids under one prefix (each suite its own, so suites never collide). */
export function personMaker(prefix: string) {
  return (key: string, name: string, category: TestPerson['category'], unit = '武隆区/火炉镇/党政办', roles: TestPerson['roles'] = []): TestPerson => ({
    openId: `${prefix}${key}`.padEnd(28, '0'), name, category, unit, roles,
    birthDate: category === 'young' ? '1995-05-05' : '1970-01-01', hireDate: '2015-01-01',
  });
}

/** The usual cast of the pairing suites: three leadership mentors, young mentees, a young teacher and an older learner. */
export function pairingCast(person: ReturnType<typeof personMaker>) {
  const town = '武隆区/火炉镇';
  return {
    M1: person('m1', '韩德明', 'leader_member', `${town}/党政办`),
    M2: person('m2', '秦雅芳', 'leader_member', `${town}/经发办`),
    M3: person('m3', '冯国栋', 'leader_member', `${town}/人大`),
    A: person('a', '许一帆', 'young'),
    B: person('b', '陆晨曦', 'young'),
    C: person('c', '程小雨', 'young'),
    D: person('d', '汪子涵', 'young'),
    YM: person('ym', '唐果', 'young'),
    SR: person('sr', '邓守仁', 'senior'),
  };
}
