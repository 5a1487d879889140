import { session } from './session.svelte.js';

/** True when a key press belongs to what the user is typing, so single-letter shortcuts must stay out of it. */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target;
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/** True when a key would also activate the focused control (Enter or Space on a button or link). */
export function activatesControl(e: KeyboardEvent): boolean {
  const el = e.target;
  return (e.key === 'Enter' || e.key === ' ') && (el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement);
}

/** Moves focus to the question card with this id (cards carry `data-qid`) and keeps it in view. */
export function focusCard(container: HTMLElement | undefined, id: number): void {
  const el = container?.querySelector<HTMLElement>(`[data-qid="${id}"]`);
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest' });
}

/**
 * True when a page-wide single-key shortcut must not fire: while typing, with a modifier other than the
 * ones a shortcut uses, during IME composition (拼音 input), or while the sign-in dialog covers the page.
 */
export function shortcutsOff(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey || e.isComposing || !session.user || isTyping(e) || activatesControl(e);
}

/** Ctrl+Enter (⌘+Enter on a Mac) in a text box sends its form, as in office and chat tools; Enter alone stays a new line. */
export function submitOnCtrlEnter(e: KeyboardEvent): void {
  if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.isComposing) return;
  const form = (e.currentTarget as HTMLElement | null)?.closest('form');
  if (!form) return;
  e.preventDefault();
  form.requestSubmit();
}
