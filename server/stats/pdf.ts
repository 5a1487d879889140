import { chromium } from 'playwright-core';
import type { YearReport } from '../../shared/schemas/stats.js';
import { reportHtml } from './reportHtml.js';

/** One print at a time: each is a Chromium process (~150 MB); a second request waits for the first. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints the yearly report to PDF with Chromium (playwright-core). Chosen over pdfkit/pdfmake: those drop the
 * glyphs of Noto CJK (OTF/CFF, pdfkit #1106) and would need a second, TrueType CJK font installed; Chromium is
 * installed anyway (setup) and embeds the system font it renders with, so the text extracts as Chinese.
 */
export function reportPdf(report: YearReport, chromiumPath: string): Promise<Buffer> {
  const run = queue.then(async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      // The page is self-contained (no script, no URL): nothing to fetch, nothing to run.
      await page.setContent(reportHtml(report), { waitUntil: 'load' });
      return await page.pdf({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
    } finally {
      await browser.close();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
