import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { ProgramRepository } from '../db/repositories/program-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import type { Program } from '../domain/programs';
import { authorize } from './authorization';
import { setProgramFields, setProgramMember, type FieldChange } from './program-admin';
import { rowId } from '../domain/row-id';

/**
 * Program management from the bot: the same use cases as the admin CLI, behind the admin check, with the
 * card's form values treated as untrusted input (the services validate every one).
 */
const programs = new ProgramRepository();

export async function programForAdmin(tx: Kysely<Database>, actor: Actor, programId: unknown): Promise<Program> {
  authorize(actor, 'programs.manage', `program:${String(programId)}`);
  const id = rowId(programId);
  const program = id ? await programs.findById(tx, id) : undefined;
  if (!program) throw new DomainError('not_found', { zh: '这个项目已不存在，请重新打开概况。', en: 'That program no longer exists; open the summary again.' });
  return program;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
/** Lark date pickers answer "2024-04-01 +0800"; the date is the first ten characters. */
const pickedDate = (v: unknown): string => str(v).slice(0, 10);

export async function saveProgramForm(tx: Kysely<Database>, actor: Actor, programId: unknown, form: Record<string, unknown>): Promise<{ program: Program; changes: FieldChange[] }> {
  const program = await programForAdmin(tx, actor, programId);
  const assignments = [
    `name_zh=${str(form.name_zh)}`,
    `name_en=${str(form.name_en)}`,
    `start_date=${pickedDate(form.start_date) || program.startDate}`,
    `end_date=${pickedDate(form.end_date) || 'none'}`,
    `default_capacity=${str(form.default_capacity)}`,
    `active=${str(form.active) || String(program.active)}`,
  ];
  return setProgramFields(tx, program.code, assignments, actor.openId);
}

export async function saveMemberForm(tx: Kysely<Database>, actor: Actor, programId: unknown, form: Record<string, unknown>) {
  const program = await programForAdmin(tx, actor, programId);
  const person = str(form.person);
  if (!person) throw new DomainError('invalid_input', { zh: '请选择一位人员。', en: 'Please choose a person.' });
  return setProgramMember(tx, { code: program.code, role: str(form.role), action: str(form.action), person }, actor.openId);
}
