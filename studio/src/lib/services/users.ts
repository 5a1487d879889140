import { z } from 'zod';
import { StaffUser, type UserCreate, type UserUpdate } from '../../../../shared/schemas/auth.js';
import { request } from '../api.js';

/** Staff accounts (admin only). */
export const usersService = {
  list: () => request('GET', '/api/studio/users', z.array(StaffUser)),
  create: (body: UserCreate) => request('POST', '/api/studio/users', StaffUser, body),
  update: (id: number, body: UserUpdate) => request('PATCH', `/api/studio/users/${id}`, StaffUser, body),
};
