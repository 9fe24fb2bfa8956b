import { describe, expect, it } from 'vitest';
import { checkCardJson } from '../../../src/emulator/card-checks';
import { surveyFormCard, surveySummaryCard, type SurveySummaryData } from '../../../src/lark/cards/secondment-cards';
import { claimListCard } from '../../../src/lark/cards/secondment-claim-cards';
import { batchOpeningCard } from '../../../src/lark/cards/secondment-notice-cards';
import { expectBilingualCard } from '../../helpers/card-assertions';

const batch = { batchId: 7, number: 2, startDate: '2031-03-01', endDate: '2031-03-31', programNameZh: '挂职锻炼', programNameEn: 'Secondment' };
const abilities = [{ code: 'mass_work', nameZh: '群众工作', nameEn: 'Working with the public' }, { code: 'rural_governance', nameZh: '乡村治理', nameEn: 'Rural governance' }];

describe('secondment cards', () => {
  it('the survey form: three ranked selects, a 300-character note, a submit carrying the batch id only', () => {
    const card = surveyFormCard({ batch, abilities, current: { choices: ['rural_governance', 'retired_code'], note: '想学' } });
    expectBilingualCard(card);
    expect(() => checkCardJson(JSON.stringify(card))).not.toThrow();
    const json = JSON.stringify(card);
    expect(json.match(/"tag":"select_static"/g)).toHaveLength(3);
    expect(json).toContain('"initial_option":"rural_governance"');
    expect(json).not.toContain('retired_code'); // an answer no longer on the menu is not preselected
    expect(json).toContain('"max_length":300');
    expect(json).toContain('"value":{"a":"survey.submit","b":7}');
  });

  it('the summary stays inside Lark\'s 30 KB however long the notes are', () => {
    const notes = Array.from({ length: 20 }, (_, i) => ({ name: `村干部${i}`, note: '很长的补充内容'.repeat(43) }));
    const data: SurveySummaryData = {
      programId: 1, programNameZh: '挂职锻炼', programNameEn: 'Secondment',
      overall: { answered: 100, total: 100, ranking: [{ nameZh: '群众工作', nameEn: 'Mass work', score: 300, count: 100 }] },
      batches: [1, 2, 3, 4, 5].map((number) => ({ number, startDate: '2031-03-01', endDate: '2031-03-31', state: 'open' as const, answered: 20, total: 20, ranking: [], notes })),
    };
    const card = surveySummaryCard(data);
    expectBilingualCard(card);
    const json = JSON.stringify(card);
    expect(() => checkCardJson(json)).not.toThrow();
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(json).toContain('条补充未显示');
  });

  it('the claim list and the opening notice are valid bilingual cards with id-only buttons', () => {
    const list = claimListCard({
      programId: 3, programNameZh: '挂职锻炼', programNameEn: 'Secondment', batch: { number: 2, startDate: '2031-03-01', endDate: '2031-03-31', state: 'open' },
      needs: [], current: [], page: 1, pages: 2, total: 6,
      mentors: Array.from({ length: 5 }, (_, i) => ({ cadreId: i + 1, name: `导师${i}`, unitPath: '武隆区/火炉镇/党政办', matched: [], load: i, capacity: 3, popular: i >= 2, full: i >= 3 })),
    });
    for (const card of [list, batchOpeningCard(batch)]) {
      expectBilingualCard(card);
      expect(() => checkCardJson(JSON.stringify(card))).not.toThrow();
    }
  });
});
