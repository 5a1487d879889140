import { CalendarOverride, CalendarYear, type CalendarOverrideSet } from '../../../../shared/schemas/calendar.js';
import { request, requestVoid } from '../api.js';

/** 工作日历: a year's working days and the admin's overrides of the holiday library. */
export const calendarService = {
  year: (year: number) => request('GET', `/api/studio/calendar/${year}`, CalendarYear),
  set: (date: string, body: CalendarOverrideSet) => request('PUT', `/api/studio/calendar/overrides/${date}`, CalendarOverride, body),
  remove: (date: string) => requestVoid('DELETE', `/api/studio/calendar/overrides/${date}`),
};
