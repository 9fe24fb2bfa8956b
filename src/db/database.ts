import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

/** The schema as kysely sees it. Rows of these types never leave src/db/repositories. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  path: string;
  depth: number;
  created_at: Generated<Date>;
}

export type CadreCategory = 'leader_member' | 'young' | 'senior' | 'village' | 'other';

export interface CadresTable {
  id: Generated<number>;
  open_id: string | null;
  mobile: string | null;
  email: string | null;
  name: string;
  unit_id: number;
  category: CadreCategory;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  hire_date: ColumnType<string | null, string | null | undefined, string | null>;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type InboxStatus = 'pending' | 'done' | 'failed' | 'inline';

export interface InboxTable {
  id: Generated<number>;
  dedupe_key: string;
  event_id: string;
  event_type: string;
  payload: Json;
  status: InboxStatus;
  attempts: Generated<number>;
  received_at: Generated<Date>;
  processed_at: Timestamp | null;
  last_error: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  scheduled_for: Timestamp;
  planned_by: string;
  late: Generated<boolean>;
  recipients: Generated<number>;
  created_at: Generated<Date>;
}

export type OutboxKind = 'send' | 'reply' | 'patch' | 'card_update';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'ambiguous';

export interface OutboxTable {
  id: Generated<string>;
  seq: Generated<number>;
  kind: OutboxKind;
  receive_id_type: string | null;
  receive_id: string | null;
  /** reply: the message replied to; patch: the message patched; card_update: the callback token */
  target: string | null;
  msg_type: string;
  content: Json;
  dedupe_key: string | null;
  job_run_id: number | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  first_attempt_at: Timestamp | null;
  locked_by: string | null;
  locked_until: Timestamp | null;
  lark_message_id: string | null;
  last_code: number | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

/** 0008: the bytes of an outbox message of msg_type 'file', and their Lark file_key once uploaded */
export interface OutboxFilesTable {
  outbox_id: string;
  file_name: string;
  file_type: 'xls' | 'pdf' | 'doc' | 'ppt' | 'stream';
  size_bytes: number;
  /** null once the message is settled (retention); pg gives a Buffer, PGlite a Uint8Array */
  bytes: Uint8Array | null;
  file_key: string | null;
  uploaded_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor: string | null;
  action: string;
  target: string | null;
  detail: Json | null;
  event_id: string | null;
  at: Generated<Date>;
}

export type CatalogueKind = 'ability' | 'measure' | 'method';
export type TrackCode = 'young' | 'reverse' | 'village';

