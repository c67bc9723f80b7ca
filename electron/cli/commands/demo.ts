import { formatCount } from '../../../shared/format';
import type { CliCommand } from '../command';
import { runHint } from '../hint';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Build a small real demo module cache to try ModVault on (--remove takes it away)',
  usage: 'modvault demo [--remove] [--json]',
  options: [
    {
      name: 'remove',
      type: 'boolean',
      description: 'Remove the demo cache: ModVault uses your real module cache again',
    },
  ],
  details: [
    'Writes a small but real module cache (zips, .mod, .info, .ziphash and read-only trees,',
    'as Go writes them) from modules bundled with ModVault into its own GOMODCACHE in the',
    'app-data folder, with a project that builds against it offline. While it exists, every',
    'command and the app use it instead of your module cache (--gomodcache still wins), and',
    'the app shows a Demo banner. Your real cache is never touched.',
    '',
    'Examples:',
    '  modvault demo',
    '  modvault demo --remove',
  ].join('\n'),
  async run(ctx) {
    if (ctx.flag('remove')) {
      const r = await ctx.runJob('demo.remove', {}, 'Removing the demo');
      if (ctx.json) ctx.printJson(r);
      else
        ctx.print(
          r.removed
            ? 'Demo cache removed: ModVault uses your real module cache again.'
            : 'There is no demo cache.',
        );
      return 0;
    }
    const info = await ctx.runJob('demo.create', {}, 'Building the demo cache');
    if (ctx.json) {
      ctx.printJson(info);
      return 0;
    }
    ctx.print(
      `Demo cache ready: ${formatCount(info.versions)} versions of ${formatCount(info.modules)} modules in ${info.gomodcache}.`,
    );
    ctx.print(`A project using it: ${info.project}`);
    ctx.print('Until you remove it, ModVault works on the demo cache instead of yours. Try:');
    for (const args of [['scan'], ['snapshot'], ['verify'], ['ui']])
      ctx.print(`  ${runHint(ctx, args)}`);
    ctx.print(`Remove it: run ${runHint(ctx, ['demo', '--remove'])}.`);
    return 0;
  },
};
