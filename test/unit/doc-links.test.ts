import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
    if (!m) continue;
    const slug = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

/** The relative links of a markdown file (code spans and blocks left out). */
function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1]!)
    .filter((href) => !/^[a-z][a-z+.-]*:/i.test(href));
}

const docs = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('documentation links', () => {
  it('the README is one screen: what it is, how to start and test, links', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(60);
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('the README links every page of docs/ (a page nobody can find is not documentation)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const linked = new Set(links(readme).map((href) => path.normalize(href.split('#')[0]!)));
    expect(docs.filter((doc) => doc !== 'README.md' && !linked.has(doc))).toEqual([]);
  });

  it.each(docs)('every relative link in %s leads to a file (and heading) that exists', (doc) => {
    const markdown = readFileSync(path.join(root, doc), 'utf8');
    const broken: string[] = [];
    for (const href of links(markdown)) {
      const [file, anchor] = href.split('#') as [string, string | undefined];
      const target = file ? path.normalize(path.join(path.dirname(doc), file)) : doc;
      if (!existsSync(path.join(root, target))) {
        broken.push(`${href} (no ${target})`);
        continue;
      }
      if (anchor && target.endsWith('.md')) {
        const found = anchors(readFileSync(path.join(root, target), 'utf8'));
        if (!found.has(anchor)) broken.push(`${href} (no heading #${anchor} in ${target})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
