import { inTransaction } from '../db/in-transaction';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AuditRepository } from '../db/repositories/audit-repository';
import { PeopleLookupRepository, type PersonMatch } from '../db/repositories/people-lookup-repository';
import { ProgramRepository, type ProgramPatch } from '../db/repositories/program-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { DomainError } from '../domain/domain-error';
import { requireBatchFits, requireBoolean, requireCapacity, requireDate, requireTerm } from '../domain/program-rules';
import type { Eligibility } from '../domain/eligibility';
import { parseMobile } from '../roster/roster-values';
import { judgeMembership, type Batch, type OverrideMode, type PoolRole, type Program } from '../domain/programs';

/**
 * The organisation department's changes to programs: fields, explicit pool members, secondment batches.
 * Each call is one transaction that also writes its audit_log row; a refused change writes nothing.
 */

const programs = new ProgramRepository();
const people = new PeopleLookupRepository();
const audit = new AuditRepository();

export const SETTABLE_FIELDS = ['name_zh', 'name_en', 'start_date', 'end_date', 'unit', 'default_capacity', 'active', 'allow_co_mentors', 'application_nudge_days', 'application_expire_days', 'report_weekday', 'report_time', 'eval_open_workday', 'eval_assessor'] as const;
type Field = (typeof SETTABLE_FIELDS)[number];

export interface FieldChange {
  field: Field;
  from: string;
  to: string;
}

export async function requireProgram(tx: Kysely<Database>, code: string): Promise<Program> {
  const program = await programs.findByCode(tx, code);
  if (program) return program;
  const known = (await programs.list(tx)).map((p) => p.code).join(', ') || '—';
  throw new DomainError('not_found', { zh: `没有代码为 “${code}” 的项目（现有：${known}）`, en: `no program with code "${code}" (known: ${known})` });
}

/** `program-set <code> field=value…`: all assignments are checked together, then applied at once. */
export const NAME_MAX = 100;

