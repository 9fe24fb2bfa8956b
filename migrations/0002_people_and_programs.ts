import { sql, type Kysely } from 'kysely';

// Frozen in time: people, the needs catalogue (菜单化需求库) and the three programs.

export async function up(db: Kysely<any>): Promise<void> {
  // Identity of a person in the roster: open_id when Lark knows them, else mobile or email (resolved later).
  await sql`create unique index cadres_mobile_idx on cadres (mobile) where mobile is not null`.execute(db);
  await sql`create unique index cadres_email_idx on cadres (lower(email)) where email is not null`.execute(db);
  await sql`alter table cadres add constraint cadres_identity check (open_id is not null or mobile is not null or email is not null)`.execute(db);
  await sql`alter table cadres add constraint cadres_roles check (roles <@ array['admin', 'leader']::text[])`.execute(db);

  await db.schema
    .createTable('catalogue_items')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    // ability: a need or a strength; measure: 参与重要工作谋划…; method: 跟班实践学…
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ability', 'measure', 'method')`))
    .addColumn('tracks', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index catalogue_items_name_zh_idx on catalogue_items (name_zh)`.execute(db);

  await db.schema
    .createTable('cadre_needs')
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
    // 1 = most wanted; at most five needs per person
    .addColumn('rank', 'integer', (c) => c.notNull().check(sql`rank between 1 and 5`))
    .addPrimaryKeyConstraint('cadre_needs_pk', ['cadre_id', 'item_id'])
    .addUniqueConstraint('cadre_needs_rank', ['cadre_id', 'rank'])
    .execute();

  await db.schema
    .createTable('cadre_strengths')
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('catalogue_items.id'))
    .addPrimaryKeyConstraint('cadre_strengths_pk', ['cadre_id', 'item_id'])
    .execute();

  await db.schema
    .createTable('programs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('track', 'text', (c) => c.notNull().check(sql`track in ('young_mentoring', 'reverse_mentoring', 'village_secondment')`))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    // the unit subtree the program covers
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('default_capacity', 'integer', (c) => c.notNull().defaultTo(3).check(sql`default_capacity between 1 and 50`))
    .addColumn('mentor_categories', sql`text[]`, (c) => c.notNull())
    .addColumn('mentee_categories', sql`text[]`, (c) => c.notNull())
    // which eligibility rule mentees must meet: none, young_cadre (<35 or hired within 3 years), village_young (<35)
    .addColumn('mentee_rule', 'text', (c) => c.notNull().check(sql`mentee_rule in ('none', 'young_cadre', 'village_young')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('programs_term', sql`end_date is null or end_date >= start_date`)
    .execute();

  // Explicit additions to, or removals from, a program's rule-defined mentor and mentee pools.
  await db.schema
    .createTable('program_overrides')
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('mentor', 'mentee')`))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('include', 'exclude')`))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('program_overrides_pk', ['program_id', 'cadre_id', 'role'])
    .execute();

  // Village-cadre secondment runs in numbered batches (the article: 5 batches of one month).
  await db.schema
    .createTable('secondment_batches')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addUniqueConstraint('secondment_batches_number', ['program_id', 'number'])
    .addCheckConstraint('secondment_batches_term', sql`end_date >= start_date`)
    .execute();

  // Which village cadres serve in which batch.
  await db.schema
    .createTable('batch_members')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('secondment_batches.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addPrimaryKeyConstraint('batch_members_pk', ['batch_id', 'cadre_id'])
    .execute();

  await seedCatalogue(db);
}

/** The menu as PROGRAM.md and the article describe it; admins add to and retire from it later. */
async function seedCatalogue(db: Kysely<any>): Promise<void> {
  const items: [string, string, string[], string, string][] = [
    // code, kind, tracks, 中文, English
    ['policy_theory', 'ability', ['young'], '政策理论', 'Policy theory'],
    ['research', 'ability', ['young'], '调查研究', 'Research and investigation'],
    ['decision_making', 'ability', ['young'], '科学决策', 'Sound decision-making'],
    ['emergency_response', 'ability', ['young'], '应急处突', 'Emergency response'],
    ['mass_work', 'ability', ['village', 'young'], '群众工作', 'Working with the public'],
    ['driving_development', 'ability', ['village', 'young'], '推动发展', 'Driving development'],
    ['rural_governance', 'ability', ['village'], '乡村治理', 'Rural governance'],
    ['official_writing', 'ability', ['reverse', 'young'], '公文写作', 'Official writing'],
    ['word', 'ability', ['reverse'], 'Word 文档操作', 'Word documents'],
    ['excel', 'ability', ['reverse'], 'Excel 表格操作', 'Excel spreadsheets'],
    ['ppt', 'ability', ['reverse'], 'PPT 演示文稿', 'PowerPoint presentations'],
    ['office_software', 'ability', ['reverse'], '办公软件综合应用', 'Office software in general'],
    ['case_handling', 'ability', ['village'], '矛盾纠纷调处', 'Resolving disputes'],
    ['project_management', 'ability', ['village', 'young'], '项目推进', 'Project delivery'],
    ['plan_important_work', 'measure', ['young'], '参与重要工作谋划', 'Join the planning of important work'],
    ['organise_meetings', 'measure', ['young'], '重要会议筹办', 'Organise important meetings'],
    ['deliver_tasks', 'measure', ['young'], '重要任务落实', 'Carry out important tasks'],
    ['shadowing', 'method', ['young'], '跟班实践学', 'Learning by shadowing'],
    ['problem_seminars', 'method', ['young'], '研讨问题学', 'Learning in problem seminars'],
    ['grassroots_research', 'method', ['young'], '蹲苗调研学', 'Learning by grassroots research'],
    ['assignments', 'method', ['village'], '布置作业法', 'Assignments'],
    ['case_method', 'method', ['village'], '案件处理法', 'Handling real cases'],
    ['hands_off', 'method', ['village'], '放手压担法', 'Hands-off responsibility'],
    ['exchange', 'method', ['village', 'reverse'], '交流提高法', 'Learning through exchange'],
  ];
  await db
    .insertInto('catalogue_items')
    .values(items.map(([code, kind, tracks, zh, en], i) => ({ code, kind, tracks, name_zh: zh, name_en: en, sort: (i + 1) * 10 })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['batch_members', 'secondment_batches', 'program_overrides', 'programs', 'cadre_strengths', 'cadre_needs', 'catalogue_items']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table cadres drop constraint cadres_roles, drop constraint cadres_identity`.execute(db);
  await sql`drop index cadres_email_idx; drop index cadres_mobile_idx`.execute(db);
}
