import { SvelteSet } from 'svelte/reactivity';
import type { EngineClient } from '../../../../shared/client';
import type {
  CleanItem,
  CleanKind,
  CleanMode,
  CleanPlan,
  CleanResult,
  CleanTarget,
  PurgeResult,
  UndoResult,
} from '../../../../shared/dto/clean';
import { Resource } from '../../lib/state/resource.svelte';

export const STEPS = ['category', 'preview', 'options', 'run', 'result'] as const;
export type Step = (typeof STEPS)[number];

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;

/** The plan filters as typed: empty means "not set". */
export interface Filters {
  olderThanDays: string;
  keepLatest: string;
  maxSizeMiB: string;
  deep: boolean;
  targets: CleanTarget[];
}

const whole = (v: string): number | undefined => {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
};

/**
 * The cleanup wizard: category → preview (the engine's plan, every item selectable) → options
 * → run → result with Undo. Only what was previewed and selected is ever touched: the run
 * passes the selected item ids, and the engine leaves alone anything not in that list.
 */
export class CleanupWizard {
  step = $state<Step>('category');
  kind = $state<CleanKind>('unused');
  filters = $state<Filters>({
    olderThanDays: '',
    keepLatest: '',
    maxSizeMiB: '',
    deep: false,
    targets: ['modcache', 'cache', 'testcache'],
  });
  readonly plan = new Resource<CleanPlan>();
  /** Ids of the items to clean; every item starts selected. */
  readonly selected = new SvelteSet<string>();
  backupFirst = $state(false);
  mode = $state<CleanMode>('quarantine');
  /** The explicit "I understand" for a deletion that cannot be undone. */
  confirmDelete = $state(false);
  readonly result = new Resource<CleanResult>();
  readonly undo = new Resource<UndoResult>();
  /** "Purge now": the quarantined space freed at once (no undo afterwards). */
  readonly purge = new Resource<PurgeResult>();

  constructor(private readonly client: EngineClient) {}

  get items(): CleanItem[] {
    return this.plan.data?.items ?? [];
  }

  get selectedItems(): CleanItem[] {
    return this.items.filter((i) => this.selected.has(i.id));
  }

  get selectedBytes(): number {
    return this.selectedItems.reduce((sum, i) => sum + i.bytes, 0);
  }

  /** The plan request for the chosen category: options that do not apply are left out. */
  request() {
    const f = this.filters;
    const days = whole(f.olderThanDays);
    const mib = whole(f.maxSizeMiB);
    const keep = whole(f.keepLatest);
    return {
      kind: this.kind,
      deep: this.kind === 'corrupt' && f.deep,
      ...(this.kind === 'unused' && keep !== undefined && { keepLatest: keep }),
      ...((this.kind === 'unused' || this.kind === 'gocache') &&
        days !== undefined && { olderThanMs: days * DAY_MS }),
      ...(this.kind === 'gocache' && mib !== undefined && { maxSizeBytes: mib * MIB }),
      ...(this.kind === 'all' && { targets: [...f.targets] }),
    };
  }

  choose(kind: CleanKind): void {
    if (kind === this.kind) return;
    this.kind = kind;
    this.plan.data = null;
    this.mode = 'quarantine';
    this.confirmDelete = false;
  }

  async preview(): Promise<void> {
    this.step = 'preview';
    const plan = await this.plan.load((onStarted) =>
      this.client.runJob('clean.plan', this.request(), { onStarted }),
    );
    if (plan) this.selectAll(true);
  }

  toggle(id: string): void {
    if (!this.selected.delete(id)) this.selected.add(id);
  }

  selectAll(on: boolean): void {
    this.selected.clear();
    if (on) for (const i of this.items) this.selected.add(i.id);
  }

  async run(): Promise<void> {
    this.step = 'run';
    this.undo.data = null;
    this.undo.error = null;
    const done = await this.result.load((onStarted) =>
      this.client.runJob(
        'clean.run',
        {
          ...this.request(),
          mode: this.mode,
          select: [...this.selected],
          backupFirst: this.backupFirst,
        },
        { onStarted },
      ),
    );
    this.step = done || this.result.error?.code !== 'CANCELED' ? 'result' : 'options';
  }

  undoLast(): Promise<UndoResult | null> {
    const id = this.result.data?.quarantineId;
    if (!id) return Promise.resolve(null);
    return this.undo.load((onStarted) =>
      this.client.runJob('quarantine.undo', { id }, { onStarted }),
    );
  }

  purgeLast(): Promise<PurgeResult | null> {
    const id = this.result.data?.quarantineId;
    if (!id) return Promise.resolve(null);
    return this.purge.load((onStarted) =>
      this.client.runJob('quarantine.purge', { ids: [id] }, { onStarted }),
    );
  }

  restart(): void {
    this.step = 'category';
    this.plan.data = null;
    this.result.data = null;
    this.result.error = null;
    this.undo.data = null;
    this.undo.error = null;
    this.purge.data = null;
    this.purge.error = null;
    this.confirmDelete = false;
  }
}
