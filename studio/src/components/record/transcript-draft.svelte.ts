import type { TranscriptBlock } from '../../../../shared/schemas/record.js';
import type { TranscriptEdit, TranscriptStaff } from '../../../../shared/schemas/recordPublish.js';

/** A block with a key that survives moves, so Svelte keeps each editor's focus and caret with its block. */
export type DraftBlock = TranscriptBlock & { key: number };

/** The 文字实录 being edited: the document, whether it differs from the saved one, and the block moves. */
export class TranscriptDraft {
  title = $state('');
  blocks = $state<DraftBlock[]>([]);
  /** The saved document as JSON: the draft is dirty exactly when it differs, so undoing an edit by hand clears it. */
  #saved = $state('');
  readonly dirty = $derived(JSON.stringify(this.toEdit()) !== this.#saved);
  meta = $state<Omit<TranscriptStaff, 'transcript'> | null>(null);
  #nextKey = 1;

  /** Takes the saved document as it now is. */
  load(staff: TranscriptStaff): void {
    this.title = staff.transcript.title;
    this.blocks = staff.transcript.blocks.map((b) => ({ ...b, key: this.#nextKey++ }));
    this.meta = { generatedAt: staff.generatedAt, updatedAt: staff.updatedAt, updatedBy: staff.updatedBy };
    this.#saved = JSON.stringify(this.toEdit());
  }

  /** The body of a save. */
  toEdit(): TranscriptEdit {
    return { title: this.title, blocks: this.blocks.map(({ key: _k, ...b }) => b) };
  }

  /** A new empty speech block after `index` (-1: first), keeping the time and speaker of the one above. */
  insertAfter(index: number): number {
    const above = this.blocks[index];
    const block: DraftBlock = { kind: 'speech', speaker: above?.speaker ?? '', title: above?.title ?? '', text: '', startMs: above?.startMs ?? null, questionId: null, key: this.#nextKey++ };
    this.blocks.splice(index + 1, 0, block);
    return index + 1;
  }

  remove(index: number): void {
    this.blocks.splice(index, 1);
  }

  move(index: number, by: -1 | 1): void {
    const to = index + by;
    if (to < 0 || to >= this.blocks.length) return;
    const [b] = this.blocks.splice(index, 1);
    this.blocks.splice(to, 0, b!);
  }

  /** Joins a block with the next one (the first keeps its kind, speaker and time). */
  mergeNext(index: number): void {
    const a = this.blocks[index];
    const b = this.blocks[index + 1];
    if (!a || !b) return;
    a.text = [a.text, b.text].filter(Boolean).join(a.text && /[\u3000-\u303f\uff00-\uffef]$/.test(a.text) ? '' : ' ');
    this.blocks.splice(index + 1, 1);
  }
}
