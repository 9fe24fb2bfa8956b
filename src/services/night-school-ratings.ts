import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type Rating, type Session } from '../db/repositories/school-repository';

/**
 * Telling teachers how their sessions were rated, anonymously (no names, ratings highest first).
 *
 * The once-only rule: a closed session's summary is due once it has been closed for RATINGS_WAIT_MS (a day for
 * the learners to answer the rating form they got at closing). The daily job claims each due session with a
 * conditional update of school_sessions.ratings_told_at in the transaction that queues the teacher's card, so
 * the summary goes out once whatever runs twice. A session nobody rated is claimed too, and nothing is sent.
 * Sessions closed more than RATINGS_LOOKBACK_MS ago are left alone (a first run after an upgrade does not
 * send the whole history).
 */

const repo = new SchoolRepository();
export const RATINGS_WAIT_MS = 24 * 3_600_000;
export const RATINGS_LOOKBACK_MS = 14 * 86_400_000;
/** The 夜校 card's "my teaching" figure covers the closed sessions of this many days. */
export const TEACHING_DAYS = 90;

export interface RatingFigures {
  count: number;
  /** null when nobody rated */
  average: number | null;
  /** how many gave 1, 2, 3, 4, 5 (index 0 is 1 star) */
  histogram: number[];
  comments: string[];
}

export function summarise(ratings: Rating[]): RatingFigures {
  const histogram = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const r of ratings) {
    histogram[r.rating - 1]!++;
    sum += r.rating;
  }
  return { count: ratings.length, average: ratings.length > 0 ? sum / ratings.length : null, histogram, comments: ratings.map((r) => r.comment?.trim() ?? '').filter(Boolean) };
}

export interface RatingSummary extends RatingFigures {
  session: Session;
  present: number;
}

/** The sessions whose summary is due at `now`, each claimed (told) in this transaction. */
export async function dueRatingSummaries(tx: Kysely<Database>, now: Date): Promise<RatingSummary[]> {
  const out: RatingSummary[] = [];
  for (const id of await repo.ratingsDue(tx, new Date(now.getTime() - RATINGS_LOOKBACK_MS), new Date(now.getTime() - RATINGS_WAIT_MS + 1))) {
    if (!(await repo.markRatingsTold(tx, id, now))) continue;
    const ratings = await repo.ratings(tx, id);
    if (ratings.length === 0) continue;
    const session = (await repo.session(tx, id))!;
    const present = (await repo.attendance(tx, id)).filter((a) => a.status === 'present').length;
    out.push({ session, present, ...summarise(ratings) });
  }
  return out;
}

export interface TeachingFigures {
  /** closed sessions taught in the window */
  sessions: number;
  count: number;
  average: number | null;
}

/** The teacher's ratings over the closed sessions they taught in the last TEACHING_DAYS; undefined when they taught none. */
export async function teachingFigures(tx: Kysely<Database>, cadreId: number, now: Date): Promise<TeachingFigures | undefined> {
  const r = await repo.teacherRatings(tx, cadreId, new Date(now.getTime() - TEACHING_DAYS * 86_400_000));
  if (r.sessions === 0) return undefined;
  return { sessions: r.sessions, count: r.count, average: r.count > 0 ? r.sum / r.count : null };
}
