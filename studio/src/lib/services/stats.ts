import { YearReport } from '../../../../shared/schemas/stats.js';
import { request } from '../api.js';

/** 统计 (考核): a year's figures, and the links of its two exports (downloaded by the browser with the session). */
export const statsService = {
  year: (year: number) => request('GET', `/api/studio/stats?year=${year}`, YearReport),
  xlsxUrl: (year: number) => `/api/studio/stats/report.xlsx?year=${year}`,
  pdfUrl: (year: number) => `/api/studio/stats/report.pdf?year=${year}`,
};
