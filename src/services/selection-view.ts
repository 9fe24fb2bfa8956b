import type { Kysely } from 'kysely';
import type { Database, ProgramTrack } from '../db/database';
import { ApplicationRepository } from '../db/repositories/application-repository';
import { CadreRepository } from '../db/repositories/cadre-repository';
import { NeedsRepository } from '../db/repositories/needs-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import type { Actor } from '../domain/actor';
import { rankMentors, type RankedMentor } from './mentor-ranking';
import type { SelectionState } from './mentor-selection';
import { MAX_OPEN_APPLICATIONS } from './applications';

export const PAGE_SIZE = 5;

export interface SelectionView {
  programId: number;
  programNameZh: string;
  programNameEn: string;
  version: number;
  page: number;
  pages: number;
  total: number;
  filter: string | null;
  filterOptions: { code: string; nameZh: string; nameEn: string }[];
  mentors: (RankedMentor & { inDraft: boolean; applied: boolean })[];
  draft: { cadreId: number; name: string }[];
  pending: { applicationId: number; mentorName: string; rank: number }[];
  /** how many more mentors may go into the draft */
  room: number;
  pairedWith: string[];
  /** 多带一: a mentee with a mentor may still ask others to co-mentor */
  allowCoMentors: boolean;
}

const TRACK_TAG: Record<ProgramTrack, string> = { young_mentoring: 'young', reverse_mentoring: 'reverse', village_secondment: 'village' };

/** Everything the 选导师 card shows for this mentee, program and browsing state. */
export async function selectionView(tx: Kysely<Database>, actor: Actor, program: { programId: number; nameZh: string; nameEn: string; track: ProgramTrack }, state: SelectionState, version: number): Promise<SelectionView> {
  const ranked = await rankMentors(tx, program.programId, actor, state.filter ?? undefined);
  const pending = await new ApplicationRepository().pendingOfMentee(tx, program.programId, actor.cadreId);
  const pairRepo = new PairRepository();
  const pair = await pairRepo.activePairOf(tx, program.programId, actor.cadreId);
  const settings = await pairRepo.settings(tx, program.programId);
  const cadres = new CadreRepository();
  const nameOf = async (id: number): Promise<string> => (await cadres.brief(tx, id))?.name ?? '?';
  const pages = Math.max(1, Math.ceil(ranked.length / PAGE_SIZE));
  const page = Math.min(Math.max(0, state.page), pages - 1);
  const abilities = (await new NeedsRepository().abilities(tx)).filter((a) => a.tracks.includes(TRACK_TAG[program.track]));
  return {
    programId: program.programId, programNameZh: program.nameZh, programNameEn: program.nameEn, version, page, pages, total: ranked.length,
    filter: state.filter, filterOptions: abilities.map((a) => ({ code: a.code, nameZh: a.nameZh, nameEn: a.nameEn })),
    mentors: ranked.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((m) => ({ ...m, inDraft: state.draft.includes(m.cadreId), applied: pending.some((p) => p.mentorId === m.cadreId) || (pair?.mentorIds.includes(m.cadreId) ?? false) })),
    draft: await Promise.all(state.draft.map(async (id) => ({ cadreId: id, name: await nameOf(id) }))),
    pending: await Promise.all(pending.map(async (p) => ({ applicationId: p.id, mentorName: await nameOf(p.mentorId), rank: p.rank }))),
    room: Math.max(0, MAX_OPEN_APPLICATIONS - pending.length - state.draft.length),
    pairedWith: pair ? await Promise.all(pair.mentorIds.map(nameOf)) : [],
    allowCoMentors: settings?.allowCoMentors ?? false,
  };
}
