import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../../src/roster/parse-roster';
import { formatRosterError } from '../../../src/roster/roster-error';
import { catalogue, TODAY } from './catalogue-fixture';

const HEADER = 'open_id,mobile,email,name,unit,category,birth_date,hire_date,roles,strengths,needs';

async function parse(text: string, fileName = 'roster.csv') {
  return parseRoster(Buffer.from(text, 'utf8'), fileName, { catalogue, today: TODAY });
}

/** The printed error lines of a file that must fail. */
async function errorsOf(text: string): Promise<string[]> {
  const r = await parse(text);
  if (r.ok) throw new Error('expected errors, the file was accepted');
  return r.errors.map(formatRosterError);
}

const good = 'ou_a,,,张三,武隆区/火炉镇/党政办,young,1995-01-02,2020-03-04,,,';

describe('parseRoster: a valid file', () => {
  it('reads Chinese headers in any order, BOM and CRLF, full-width semicolons, codes or Chinese words', async () => {
    const text = '\uFEFF 姓名 ,类别,单位,飞书ID,手机,邮箱,角色,需求,特长,出生日期,入职日期\r\n' +
      '张三,年轻干部, 武隆区 / 火炉镇 /党政办 ,ou_a,+86 138-0000-0001,Zhang@Huolu.GOV,管理员；leader,调查研究;POLICY_THEORY; 公文写作 ,word,1995-01-02,\r\n';
    const r = await parse(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.roster.rows).toEqual([{
      line: 2, openId: 'ou_a', mobile: '13800000001', email: 'zhang@huolu.gov', name: '张三', unitPath: '武隆区/火炉镇/党政办',
      category: 'young', birthDate: '1995-01-02', hireDate: null, roles: ['admin', 'leader'], needs: [2, 1, 6], strengths: [7],
    }]);
    expect(r.roster.columns.header).toMatchObject({ name: '姓名', open_id: '飞书ID' });
  });

  it('marks absent optional columns as undefined (left alone) and empty cells as null/[] (cleared)', async () => {
    const r = await parse('NAME,Unit,category,mobile,needs\n李四,武隆区,senior,13800000002,\n');
    expect(r.ok && r.roster.rows[0]).toEqual({
      line: 2, openId: null, mobile: '13800000002', email: undefined, name: '李四', unitPath: '武隆区', category: 'senior',
      birthDate: undefined, hireDate: undefined, roles: undefined, strengths: undefined, needs: [],
    });
  });

  it('skips blank lines and keeps physical line numbers after a quoted line break', async () => {
    const r = await parse(`${HEADER}\n\n"ou_a",,,"张\n三",武隆区,young,,,,,\n\nou_b,,,李四,武隆区,young,,,,,\n`);
    expect(r.ok && r.roster.rows.map((x) => [x.line, x.name])).toEqual([[3, '张\n三'], [6, '李四']]);
  });
});

