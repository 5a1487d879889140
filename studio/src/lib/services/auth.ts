import { Me, type Login, type PasswordChange } from '../../../../shared/schemas/auth.js';
import { request, requestVoid } from '../api.js';

/** Staff sign-in over the session cookie; the answer carries the CSRF token for later mutations. */
export const authService = {
  me: () => request('GET', '/api/auth/me', Me),
  login: (body: Login) => request('POST', '/api/auth/login', Me, body),
  logout: () => requestVoid('POST', '/api/auth/logout'),
  /** The signed-in user's own password; the server ends their other sessions and keeps this one. */
  changePassword: (body: PasswordChange) => request('POST', '/api/auth/password', Me, body),
};