export async function setProgramFields(db: Kysely<Database>, code: string, assignments: string[], actor: string): Promise<{ program: Program; changes: FieldChange[] }> {
  if (assignments.length === 0) throw invalid('请给出至少一个 字段=值', `give at least one field=value (${SETTABLE_FIELDS.join(', ')})`);
  return inTransaction(db, async (trx) => {
    const program = await requireProgram(trx, code);
    const patch: ProgramPatch = {};
    let unitPath = program.unitPath;
    for (const a of assignments) {
      const eq = a.indexOf('=');
      const field = (eq > 0 ? a.slice(0, eq).trim() : a) as Field;
      const value = eq > 0 ? a.slice(eq + 1).trim() : '';
      if (eq <= 0 || !SETTABLE_FIELDS.includes(field)) throw invalid(`无法识别 “${a}”：可设置 ${SETTABLE_FIELDS.join(', ')}`, `cannot read "${a}": settable fields are ${SETTABLE_FIELDS.join(', ')} (field=value)`);
      if (field === 'name_zh' || field === 'name_en') {
        if (!value) throw invalid(`${field} 不能为空`, `${field} must not be empty`);
        // The program form's limit; a name is on every card about the program, and a card holds 30 KB.
        if ([...value].length > NAME_MAX) throw invalid(`${field} 最多 ${NAME_MAX} 字（现在 ${[...value].length} 字）`, `${field} may have at most ${NAME_MAX} characters (it has ${[...value].length})`);
        patch[field === 'name_zh' ? 'nameZh' : 'nameEn'] = value;
      } else if (field === 'start_date') patch.startDate = requireDate('start_date', value);
      else if (field === 'end_date') patch.endDate = ['', 'none', 'null', '-'].includes(value.toLowerCase()) ? null : requireDate('end_date', value);
      else if (field === 'default_capacity') patch.defaultCapacity = requireCapacity(value);
      else if (field === 'active') patch.active = requireBoolean('active', value);
      else if (field === 'allow_co_mentors') patch.allowCoMentors = requireBoolean('allow_co_mentors', value);
      else if (field === 'application_nudge_days') patch.nudgeDays = requireDays(field, value, 60);
      else if (field === 'application_expire_days') patch.expireDays = requireDays(field, value, 90);
      else if (field === 'report_weekday') patch.reportWeekday = requireWeekday(value);
      else if (field === 'report_time') patch.reportTime = requireTime(value);
      else if (field === 'eval_open_workday') patch.evalOpenWorkday = requireDays(field, value, 20);
      else if (field === 'eval_assessor') patch.evalAssessorId = ['', 'none', 'null', '-'].includes(value.toLowerCase()) ? null : (await resolvePerson(trx, value)).cadreId;
      else {
        const unit = await programs.unitByPath(trx, value.replace(/\/+$/, ''));
        if (!unit) throw invalid(`没有单位 “${value}”：请写完整路径，如 武隆区/火炉镇`, `unknown unit path "${value}": give the full path, e.g. 武隆区/火炉镇`);
        patch.unitId = unit.id;
        unitPath = unit.path;
      }
    }
    const startDate = patch.startDate ?? program.startDate;
    const endDate = patch.endDate !== undefined ? patch.endDate : program.endDate;
    requireTerm(startDate, endDate);
    if ((patch.nudgeDays ?? program.nudgeDays) >= (patch.expireDays ?? program.expireDays)) {
      throw invalid('提醒天数应少于过期天数', 'application_nudge_days must be less than application_expire_days');
    }
    // The batches must still fit the (possibly new) term.
    const batches = await programs.batches(trx, program.id);
    for (const b of batches) requireBatchFits(b, batches, { startDate, endDate });

    const after = { ...program, ...patch, endDate, unitPath };
    const changes = diff(program, after);
    if (changes.length > 0) {
      await programs.update(trx, program.id, patch);
      await audit.record(trx, { actor, action: 'program.set', target: program.code, detail: { changes } });
    }
    return { program: after, changes };
  });
}

/** `program-member <code> <mentor|mentee> <include|exclude|clear> <person>` */
export async function setProgramMember(
  db: Kysely<Database>,
  input: { code: string; role: string; action: string; person: string },
  actor: string,
): Promise<{ program: Program; person: PersonMatch; role: PoolRole; before: OverrideMode | undefined; after: OverrideMode | undefined; eligibility: Eligibility }> {
  const role = input.role as PoolRole;
  if (role !== 'mentor' && role !== 'mentee') throw invalid(`角色应为 mentor 或 mentee，收到 “${input.role}”`, `role must be mentor or mentee, got "${input.role}"`);
  const action = input.action;
  if (action !== 'include' && action !== 'exclude' && action !== 'clear') throw invalid(`操作应为 include、exclude 或 clear，收到 “${action}”`, `action must be include, exclude or clear, got "${action}"`);
  return inTransaction(db, async (trx) => {
    const program = await requireProgram(trx, input.code);
    const person = await resolvePerson(trx, input.person);
    const after = action === 'clear' ? undefined : action;
    const before = await programs.setOverride(trx, { programId: program.id, cadreId: person.cadreId, role, mode: after ?? null, createdBy: actor });
    if (before !== after) {
      await audit.record(trx, { actor, action: 'program.member', target: program.code, detail: { cadreId: person.cadreId, name: person.name, role, before: before ?? null, after: after ?? null } });
    }
    const [candidate] = await programs.candidatesByIds(trx, [person.cadreId]);
    const batch = role === 'mentee' ? (await programs.memberships(trx, { programId: program.id, cadreId: person.cadreId }))[0] : undefined;
    const eligibility = judgeMembership(program, role, candidate!, after, batch);
    return { program, person, role, before, after, eligibility };
  });
}

