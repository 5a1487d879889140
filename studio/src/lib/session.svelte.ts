import type { Me, PasswordChange, StaffUser } from '../../../shared/schemas/auth.js';
import { ApiError } from './api.js';
import { authService } from './services/auth.js';

/** Who is signed in, and the CSRF token their mutations must carry. */
class Session {
  #me = $state<Me | null>(null);
  #checked = $state(false);
  /** Who was signed in before the server ended the session; the page stays up behind the login dialog. */
  #lastUser = $state<StaffUser | null>(null);

  /** False until the first `/api/auth/me` answer, so the login form does not flash for signed-in staff. */
  get checked(): boolean {
    return this.#checked;
  }

  get user(): StaffUser | null {
    return this.#me?.user ?? null;
  }

  /** Set while the session has expired under an open page, so typed work can survive a new sign-in. */
  get expiredUser(): StaffUser | null {
    return this.#me ? null : this.#lastUser;
  }

  get csrfToken(): string | null {
    return this.#me?.csrfToken ?? null;
  }

  async restore(): Promise<void> {
    try {
      this.#me = await authService.me();
      this.#lastUser = this.#me.user;
    } catch (err) {
      // 401 just means nobody is signed in; anything else is still a reason to show the login form.
      if (!(err instanceof ApiError && err.status === 401)) console.warn('session check failed', err);
      this.#me = null;
    } finally {
      this.#checked = true;
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.#me = await authService.login({ username, password });
    this.#lastUser = this.#me.user;
  }

  /** Changes the own password; the answer (the user without a pending forced change) replaces ours. */
  async changePassword(body: PasswordChange): Promise<void> {
    this.#me = await authService.changePassword(body);
    this.#lastUser = this.#me.user;
  }

  async logout(): Promise<void> {
    try {
      await authService.logout();
    } finally {
      this.#me = null;
      this.#lastUser = null;
    }
  }

  /** Forgets the session after the server said it is gone. */
  expire(): void {
    this.#me = null;
  }
}

export const session = new Session();
