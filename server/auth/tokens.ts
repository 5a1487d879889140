import { createHash, randomBytes } from 'node:crypto';

/** A fresh unguessable token (session id, CSRF token, question ticket). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Tokens are stored only as hashes, so a copy of the database opens no session and no ticket. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