/** `mentor-capacity <code> <person> <n|default>`: a mentor who takes more (or fewer) than the default. */
export async function setMentorCapacity(db: Kysely<Database>, input: { code: string; person: string; capacity: string }, actor: string): Promise<{ program: Program; person: PersonMatch; before: number | null; after: number | null }> {
  const after = input.capacity === 'default' ? null : requireCapacity(input.capacity);
  return inTransaction(db, async (trx) => {
    const program = await requireProgram(trx, input.code);
    const person = await resolvePerson(trx, input.person);
    const before = await new PairRepository().setMentorCapacity(trx, program.id, person.cadreId, after);
    if (before !== after) await audit.record(trx, { actor, action: 'program.mentor_capacity', target: program.code, detail: { cadreId: person.cadreId, before, after } });
    return { program, person, before, after };
  });
}

export interface BatchView extends Batch {
  members: { cadreId: number; name: string; unitPath: string; eligibility: Eligibility }[];
}

export async function listBatches(tx: Kysely<Database>, code: string): Promise<{ program: Program; batches: BatchView[] }> {
  const program = await requireSecondment(tx, code);
  const batches = await programs.batches(tx, program.id);
  const memberships = await programs.memberships(tx, { programId: program.id });
  const persons = await programs.candidatesByIds(tx, [...new Set(memberships.map((m) => m.cadreId))]);
  const overrides = (await programs.overrides(tx, { programId: program.id })).filter((o) => o.role === 'mentee');
  return {
    program,
    batches: batches.map((b) => ({
      ...b,
      members: memberships.filter((m) => m.batchId === b.id).flatMap((m) => {
        const p = persons.find((x) => x.cadreId === m.cadreId);
        if (!p) return [];
        const override = overrides.find((o) => o.cadreId === p.cadreId)?.mode;
        return [{ cadreId: p.cadreId, name: p.name, unitPath: p.unitPath, eligibility: judgeMembership(program, 'mentee', p, override, b) }];
      }),
    })),
  };
}

export async function addBatch(db: Kysely<Database>, code: string, input: { number: string; startDate: string; endDate: string }, actor: string): Promise<Batch> {
  const number = /^\d+$/.test(input.number.trim()) ? Number(input.number) : Number.NaN;
  if (!Number.isInteger(number) || number < 1) throw invalid(`批次号应为正整数，收到 “${input.number}”`, `the batch number must be a positive whole number, got "${input.number}"`);
  return inTransaction(db, async (trx) => {
    const program = await requireSecondment(trx, code);
    const existing = await programs.batches(trx, program.id);
    if (existing.some((b) => b.number === number)) throw new DomainError('conflict', { zh: `第 ${number} 批已存在`, en: `batch ${number} already exists` });
    const batch = { number, startDate: input.startDate, endDate: input.endDate };
    requireBatchFits(batch, existing, program);
    const id = await programs.addBatch(trx, program.id, batch);
    await audit.record(trx, { actor, action: 'program.batch_add', target: program.code, detail: batch });
    return { id, programId: program.id, ...batch };
  });
}

/** Put a cadre in batch `number` (moving them from another batch of the program); says whether they qualify. */
export async function assignToBatch(
  db: Kysely<Database>,
  code: string,
  input: { number: string; person: string },
  actor: string,
): Promise<{ program: Program; batch: Batch; person: PersonMatch; movedFrom: number | undefined; unchanged: boolean; eligibility: Eligibility }> {
  return inTransaction(db, async (trx) => {
    const program = await requireSecondment(trx, code);
    const batch = (await programs.batches(trx, program.id)).find((b) => String(b.number) === input.number.trim());
    if (!batch) throw new DomainError('not_found', { zh: `项目 ${code} 没有第 ${input.number} 批（先用 batches ${code} add 添加）`, en: `program ${code} has no batch ${input.number} (add it with batches ${code} add)` });
    const person = await resolvePerson(trx, input.person);
    const current = (await programs.memberships(trx, { programId: program.id, cadreId: person.cadreId }))[0];
    const unchanged = current?.batchId === batch.id;
    if (!unchanged) {
      await programs.assignToBatch(trx, program.id, batch.id, person.cadreId);
      await audit.record(trx, { actor, action: 'program.batch_assign', target: program.code, detail: { batch: batch.number, cadreId: person.cadreId, name: person.name, from: current?.number ?? null } });
    }
    const [candidate] = await programs.candidatesByIds(trx, [person.cadreId]);
    const override = (await programs.overrides(trx, { programId: program.id, cadreId: person.cadreId })).find((o) => o.role === 'mentee')?.mode;
    const eligibility = judgeMembership(program, 'mentee', candidate!, override, batch);
    return { program, batch, person, movedFrom: unchanged ? undefined : current?.number, unchanged, eligibility };
  });
}

