import path from 'node:path';
import { NOTE_PROBLEMS } from '../../../shared/dto/store';
import { formatBytes, formatCount } from '../../../shared/format';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { printSnapshotProblems } from '../snapshot-problems';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Read an export (folder, zip or tar.gz) back into the store as a snapshot',
  usage: 'modvault import PATH [--json]',
  options: [],
  details:
    "Zips are checked against the export manifest's h1. Exit code 1 when problems were found.",
  async run(ctx) {
    const [source, extra] = ctx.positionals;
    if (!source || extra) throw new UsageError('give one folder or archive to import');
    const r = await ctx.runJob('store.import', { path: path.resolve(source) }, 'Import');
    const serious = r.snapshot.problems.filter((p) => !NOTE_PROBLEMS.includes(p.kind));
    if (ctx.json) {
      ctx.printJson(r);
      return serious.length ? 1 : 0;
    }
    const s = r.snapshot;
    ctx.print(
      `Imported ${formatCount(r.versions)} versions from ${r.source} as snapshot ${s.id} (${formatCount(s.newVersions)} new, ${formatBytes(s.bytesAdded)} added).`,
    );
    printSnapshotProblems(ctx, s.problems);
    return serious.length ? 1 : 0;
  },
};
