import type { CatalogueEntry } from '../../../src/roster/roster-types';

/** A small catalogue shaped like the seeded one: abilities, a measure, a retired ability. */
export const catalogue: CatalogueEntry[] = [
  { id: 1, code: 'policy_theory', nameZh: '政策理论', kind: 'ability', active: true },
  { id: 2, code: 'research', nameZh: '调查研究', kind: 'ability', active: true },
  { id: 3, code: 'decision_making', nameZh: '科学决策', kind: 'ability', active: true },
  { id: 4, code: 'emergency_response', nameZh: '应急处突', kind: 'ability', active: true },
  { id: 5, code: 'mass_work', nameZh: '群众工作', kind: 'ability', active: true },
  { id: 6, code: 'official_writing', nameZh: '公文写作', kind: 'ability', active: true },
  { id: 7, code: 'word', nameZh: 'Word 文档操作', kind: 'ability', active: true },
  { id: 8, code: 'plan_important_work', nameZh: '参与重要工作谋划', kind: 'measure', active: true },
  { id: 9, code: 'fax', nameZh: '传真操作', kind: 'ability', active: false },
];

export const TODAY = '2024-06-15';