/** The one active cadre an admin means by open_id, mobile, email or (unique) name. */
export async function resolvePerson(tx: Kysely<Database>, key: string): Promise<PersonMatch> {
  // '+86 138-0000-0000' finds the cadre stored as 13800000000, as the roster import would store it.
  const mobile = parseMobile(key);
  const matches = await people.find(tx, key, mobile.ok ? mobile.value : undefined);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new DomainError('not_found', { zh: `名册中没有在职的 “${key}”（可用 open_id、手机号或姓名）`, en: `no active cadre "${key}" on the roster (use an open_id, a mobile number or a name)` });
  const list = matches.map((m) => `${m.name} ${m.openId ?? m.mobile ?? m.email ?? ''} (${m.unitPath})`).join('; ');
  throw new DomainError('conflict', { zh: `“${key}” 对应 ${matches.length} 人，请改用 open_id 或手机号：${list}`, en: `"${key}" matches ${matches.length} people; use an open_id or mobile instead: ${list}` }, { matches });
}

async function requireSecondment(tx: Kysely<Database>, code: string): Promise<Program> {
  const program = await requireProgram(tx, code);
  if (program.track !== 'village_secondment') throw invalid(`项目 ${code} 不是挂职锻炼项目，没有批次`, `program ${code} is not a secondment program; only secondment has batches`);
  return program;
}

function diff(before: Program, after: Program): FieldChange[] {
  const pairs: [Field, unknown, unknown][] = [
    ['name_zh', before.nameZh, after.nameZh], ['name_en', before.nameEn, after.nameEn], ['start_date', before.startDate, after.startDate],
    ['end_date', before.endDate, after.endDate], ['unit', before.unitPath, after.unitPath], ['default_capacity', before.defaultCapacity, after.defaultCapacity],
    ['active', before.active, after.active], ['allow_co_mentors', before.allowCoMentors, after.allowCoMentors],
    ['application_nudge_days', before.nudgeDays, after.nudgeDays], ['application_expire_days', before.expireDays, after.expireDays],
    ['report_weekday', before.reportWeekday, after.reportWeekday], ['report_time', before.reportTime, after.reportTime],
    ['eval_open_workday', before.evalOpenWorkday, after.evalOpenWorkday], ['eval_assessor', before.evalAssessorId, after.evalAssessorId],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, from: a === null ? '—' : String(a), to: b === null ? '—' : String(b) }));
}

function requireDays(field: string, value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw invalid(`${field} 应为 1 到 ${max} 之间的天数，收到 “${value}”`, `${field} must be a number of days from 1 to ${max}, got "${value}"`);
  return n;
}

function requireWeekday(value: string): number {
  const n = /^[1-7]$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n)) throw invalid(`report_weekday 应为 1（周一）到 7（周日），收到 “${value}”`, `report_weekday must be 1 (Monday) to 7 (Sunday), got "${value}"`);
  return n;
}

function requireTime(value: string): string {
  if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value)) throw invalid(`report_time 应为 HH:MM，收到 “${value}”`, `report_time must be HH:MM, got "${value}"`);
  return value;
}

function invalid(zh: string, en: string): DomainError {
  return new DomainError('invalid_input', { zh, en });
}
