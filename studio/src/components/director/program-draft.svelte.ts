import type { Layout, Participant, Program } from '../../../../shared/media.js';

/**
 * The program the director is putting together before applying it: who, in which order (the order of
 * ticking: the first is the main picture), and the layout. It follows the server's program until the
 * director starts editing, and again after applying.
 */
export class ProgramDraft {
  ids = $state<string[]>([]);
  layout = $state<Layout>('side_by_side');
  #editing = false;

  /** Takes the server's program, unless the director is in the middle of changing it. */
  follow(program: Program): void {
    if (this.#editing) return;
    this.ids = program.slots.map((s) => s.participantId);
    this.layout = program.layout;
  }

  /** Forgets people who left the stage: the server would refuse them. */
  prune(participants: readonly Participant[]): void {
    const onStage = new Set(participants.filter((p) => p.state === 'stage').map((p) => p.id));
    if (this.ids.some((id) => !onStage.has(id))) this.ids = this.ids.filter((id) => onStage.has(id));
  }

  toggle(id: string): void {
    this.#editing = true;
    this.ids = this.ids.includes(id) ? this.ids.filter((x) => x !== id) : [...this.ids, id];
  }

  setLayout(layout: Layout): void {
    this.#editing = true;
    this.layout = layout;
  }

  /** 1-based place in the program, or null when not in it. */
  position(id: string): number | null {
    const i = this.ids.indexOf(id);
    return i < 0 ? null : i + 1;
  }

  /** Whether the draft differs from what is on air. */
  differs(program: Program | null): boolean {
    const current = program?.slots.map((s) => s.participantId) ?? [];
    return program?.layout !== this.layout || current.join() !== this.ids.join();
  }

  applied(program: Program): void {
    this.#editing = false;
    this.follow(program);
  }
}
