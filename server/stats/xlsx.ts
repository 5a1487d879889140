import ExcelJS from 'exceljs';
import type { YearReport } from '../../shared/schemas/stats.js';
import { siteTime } from '../../shared/statsFormat.js';
import { STAT_METHODS, type StatKey } from '../../shared/statsMethods.js';

const UNIT_COLUMNS: StatKey[] = ['planned', 'held', 'questionsReceived', 'answeredLive', 'writtenAssigned', 'answeredInWriting', 'answerRate', 'overdueReplies', 'avgReplyWorkingDays'];
const INTERVIEW_COLUMNS: StatKey[] = [
  'peakViewers',
  'totalViewers',
  'watchSeconds',
  'questionsReceived',
  'questionsPublished',
  'questionsRejected',
  'answeredLive',
  'writtenAssigned',
  'answeredInWriting',
  'overdueReplies',
  'avgReplyWorkingDays',
  'replayViews',
];

const label = (k: StatKey) => (k === 'watchSeconds' ? `${STAT_METHODS[k].label.zh}（秒）` : STAT_METHODS[k].label.zh);

/**
 * The year's statistics as a workbook: 单位统计 (per unit, with a 合计 row), 访谈统计 (per interview) and 说明 (how
 * each number is computed). Numbers are numbers (the answer rate a percentage format), so they can be summed.
 */
export async function reportXlsx(report: YearReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fangtan';
  wb.created = new Date(report.computedAt);

  const units = wb.addWorksheet('单位统计');
  units.addRow(['单位', ...UNIT_COLUMNS.map(label)]).font = { bold: true };
  for (const u of report.units) units.addRow([u.unit, ...UNIT_COLUMNS.map((k) => u[k as keyof typeof u] ?? null)]);
  const t = report.totals;
  units.addRow(['合计', ...UNIT_COLUMNS.map((k) => t[k as keyof typeof t] ?? null)]).font = { bold: true };
  units.getColumn(1).width = 28;
  units.getColumn(1 + UNIT_COLUMNS.indexOf('answerRate') + 1).numFmt = '0.0%';

  const interviews = wb.addWorksheet('访谈统计');
  interviews.addRow(['访谈', '单位', '开播日期', ...INTERVIEW_COLUMNS.map(label)]).font = { bold: true };
  for (const i of report.interviews) {
    interviews.addRow([i.title, i.unit, i.heldOn, ...INTERVIEW_COLUMNS.map((k) => i[k as keyof typeof i] ?? null)]);
  }
  interviews.getColumn(1).width = 36;
  interviews.getColumn(2).width = 24;
  interviews.getColumn(3).width = 12;

  const notes = wb.addWorksheet('说明');
  notes.addRow(['指标', '计算方法']).font = { bold: true };
  notes.addRow(['统计年度', `${report.year} 年（${report.timeZone} 日历）`]);
  notes.addRow(['统计时间', `${siteTime(report.computedAt, report.timeZone)}；逾期按 ${report.today} 判断`]);
  for (const m of Object.values(STAT_METHODS)) notes.addRow([m.label.zh, m.method.zh]);
  notes.getColumn(1).width = 24;
  notes.getColumn(2).width = 100;

  return Buffer.from(await wb.xlsx.writeBuffer());
}
