import { CommandError } from '../../../../shared/client';
import type { AppError } from '../../../../shared/errors';

export function toAppError(e: unknown): AppError {
  if (e instanceof CommandError) return e.error;
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Data loaded from the engine, with the three states every page shows: loading, error, data.
 * Data is held raw (not deeply reactive): reports can hold thousands of rows and are replaced
 * wholesale, never mutated.
 */
export class Resource<T> {
  data = $state.raw<T | null>(null);
  error = $state.raw<AppError | null>(null);
  loading = $state(false);
  /** The job producing the next value, for a progress bar. */
  jobId = $state<string | null>(null);
  private generation = 0;

  /** Runs a load; a newer load supersedes an older one still in flight. */
  async load(fn: (onStarted: (jobId: string) => void) => Promise<T>): Promise<T | null> {
    const gen = ++this.generation;
    this.loading = true;
    this.error = null;
    try {
      const value = await fn((id) => {
        if (gen === this.generation) this.jobId = id;
      });
      if (gen === this.generation) this.data = value;
      return value;
    } catch (e) {
      if (gen === this.generation) this.error = toAppError(e);
      return null;
    } finally {
      if (gen === this.generation) {
        this.loading = false;
        this.jobId = null;
      }
    }
  }

  /** A value learnt elsewhere (another tab or the tray ran the same job). */
  set(value: T): void {
    this.data = value;
    this.error = null;
  }
}
