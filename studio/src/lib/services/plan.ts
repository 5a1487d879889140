import { z } from 'zod';
import {
  PlanEntry,
  PlanImportRejection,
  PlanImportResult,
  type PlanEntryInput,
  type PlanEntryUpdate,
} from '../../../../shared/schemas/plan.js';
import { ApiError, request, requestFile } from '../api.js';

/** 年度计划: the admin's table of the year, its import from a file, export and template. */
export const planService = {
  years: () => request('GET', '/api/studio/plan/years', z.array(z.number().int())),
  list: (year: number) => request('GET', `/api/studio/plan/${year}`, z.array(PlanEntry)),
  /** The file goes as it is (the server tells .xlsx from CSV by its bytes). */
  importFile: (year: number, file: File, createUnits: boolean) =>
    requestFile('POST', `/api/studio/plan/${year}/import?createUnits=${createUnits}`, PlanImportResult, file, file.type || 'application/octet-stream'),
  create: (year: number, body: PlanEntryInput) => request('POST', `/api/studio/plan/${year}/entries`, PlanEntry, body),
  update: (id: number, body: PlanEntryUpdate) => request('PATCH', `/api/studio/plan/entries/${id}`, PlanEntry, body),
  remove: (id: number) => request('DELETE', `/api/studio/plan/entries/${id}`, z.object({ interviewDeleted: z.boolean() })),
  exportUrl: (year: number) => `/api/studio/plan/${year}/export.xlsx`,
  templateUrl: (year: number) => `/api/studio/plan/template.xlsx?year=${year}`,
};

/** The bad rows of a refused import, when that is what the error is. */
export function importRejection(err: unknown): PlanImportRejection | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const parsed = PlanImportRejection.safeParse(err.raw);
  return parsed.success ? parsed.data : null;
}
