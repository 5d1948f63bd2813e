#!/usr/bin/env node
// Lists every stable error and warning code used in src/ (RampartError codes and Warning
// codes), with the files that raise them, as the Markdown table of docs/error-codes.md.
// `node scripts/error-codes.mjs --write` rewrites the table in that file.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(fileURLToPath(new URL('.', import.meta.url)), '..');

export function collectCodes() {
  const codes = new Map();
  const visit = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        const re = /(?:new RampartError\(\s*|code:\s*)'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;
        for (const m of text.matchAll(re)) {
          const area = relative(join(repo, 'src'), p).split('/').slice(0, 2).join('/');
          if (!codes.has(m[1])) codes.set(m[1], new Set());
          codes.get(m[1]).add(area);
        }
      }
    }
  };
  visit(join(repo, 'src'));
  return codes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const codes = collectCodes();
  const rows = [...codes.entries()].sort(([a], [b]) => a.localeCompare(b));
  const table = [
    '| code | raised in |',
    '|---|---|',
    ...rows.map(([c, areas]) => `| \`${c}\` | ${[...areas].sort().join(', ')} |`),
  ].join('\n');
  if (process.argv.includes('--write')) {
    const file = join(repo, 'docs', 'error-codes.md');
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('<!-- codes:start -->');
    const end = text.indexOf('<!-- codes:end -->');
    writeFileSync(file, `${text.slice(0, start)}<!-- codes:start -->\n${table}\n${text.slice(end)}`);
  } else {
    process.stdout.write(table + '\n');
  }
}
