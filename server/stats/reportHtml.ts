import type { YearReport } from '../../shared/schemas/stats.js';
import { formatAverage, formatDuration, formatRate, siteTime } from '../../shared/statsFormat.js';
import { STAT_METHODS, type StatKey } from '../../shared/statsMethods.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const L = (k: StatKey) => esc(STAT_METHODS[k].label.zh);

/** Planned vs held per unit as horizontal bars (SVG; the table beside it carries the same numbers as text). */
function plannedHeldChart(report: YearReport): string {
  const rows = report.units;
  if (rows.length === 0) return '';
  const max = Math.max(1, ...rows.map((u) => Math.max(u.planned, u.held)));
  const rowH = 26;
  const labelW = 190;
  const barW = 420;
  const h = rows.length * rowH + 30;
  const bars = rows
    .map((u, i) => {
      const y = 24 + i * rowH;
      const w = (n: number) => Math.round((n / max) * barW);
      return `<text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${esc(u.unit)}</text>
<rect x="${labelW}" y="${y + 2}" width="${w(u.planned)}" height="9" fill="#8aa9d6"/>
<rect x="${labelW}" y="${y + 12}" width="${w(u.held)}" height="9" fill="#1f4e99"/>
<text x="${labelW + Math.max(w(u.planned), w(u.held)) + 6}" y="${y + 16}">${u.held}/${u.planned}</text>`;
    })
    .join('\n');
  return `<svg role="img" aria-label="各单位计划与实际场次" width="${labelW + barW + 60}" height="${h}" font-size="11" font-family="inherit">
<rect x="${labelW}" y="4" width="10" height="10" fill="#8aa9d6"/><text x="${labelW + 14}" y="13">计划</text>
<rect x="${labelW + 60}" y="4" width="10" height="10" fill="#1f4e99"/><text x="${labelW + 74}" y="13">实际</text>
${bars}
</svg>`;
}

/**
 * The yearly report (考核) as one HTML page to print: totals, the per-unit and per-interview tables, a chart,
 * and how every number is computed. Chinese throughout; only the site's own data, escaped.
 */
export function reportHtml(report: YearReport): string {
  const t = report.totals;
  const unitRows = report.units
    .map(
      (u) => `<tr><th scope="row">${esc(u.unit)}</th><td>${u.planned}</td><td>${u.held}</td><td>${u.questionsReceived}</td><td>${u.answeredLive}</td>
<td>${u.writtenAssigned}</td><td>${u.answeredInWriting}</td><td>${formatRate(u.answerRate)}</td><td>${u.overdueReplies}</td><td>${formatAverage(u.avgReplyWorkingDays)}</td></tr>`,
    )
    .join('\n');
  const interviewRows = report.interviews
    .map(
      (i) => `<tr><th scope="row">${esc(i.title)}</th><td>${esc(i.unit)}</td><td>${i.heldOn}</td><td>${i.peakViewers}</td><td>${i.totalViewers}</td>
<td>${formatDuration(i.watchSeconds)}</td><td>${i.questionsReceived}</td><td>${i.questionsPublished}</td><td>${i.questionsRejected}</td><td>${i.answeredLive}</td>
<td>${i.answeredInWriting}/${i.writtenAssigned}</td><td>${i.overdueReplies}</td><td>${formatAverage(i.avgReplyWorkingDays)}</td><td>${i.replayViews}</td></tr>`,
    )
    .join('\n');
  const methods = Object.values(STAT_METHODS)
    .map((m) => `<dt>${esc(m.label.zh)}</dt><dd>${esc(m.method.zh)}</dd>`)
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${report.year} 年度在线访谈工作统计报告</title>
<style>
  @page { size: A4 landscape; margin: 14mm 12mm; }
  body { font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; font-size: 10.5pt; color: #111; }
  h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 14pt 0 6pt; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 3pt 5pt; text-align: right; }
  thead th { background: #e8eef7; text-align: center; } tbody th { text-align: left; font-weight: normal; }
  tfoot th, tfoot td { font-weight: bold; } dl { columns: 2; } dt { font-weight: bold; } dd { margin: 0 0 6pt; break-inside: avoid; }
  .lead { color: #333; } .totals td { text-align: left; border: none; padding: 1pt 12pt 1pt 0; }
</style></head><body>
<h1>${report.year} 年度在线访谈工作统计报告</h1>
<p class="lead">统计范围：${report.year} 年内首次开播的访谈（${esc(report.timeZone)} 日历）。统计时间：${esc(siteTime(report.computedAt, report.timeZone))}；逾期按 ${report.today} 判断。所有数字均由系统保存的不可修改记录计算，计算方法见文末“指标说明”。</p>
<table class="totals"><tr><td>计划场次 ${t.planned}</td><td>实际场次 ${t.held}</td><td>收到提问 ${t.questionsReceived}</td><td>答复率 ${formatRate(t.answerRate)}</td><td>逾期答复 ${t.overdueReplies}</td></tr>
<tr><td>观看人数 ${t.totalViewers}</td><td>最高同时在线 ${t.peakViewers}</td><td>观看总时长 ${formatDuration(t.watchSeconds)}</td><td>回放观看 ${t.replayViews}</td><td>平均答复用时 ${formatAverage(t.avgReplyWorkingDays)} 个工作日</td></tr></table>
<h2>一、各单位情况</h2>
${plannedHeldChart(report)}
<table><thead><tr><th scope="col">单位</th><th scope="col">${L('planned')}</th><th scope="col">${L('held')}</th><th scope="col">${L('questionsReceived')}</th><th scope="col">${L('answeredLive')}</th>
<th scope="col">${L('writtenAssigned')}</th><th scope="col">${L('answeredInWriting')}</th><th scope="col">${L('answerRate')}</th><th scope="col">${L('overdueReplies')}</th><th scope="col">${L('avgReplyWorkingDays')}</th></tr></thead>
<tbody>${unitRows}</tbody>
<tfoot><tr><th scope="row">合计</th><td>${t.planned}</td><td>${t.held}</td><td>${t.questionsReceived}</td><td>${t.answeredLive}</td><td>${t.writtenAssigned}</td><td>${t.answeredInWriting}</td><td>${formatRate(t.answerRate)}</td><td>${t.overdueReplies}</td><td>${formatAverage(t.avgReplyWorkingDays)}</td></tr></tfoot></table>
<h2>二、各场访谈情况</h2>
<table><thead><tr><th scope="col">访谈</th><th scope="col">单位</th><th scope="col">开播日期</th><th scope="col">${L('peakViewers')}</th><th scope="col">${L('totalViewers')}</th><th scope="col">${L('watchSeconds')}</th>
<th scope="col">${L('questionsReceived')}</th><th scope="col">${L('questionsPublished')}</th><th scope="col">${L('questionsRejected')}</th><th scope="col">${L('answeredLive')}</th>
<th scope="col">${L('answeredInWriting')}/${L('writtenAssigned')}</th><th scope="col">${L('overdueReplies')}</th><th scope="col">${L('avgReplyWorkingDays')}</th><th scope="col">${L('replayViews')}</th></tr></thead>
<tbody>${interviewRows}</tbody></table>
<h2>三、指标说明</h2>
<dl>${methods}</dl>
</body></html>`;
}
