import type { EngineClient } from '../../../../shared/client';
import type { ProjectScanReport } from '../../../../shared/dto/projects';
import { usageIndex } from '../format/usage-index';
import { Resource } from './resource.svelte';

/** The Go projects under the project roots setting. */
export class ProjectsState {
  readonly report = new Resource<ProjectScanReport>();
  readonly usage = $derived(usageIndex(this.report.data));
  private loadedFor = '';

  constructor(private readonly client: EngineClient) {}

  /** Searches the roots unless the last search covered the same roots. */
  ensure(roots: string[], force = false) {
    const key = JSON.stringify(roots);
    if (!force && key === this.loadedFor && (this.report.data || this.report.loading)) return;
    this.loadedFor = key;
    if (roots.length === 0) {
      this.report.set({ roots: [], projects: [], skipped: [] });
      return;
    }
    void this.report.load((onStarted) =>
      this.client.runJob('projects.find', { roots }, { onStarted }),
    );
  }
}
