import ExcelJS from 'exceljs';
import type { Cell, TableRow } from './roster-table';

/**
 * The first sheet of an .xlsx as rows of text or Date cells, numbered as Excel numbers its rows.
 * Date cells stay Dates: exceljs gives them as UTC midnight of the day shown in Excel.
 */
export async function readXlsx(bytes: Uint8Array): Promise<{ ok: true; rows: TableRow[] } | { ok: false; reason: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `无法读取 .xlsx 文件 not a readable .xlsx file (${why})` };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, reason: '工作簿中没有工作表 the workbook has no sheet' };
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    // row.values is 1-based with a hole at 0
    for (let c = 1; c <= row.cellCount; c++) cells.push(toCell(row.getCell(c).value));
    rows.push({ line: rowNumber, cells });
  });
  return { ok: true, rows };
}

function toCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  // an email typed into Excel becomes a hyperlink cell: its text is what the admin sees
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : toCell(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v) return toCell((v as { result?: ExcelJS.CellValue }).result);
  if ('error' in v) return String(v.error);
  return String(v);
}
