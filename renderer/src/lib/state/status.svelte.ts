import type { EngineClient } from '../../../../shared/client';
import type { AppStatus } from '../../../../shared/dto/status';

/** The engine's summary (tray state): level, reasons, backups. */
export class StatusState {
  value = $state.raw<AppStatus | null>(null);

  constructor(private readonly client: EngineClient) {
    client.on('status.changed', (s) => (this.value = s));
  }

  async load(): Promise<void> {
    this.value = await this.client.query('app.status', {});
  }
}
