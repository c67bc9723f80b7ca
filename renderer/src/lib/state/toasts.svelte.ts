export type ToastTone = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body?: string;
  action?: { label: string; run: () => void };
}

const LIFETIME_MS = 6000;

/** Short messages in a corner; errors stay until dismissed, the others fade after a while. */
export class Toasts {
  items = $state<Toast[]>([]);
  private nextId = 1;

  show(toast: Omit<Toast, 'id'>): number {
    const id = this.nextId++;
    this.items = [...this.items.slice(-4), { ...toast, id }];
    if (toast.tone !== 'error') setTimeout(() => this.dismiss(id), LIFETIME_MS);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
