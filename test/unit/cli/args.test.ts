import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../../electron/cli/args';
import { parseArgs, UsageError } from '../../../electron/cli/args';

const SPECS: OptionSpec[] = [
  { name: 'json', type: 'boolean', description: '' },
  { name: 'verbose', type: 'boolean', short: 'v', description: '' },
  { name: 'gomodcache', type: 'string', valueName: 'DIR', description: '' },
  { name: 'project', type: 'string', multiple: true, valueName: 'DIR', description: '' },
  { name: 'read-data', type: 'string', optionalValue: true, description: '' },
  { name: 'output', type: 'string', short: 'o', description: '' },
];

const parse = (...argv: string[]) => parseArgs(argv, SPECS);

describe('parseArgs', () => {
  it('reads booleans, strings, repeated options and positionals in any order', () => {
    expect(
      parse('a', '--json', '--gomodcache', '/m', 'b', '--project', 'p1', '--project=p2'),
    ).toEqual({
      options: { json: true, gomodcache: '/m', project: ['p1', 'p2'] },
      positionals: ['a', 'b'],
    });
  });

  it('accepts --name=value, including values with = and leading dashes', () => {
    expect(parse('--gomodcache=/a=b').options.gomodcache).toBe('/a=b');
    expect(parse('--gomodcache=-odd').options.gomodcache).toBe('-odd');
    expect(parse('--gomodcache=').options.gomodcache).toBe('');
  });

  it('accepts --flag=true/false and --no-flag', () => {
    expect(parse('--json=false').options.json).toBe(false);
    expect(parse('--json=true').options.json).toBe(true);
    expect(parse('--json', '--no-json').options.json).toBe(false);
  });

  it('takes optional values only in the --name=value form', () => {
    expect(parse('--read-data').options['read-data']).toBe('');
    expect(parse('--read-data=10', 'x')).toEqual({
      options: { 'read-data': '10' },
      positionals: ['x'],
    });
    expect(parse('--read-data', 'x').positionals).toEqual(['x']);
  });

  it('reads short options', () => {
    expect(parse('-v', '-o', 'file')).toEqual({
      options: { verbose: true, output: 'file' },
      positionals: [],
    });
  });

  it('treats everything after -- as positionals, and a lone - as one', () => {
    expect(parse('--', '--json', '-v').positionals).toEqual(['--json', '-v']);
    expect(parse('-').positionals).toEqual(['-']);
  });

  it.each([
    [['--nope'], /unknown option --nope/],
    [['--no-gomodcache'], /unknown option --no-gomodcache/],
    [['-x'], /unknown option -x/],
    [['-vo', 'f'], /unknown option -vo/],
    [['--json=yes'], /--json takes no value/],
    [['--gomodcache'], /--gomodcache needs a DIR/],
    [['-o'], /-o needs a value/],
    [['--project'], /--project needs a DIR/],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  it('does not swallow the next option as a missing value', () => {
    expect(() => parse('--gomodcache', '--json')).toThrow(/--gomodcache needs a DIR/);
    expect(() => parse('--project', '-v')).toThrow(/--project needs a DIR/);
    expect(() => parse('-o', '--json')).toThrow(/-o needs a value/);
  });
});
