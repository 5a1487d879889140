import { Me, type Login } from '../../../../shared/schemas/auth.js';
import { request, requestVoid } from '../api.js';

/** Staff sign-in over the session cookie; the answer carries the CSRF token for later mutations. */
export const authService = {
  me: () => request('GET', '/api/auth/me', Me),
  login: (body: Login) => request('POST', '/api/auth/login', Me, body),
  logout: () => requestVoid('POST', '/api/auth/logout'),
};
