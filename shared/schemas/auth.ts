import { z } from 'zod';
import { Role } from '../roles.js';

export const Login = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type Login = z.infer<typeof Login>;

/** A staff account as the studio sees it; never the password hash. */
export const StaffUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  /** 职务, shown to viewers under the name when this person is on the picture; '' for none. */
  title: z.string(),
  role: Role,
  active: z.boolean(),
  /** The unit a liaison (单位联络员) is bound to; null for every other role. */
  unitId: z.number().int().nullable(),
  /** Set while the password is one someone else chose (generated or given by an admin): nothing else works until it is changed. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type StaffUser = z.infer<typeof StaffUser>;

/** The signed-in user plus the token every staff mutation must echo in `x-csrf-token`. */
export const Me = z.object({ user: StaffUser, csrfToken: z.string() });
export type Me = z.infer<typeof Me>;

export const PASSWORD_MIN_LENGTH = 10;

/** 职务 as public text (a lower third, a speaker label): as long as a guest's title, empty for none. */
export const StaffTitle = z.string().trim().max(80);

export const UserCreate = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,64}$/, 'letters, digits, _ . -, 3–64 characters'),
  displayName: z.string().trim().min(1).max(40),
  title: StaffTitle.optional(),
  role: Role,
  /** Required for a liaison (the unit it speaks for), refused for the other roles. */
  unitId: z.number().int().positive().optional(),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(200),
  /** Whether the holder must replace this password at first login; on unless the admin turns it off. */
  mustChangePassword: z.boolean().optional(),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  displayName: z.string().trim().min(1).max(40).optional(),
  title: StaffTitle.optional(),
  role: Role.optional(),
  /** A liaison's unit; a change of role away from liaison clears it. */
  unitId: z.number().int().positive().optional(),
  active: z.boolean().optional(),
  password: z.string().min(PASSWORD_MIN_LENGTH).max(200).optional(),
  /** With a new password: on unless turned off. Alone: asks for (or waives) a change at the next action. */
  mustChangePassword: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

/** A staff member changing their own password: the current one proves it is them, not a left-open session. */
export const PasswordChange = z
  .object({
    currentPassword: z.string().min(1).max(200),
    newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(200),
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'must match the new password' });
export type PasswordChange = z.infer<typeof PasswordChange>;
