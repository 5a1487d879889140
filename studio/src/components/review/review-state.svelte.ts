import type { QuestionStaff, QuestionStatus } from '../../../../shared/schemas/question.js';

export const REVIEW_TABS = ['pending', 'approved', 'rejected', 'all'] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];

const TAB_STATUSES: Record<ReviewTab, readonly QuestionStatus[] | null> = {
  pending: ['pending'],
  // Everything a reviewer let through, wherever the host has taken it since.
  approved: ['approved', 'queued', 'on_air', 'answered', 'deferred'],
  rejected: ['rejected', 'merged'],
  all: null,
};

export type ReviewPanel = 'edit' | 'reject' | 'merge';

/** What the reviewer has typed for one question, kept until the decision succeeds. */
export interface ReviewDraft {
  publicContent: string;
  reason: string;
  mergeInto: number | null;
}

/** Questions in a tab: the pending queue oldest first (first come, first reviewed), the others newest first. */
export function questionsInTab(all: readonly QuestionStaff[], tab: ReviewTab): QuestionStaff[] {
  const statuses = TAB_STATUSES[tab];
  const list = statuses ? all.filter((q) => statuses.includes(q.status)) : [...all];
  return tab === 'pending' ? list : list.reverse();
}

/**
 * How many questions each tab lists. The tabs and the sidebar's summary both count with this, so the two always
 * agree (未通过 gathers the merged questions with the rejected ones, in both).
 */
export function countByTab(all: readonly QuestionStaff[]): Record<ReviewTab, number> {
  return Object.fromEntries(REVIEW_TABS.map((tab) => [tab, questionsInTab(all, tab).length])) as Record<ReviewTab, number>;
}

/** The statuses a tab gathers that have questions, with how many each, for the summary under the tab's count. */
export function tabBreakdown(all: readonly QuestionStaff[], tab: ReviewTab): { status: QuestionStatus; n: number }[] {
  const statuses = TAB_STATUSES[tab];
  if (!statuses || statuses.length < 2) return [];
  return statuses.map((status) => ({ status, n: all.filter((q) => q.status === status).length })).filter((s) => s.n > 0);
}

/**
 * The review view's own state: tab, selection, which decision panel is open, and drafts by question id.
 * Drafts live here rather than in the panels so a failed request or a list update never loses typed text.
 */
export class ReviewState {
  tab = $state<ReviewTab>('pending');
  selectedId = $state<number | null>(null);
  panel = $state<ReviewPanel | null>(null);
  #drafts = $state<Record<number, ReviewDraft>>({});

  draft(q: QuestionStaff): ReviewDraft {
    // Reading creates nothing: a draft exists only once a panel opens for that question.
    return this.#drafts[q.id] ?? { publicContent: q.publicContent, reason: '', mergeInto: q.flags.duplicateOf };
  }

  updateDraft(q: QuestionStaff, patch: Partial<ReviewDraft>): void {
    this.#drafts[q.id] = { ...this.draft(q), ...patch };
  }

  dropDraft(id: number): void {
    delete this.#drafts[id];
  }

  select(id: number | null): void {
    if (id !== this.selectedId) this.panel = null;
    this.selectedId = id;
  }

  open(panel: ReviewPanel | null): void {
    this.panel = panel;
  }
}