export interface CatalogueItemsTable {
  id: Generated<number>;
  code: string;
  kind: CatalogueKind;
  tracks: ColumnType<string[], string[] | undefined, string[]>;
  name_zh: string;
  name_en: string;
  sort: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CadreNeedsTable {
  cadre_id: number;
  item_id: number;
  rank: number;
}

export interface CadreStrengthsTable {
  cadre_id: number;
  item_id: number;
}

export type ProgramTrack = 'young_mentoring' | 'reverse_mentoring' | 'village_secondment';
export type MenteeRule = 'none' | 'young_cadre' | 'village_young';
type DateString = ColumnType<string, string, string>;

export interface ProgramsTable {
  id: Generated<number>;
  code: string;
  track: ProgramTrack;
  name_zh: string;
  name_en: string;
  start_date: DateString;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
  unit_id: number;
  default_capacity: Generated<number>;
  mentor_categories: ColumnType<CadreCategory[], CadreCategory[], CadreCategory[]>;
  mentee_categories: ColumnType<CadreCategory[], CadreCategory[], CadreCategory[]>;
  mentee_rule: MenteeRule;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  allow_co_mentors: Generated<boolean>;
  application_nudge_days: Generated<number>;
  application_expire_days: Generated<number>;
  report_weekday: Generated<number>;
  report_time: Generated<string>;
  eval_open_workday: Generated<number>;
  eval_assessor_id: number | null;
}

export type TargetProfile = 'administrative_leader' | 'professional_backbone';

export interface PlansTable {
  id: Generated<number>;
  pair_id: number;
  target_profile: TargetProfile | null;
  focus: ColumnType<string[], string[] | undefined, string[]>;
  methods: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<'draft' | 'confirmed'>;
  version: Generated<number>;
  updated_by: number | null;
  confirmed_by: number | null;
  confirmed_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PlanItemsTable {
  id: Generated<number>;
  plan_id: number;
  measure: string;
  title: string;
  due_date: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<'open' | 'done'>;
  done_at: Timestamp | null;
  position: Generated<number>;
}

export interface TutoringRecord {
  date: string;
  topic: string;
  minutes: number;
}

export interface WeeklyReportsTable {
  id: Generated<number>;
  pair_id: number;
  iso_week: string;
  learned: Generated<string>;
  did: Generated<string>;
  problems: Generated<string>;
  next_week: Generated<string>;
  tutoring: ColumnType<TutoringRecord[], string | undefined, string>;
  /** the records' minutes summed, kept by the database (0010) */
  tutoring_minutes: GeneratedAlways<number>;
  late: Generated<boolean>;
  submitted_by: number;
  submitted_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ReportReviewsTable {
  report_id: number;
  mentor_id: number;
  read_at: Timestamp | null;
  comment: string | null;
  commented_at: Timestamp | null;
}

export interface MentorCapacityTable {
  program_id: number;
  mentor_id: number;
  capacity: number;
}

export type PairStatus = 'active' | 'ended';
export type PairFormedBy = 'application' | 'assignment' | 'claim';
export type PairEndReason = 'completed' | 'rematched' | 'left';

export interface PairsTable {
  id: Generated<number>;
  program_id: number;
  mentee_id: number;
  batch_id: number | null;
  status: Generated<PairStatus>;
  formed_by: PairFormedBy;
  formed_at: Generated<Date>;
  ended_at: Timestamp | null;
  end_reason: PairEndReason | null;
}

export interface PairMentorsTable {
  pair_id: number;
  mentor_id: number;
  lead: Generated<boolean>;
  added_at: Generated<Date>;
}

export type ApplicationStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'expired';

export interface ApplicationsTable {
  id: Generated<number>;
  program_id: number;
  mentee_id: number;
  mentor_id: number;
  rank: number;
  reason: Generated<string>;
  status: Generated<ApplicationStatus>;
  decline_reason: string | null;
  created_at: Generated<Date>;
  nudged_at: Timestamp | null;
  decided_at: Timestamp | null;
  pair_id: number | null;
}

export interface PairAvoidTable {
  program_id: number;
  mentee_id: number;
  mentor_id: number;
}

export interface AssignmentDraftsTable {
  id: Generated<number>;
  program_id: number;
  created_by: string;
  status: Generated<'draft' | 'confirmed' | 'discarded'>;
  created_at: Generated<Date>;
  decided_at: Timestamp | null;
}

export interface AssignmentDraftItemsTable {
  draft_id: number;
  mentee_id: number;
  mentor_id: number;
  score: number;
}

export interface SurveyResponsesTable {
  batch_id: number;
  cadre_id: number;
  choices: ColumnType<string[], string[], string[]>;
  note: Generated<string>;
  submitted_at: Generated<Date>;
}

export interface ProgramOverridesTable {
  program_id: number;
  cadre_id: number;
  role: 'mentor' | 'mentee';
  mode: 'include' | 'exclude';
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SecondmentBatchesTable {
  id: Generated<number>;
  program_id: number;
  number: number;
  start_date: DateString;
  end_date: DateString;
}

export interface BatchMembersTable {
  batch_id: number;
  cadre_id: number;
}

export interface SchoolSeriesTable {
  id: Generated<number>;
  name: string;
  weekday: number;
  start_time: string;
  duration_minutes: Generated<number>;
  place: string;
  audience_kind: 'program' | 'unit' | 'people';
  audience_program_id: number | null;
  audience_unit_id: number | null;
  teacher_id: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  active: Generated<boolean>;
  created_by: string;
  created_at: Generated<Date>;
  /** 0006: when the series was paused (active = false); null while it runs */
  paused_at: Timestamp | null;
}

/** 0006: people an admin designated to run a night school of their own */
export interface SchoolTeachersTable {
  cadre_id: number;
  designated_by: string;
  designated_at: Generated<Date>;
}

export interface SchoolAudienceTable {
  series_id: number;
  cadre_id: number;
}

export interface SchoolSessionsTable {
  id: Generated<number>;
  series_id: number;
  starts_at: Timestamp;
  place: string;
  topic: Generated<string>;
  materials_url: string | null;
  teacher_id: number;
  status: Generated<'scheduled' | 'closed' | 'cancelled'>;
  closed_at: Timestamp | null;
  /** 0006: why a cancelled session is cancelled */
  cancel_reason: ColumnType<'holiday' | 'paused' | 'ended' | null, 'holiday' | 'paused' | 'ended' | null | undefined, 'holiday' | 'paused' | 'ended' | null>;
  /** 0006: when the teacher was sent the session's rating summary */
  ratings_told_at: Timestamp | null;
}

export type AttendanceStatus = 'registered' | 'leave' | 'present' | 'absent';

export interface SchoolAttendanceTable {
  session_id: number;
  cadre_id: number;
  status: AttendanceStatus;
  leave_reason: string | null;
  checked_in_at: Timestamp | null;
  marked_by: number | null;
  rating: number | null;
  comment: string | null;
  rated_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface SeminarsTable {
  id: Generated<number>;
  program_id: number;
  title: string;
  starts_at: Timestamp;
  place: string;
  status: Generated<'scheduled' | 'held' | 'cancelled'>;
  created_by: string;
  created_at: Generated<Date>;
  /** 0006: bumped by each change of time, place or title */
  revision: Generated<number>;
  cancel_reason: string | null;
  cancelled_at: Timestamp | null;
}

export interface SeminarEntriesTable {
  seminar_id: number;
  pair_id: number;
  achievements: Generated<string>;
  link: string | null;
  submitted_by: number | null;
  submitted_at: Timestamp | null;
  presented: Generated<boolean>;
}

export type Rating = 'excellent' | 'good' | 'pass' | 'fail';
export type EvaluationStatus = 'open' | 'pending' | 'returned' | 'approved';
export type RevisionStatus = 'pending' | 'approved' | 'returned' | 'withdrawn' | 'superseded';

export interface EvaluationsTable {
  id: Generated<number>;
  pair_id: number;
  program_id: number;
  quarter: string;
  mentee_unit_id: number;
  evidence: Json;
  status: Generated<EvaluationStatus>;
  mentor_self: string | null;
  mentee_self: string | null;
  opened_at: Generated<Date>;
}

export interface ApprovalBatchesTable {
  id: Generated<number>;
  quarter: string;
  leader_unit_id: number;
  created_by: number;
  created_at: Generated<Date>;
}

export interface EvaluationRevisionsTable {
  id: Generated<number>;
  evaluation_id: number;
  revision: number;
  rating: Rating;
  comment: Generated<string>;
  correction_reason: string | null;
  assessor_id: number;
  status: Generated<RevisionStatus>;
  batch_id: number;
  submitted_at: Generated<Date>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  return_reason: string | null;
  last_nudged_on: ColumnType<string | null, string | null | undefined, string | null>;
  escalated_at: Timestamp | null;
}

export type StaffMeetingKind = 'share' | 'self_criticism';

export interface StaffMeetingItemsTable {
  id: Generated<number>;
  mentor_id: number;
  kind: StaffMeetingKind;
  first_quarter: string;
  last_quarter: string;
  status: Generated<'open' | 'done' | 'void'>;
  created_at: Generated<Date>;
  done_on: ColumnType<string | null, string | null | undefined, string | null>;
  done_by: number | null;
  void_reason: string | null;
  voided_at: Timestamp | null;
}

export interface Database {
  units: UnitsTable;
  cadres: CadresTable;
  catalogue_items: CatalogueItemsTable;
  cadre_needs: CadreNeedsTable;
  cadre_strengths: CadreStrengthsTable;
  programs: ProgramsTable;
  program_overrides: ProgramOverridesTable;
  secondment_batches: SecondmentBatchesTable;
  batch_members: BatchMembersTable;
  mentor_capacity: MentorCapacityTable;
  pairs: PairsTable;
  pair_mentors: PairMentorsTable;
  applications: ApplicationsTable;
  pair_avoid: PairAvoidTable;
  assignment_drafts: AssignmentDraftsTable;
  assignment_draft_items: AssignmentDraftItemsTable;
  survey_responses: SurveyResponsesTable;
  plans: PlansTable;
  plan_items: PlanItemsTable;
  weekly_reports: WeeklyReportsTable;
  report_reviews: ReportReviewsTable;
  school_series: SchoolSeriesTable;
  school_teachers: SchoolTeachersTable;
  school_audience: SchoolAudienceTable;
  school_sessions: SchoolSessionsTable;
  evaluations: EvaluationsTable;
  approval_batches: ApprovalBatchesTable;
  evaluation_revisions: EvaluationRevisionsTable;
  staff_meeting_items: StaffMeetingItemsTable;
  school_attendance: SchoolAttendanceTable;
  seminars: SeminarsTable;
  seminar_entries: SeminarEntriesTable;
  inbox: InboxTable;
  job_runs: JobRunsTable;
  outbox: OutboxTable;
  outbox_files: OutboxFilesTable;
  audit_log: AuditLogTable;
}

export type CadreRow = Selectable<CadresTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
