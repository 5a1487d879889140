export type ToastKind = 'error' | 'success';
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail: string;
}

const SUCCESS_MS = 4000;
const MAX_TOASTS = 4;

/** Short messages in the corner. Errors stay until dismissed: a reviewer must not miss a refused decision. */
class Toasts {
  #items = $state<Toast[]>([]);
  #next = 1;

  get items(): readonly Toast[] {
    return this.#items;
  }

  success(title: string): void {
    const id = this.#push({ kind: 'success', title, detail: '' });
    setTimeout(() => this.dismiss(id), SUCCESS_MS);
  }

  error(title: string, detail = ''): void {
    this.#push({ kind: 'error', title, detail });
  }

  clear(): void {
    this.#items = [];
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((x) => x.id !== id);
  }

  #push(t: Omit<Toast, 'id'>): number {
    const id = this.#next++;
    this.#items = [...this.#items, { ...t, id }].slice(-MAX_TOASTS);
    return id;
  }
}

export const toasts = new Toasts();
