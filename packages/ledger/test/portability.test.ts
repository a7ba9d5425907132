import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every module reachable from src/<entry>.ts through relative imports, with its import specifiers. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const todo = [new URL(`../src/${entry}`, import.meta.url)];
  while (todo.length > 0) {
    const url = todo.pop()!;
    if (graph.has(url.href)) continue;
    const source = readFileSync(url, 'utf8');
    const specs = [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*from\s+'([^']+)'/g)].map(
      (m) => m[1]!,
    );
    graph.set(url.href, specs);
    for (const s of specs) if (s.startsWith('.')) todo.push(new URL(s.replace(/\.js$/, '.ts'), url));
  }
  return graph;
}

describe('portability', () => {
  it("'@realdid/ledger' (index.ts) loads no Node module and not better-sqlite3", () => {
    const graph = importGraph('index.ts');
    expect(graph.size).toBeGreaterThan(5);
    const external = [...graph.values()].flat().filter((s) => !s.startsWith('.'));
    expect(external.filter((s) => s.startsWith('node:') || s === 'better-sqlite3')).toEqual([]);
    expect(new Set(external)).toEqual(new Set(['@realdid/crypto', '@noble/hashes/sha2.js']));
  });
});

describe('no native addon', () => {
  it('package.json depends on no better-sqlite3 (it lives in @realdid/ledger-sqlite)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('better-sqlite3');
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './conformance', './package.json']);
  });

  it("'@realdid/ledger/conformance' loads Node modules only lazily, and not better-sqlite3", () => {
    const external = [...importGraph('conformance.ts').values()].flat().filter((s) => !s.startsWith('.'));
    expect(external.filter((s) => s.startsWith('node:') || s === 'better-sqlite3')).toEqual([]);
  });
});
