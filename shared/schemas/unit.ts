import { z } from 'zod';

/** A unit (单位): the department an interview is with, from the list the admin keeps. */
export const Unit = z.object({
  id: z.number().int(),
  name: z.string(),
  /** A deactivated unit stays on its interviews and liaisons but cannot be picked for new ones. */
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;

const UnitName = z.string().trim().min(1).max(100);

/** What an admin sends to add a unit. */
export const UnitCreate = z.object({ name: UnitName });
export type UnitCreate = z.infer<typeof UnitCreate>;

/** What an admin sends to rename, deactivate or reactivate a unit. */
export const UnitUpdate = z.object({ name: UnitName.optional(), active: z.boolean().optional() });
export type UnitUpdate = z.infer<typeof UnitUpdate>;
