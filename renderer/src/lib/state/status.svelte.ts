import type { EngineClient } from '../../../../shared/client';
import type { Health, HealthFinding } from '../../../../shared/dto/health';
import type { AppStatus } from '../../../../shared/dto/status';

/** The engine's summary (tray state): level, reasons, backups, and the one cache health. */
export class StatusState {
  value = $state.raw<AppStatus | null>(null);

  constructor(private readonly client: EngineClient) {
    client.on('status.changed', (s) => (this.value = s));
  }

  async load(): Promise<void> {
    this.value = await this.client.query('app.status', {});
  }

  get health(): Health | null {
    return this.value?.health ?? null;
  }

  /** Each version's findings ("path@version" → findings, most serious first). */
  readonly findingsByVersion = $derived.by(() => {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt whole, never mutated after
    const out = new Map<string, HealthFinding[]>();
    for (const f of this.value?.health.findings ?? []) {
      if (!f.version) continue;
      const key = `${f.path}@${f.version}`;
      out.set(key, [...(out.get(key) ?? []), f]);
    }
    return out;
  });
}
