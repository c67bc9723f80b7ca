import type { EngineClient } from '../../../../shared/client';
import type { DoctorFinding, DoctorFixResult, DoctorReport } from '../../../../shared/dto/doctor';
import { Resource } from './resource.svelte';

/**
 * The doctor's latest findings, kept while the app runs so the page shows them again at once.
 * A repair run re-checks afterwards: its `remaining` findings become the current ones, and its
 * repairs are kept to show what each fix did.
 */
export class DoctorState {
  readonly report = new Resource<DoctorReport>();
  /** Repairs of the latest fix run, newest run only. */
  fixes = $state.raw<DoctorFixResult[]>([]);
  deep = $state(false);
  /** The finding ids the running fix is about (to show a spinner on their buttons). */
  fixing = $state.raw<string[]>([]);

  constructor(private readonly client: EngineClient) {}

  /** The findings as they are now: after the last repair's re-check, else the last check. */
  get findings(): DoctorFinding[] {
    const r = this.report.data;
    return r ? (r.remaining ?? r.findings) : [];
  }

  check(): Promise<DoctorReport | null> {
    return this.report.load((onStarted) =>
      this.client.runJob('doctor.run', { deep: this.deep }, { onStarted }),
    );
  }

  /** Repairs the given findings (all repairable ones when `only` is absent), then re-checks. */
  async fix(only?: string[]): Promise<DoctorReport | null> {
    this.fixing = only ?? this.findings.filter((f) => f.action).map((f) => f.id);
    try {
      const report = await this.report.load((onStarted) =>
        this.client.runJob('doctor.run', { fix: true, deep: this.deep, only }, { onStarted }),
      );
      if (report) this.fixes = report.fixes;
      return report;
    } finally {
      this.fixing = [];
    }
  }
}