describe('parseRoster: each error, as `line N, column X: reason`', () => {
  it('an empty file, or only a header, is one clear error', async () => {
    expect(await errorsOf('')).toEqual([expect.stringMatching(/^line 1: .*the file is empty/)]);
    expect(await errorsOf('\uFEFF\r\n\r\n')).toEqual([expect.stringMatching(/^line 1: .*the file is empty/)]);
    expect(await errorsOf(`${HEADER}\r\n\r\n`)).toEqual([expect.stringMatching(/^line 1: .*header row but no people/)]);
  });

  it('unknown and duplicate columns are reported at line 1 with the header as written; rows are not checked', async () => {
    expect(await errorsOf('name,单位,类别,open_id,部门,Name\nx,y,z,ou_a,q,w\n')).toEqual([
      expect.stringMatching(/^line 1, column 部门: .*unknown column/),
      expect.stringMatching(/^line 1, column Name: .*duplicate column: column 1 \(name\)/),
    ]);
  });

  it('a missing required column, and a file without any identity column', async () => {
    expect(await errorsOf('name,unit\nx,y\n')).toEqual([
      'line 1, column category 类别: 缺少必需的列 required column is missing',
      expect.stringMatching(/^line 1, column open_id 飞书ID: .*at least one of the columns/),
    ]);
  });

  it('a header cell left empty is fine unless its column holds data', async () => {
    expect((await parse('open_id,name,unit,category,\nou_a,x,武隆区,young,\n')).ok).toBe(true);
    expect(await errorsOf('open_id,name,unit,category,\nou_a,x,武隆区,young,oops\n')).toEqual([expect.stringMatching(/^line 1, column #5: .*no header/)]);
    expect(await errorsOf('open_id,name,unit,category\nou_a,x,武隆区,young,,oops\n')).toEqual([expect.stringMatching(/^line 1, column #6: .*no header/)]);
  });

  it('missing name, missing unit, unknown category, empty unit segment', async () => {
    expect(await errorsOf(`${HEADER}\n${good}\nou_b,,,,武隆区,young,,,,,\nou_c,,,王五,,young,,,,,\nou_d,,,赵六,武隆区,boss,,,,,\nou_e,,,钱七,武隆区//党政办,other,,,,,\n`)).toEqual([
      'line 3, column name: 姓名为空 name is required',
      'line 4, column unit: 单位为空 unit is required',
      expect.stringMatching(/^line 5, column category: 未知类别 unknown category "boss"; use one of: leader_member 班子成员, young 年轻干部/),
      expect.stringMatching(/^line 6, column unit: .*empty segment/),
    ]);
  });

  it('bad dates: wrong format, impossible day, future; 2024-02-29 is fine', async () => {
    const lines = [
      'ou_a,,,甲,武隆区,young,2024-02-29,2023-02-28,,,',
      'ou_b,,,乙,武隆区,young,1990/01/02,,,,',
      'ou_c,,,丙,武隆区,young,2023-02-30,,,,',
      'ou_d,,,丁,武隆区,young,,2024-06-16,,,',
      'ou_e,,,戊,武隆区,young,1990-13-01,90-01-01,,,',
    ];
    expect(await errorsOf(`${HEADER}\n${lines.join('\n')}\n`)).toEqual([
      'line 3, column birth_date: 日期格式错误 bad date "1990/01/02": use YYYY-MM-DD',
      'line 4, column birth_date: 日期不存在 no such date "2023-02-30"',
      'line 5, column hire_date: 日期在未来 date "2024-06-16" is in the future (today is 2024-06-15)',
      'line 6, column birth_date: 日期不存在 no such date "1990-13-01"',
      'line 6, column hire_date: 日期格式错误 bad date "90-01-01": use YYYY-MM-DD',
    ]);
  });

  it('a duplicate person names the earlier line, for open_id, mobile and email alike', async () => {
    const text = '飞书ID,手机,邮箱,姓名,单位,类别\n' +
      'ou_a,13800000001,a@x.cn,甲,武隆区,young\n' +
      'ou_a,,,乙,武隆区,young\n' +
      ',+8613800000001,,丙,武隆区,young\n' +
      ',,A@X.CN,丁,武隆区,young\n';
    expect(await errorsOf(text)).toEqual([
      'line 3, column 飞书ID: 重复人员 duplicate person: same open_id ou_a as line 2',
      'line 4, column 手机: 重复人员 duplicate person: same mobile 13800000001 as line 2',
      'line 5, column 邮箱: 重复人员 duplicate person: same email a@x.cn as line 2',
    ]);
  });

  it('unknown, non-ability and retired catalogue entries are named', async () => {
    expect(await errorsOf(`${HEADER}\nou_a,,,甲,武隆区,young,,,,写诗,政策理论;参与重要工作谋划;传真操作\n`)).toEqual([
      'line 2, column strengths: 需求库中没有 not in the catalogue: "写诗"',
      'line 2, column needs: "参与重要工作谋划" 不是能力项 is a measure in the catalogue, not an ability',
      'line 2, column needs: "传真操作" 已停用 is retired from the catalogue',
    ]);
  });

  it('too many needs, and a need listed twice (by name and by code)', async () => {
    expect(await errorsOf(`${HEADER}\nou_a,,,甲,武隆区,young,,,,,政策理论;调查研究;科学决策;应急处突;群众工作;公文写作\nou_b,,,乙,武隆区,young,,,,,政策理论;policy_theory\n`)).toEqual([
      'line 2, column needs: 需求最多 5 项 at most 5 needs (this line lists 6)',
      'line 3, column needs: 需求重复 duplicate need "policy_theory" (政策理论 policy_theory)',
    ]);
  });

  it('unknown role; a row without any identity; malformed identities', async () => {
    expect(await errorsOf(`${HEADER}\nou_a,,,甲,武隆区,young,,,boss,,\n,,,乙,武隆区,young,,,,,\nxyz,12ab,not-an-email,丙,武隆区,young,,,,,\n`)).toEqual([
      'line 2, column roles: 未知角色 unknown role "boss"; use admin 管理员, leader 主要领导',
      'line 3, column open_id: 缺少身份 no identity: fill in at least one of open_id 飞书ID, mobile 手机, email 邮箱',
      'line 4, column open_id: 飞书ID格式错误 bad open_id "xyz": expected ou_…',
      'line 4, column mobile: 手机号格式错误 bad mobile number "12ab"',
      'line 4, column email: 邮箱格式错误 bad email "not-an-email"',
    ]);
  });

  it('reports every bad line of a file, in line order, with the column as written', async () => {
    const text = '姓名,单位,类别,飞书ID\n甲,武隆区,young,ou_a\n,武隆区,young,ou_b\n丙,武隆区,young,ou_c\n丁,,???,ou_d\n';
    expect(await errorsOf(text)).toEqual([
      'line 3, column 姓名: 姓名为空 name is required',
      'line 5, column 单位: 单位为空 unit is required',
      expect.stringMatching(/^line 5, column 类别: 未知类别 unknown category "\?\?\?"/),
    ]);
  });
});
