import { z } from 'zod';
import { Unit, type UnitCreate, type UnitUpdate } from '../../../../shared/schemas/unit.js';
import { request } from '../api.js';

/** The unit list (单位): every staff member reads it, admins keep it. */
export const unitsService = {
  list: () => request('GET', '/api/studio/units', z.array(Unit)),
  create: (body: UnitCreate) => request('POST', '/api/studio/units', Unit, body),
  update: (id: number, body: UnitUpdate) => request('PATCH', `/api/studio/units/${id}`, Unit, body),
};
