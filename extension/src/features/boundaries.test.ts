import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Feature folders meet only at their front door: another feature is imported through its `index.ts`, never
// through a file inside it, and no two feature folders import each other, directly or around a loop.
// (Entrypoints, db/ and platform/ sit outside features/ and may import any feature's files.)

const FEATURES = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import, re-export and dynamic import of a file that leaves its own feature. */
function crossFeatureImports(file: string): { from: string; to: string; path: string }[] {
  const from = relative(FEATURES, file).split('/')[0]!;
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport\(?)\s*['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => m[1]!);
  return specifiers.flatMap((specifier) => {
    const path = relative(FEATURES, resolve(dirname(file), specifier));
    const to = path.split('/')[0]!;
    return path.startsWith('..') || to === from ? [] : [{ from, to, path }];
  });
}

const imports = sourceFiles(FEATURES).flatMap((file) =>
  crossFeatureImports(file).map((i) => ({ ...i, file: relative(FEATURES, file) })),
);

/** Feature folders that import each other around a loop (Tarjan's strongly connected components). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('feature boundaries', () => {
  it('finds the imports it checks', () => {
    expect(imports.some((i) => i.to === 'library')).toBe(true);
  });

  it('imports another feature only through its index.ts', () => {
    const inside = imports.filter((i) => i.path !== i.to && i.path !== `${i.to}/index`);
    expect(inside.map((i) => `${i.file} → ${i.path}`)).toEqual([]);
  });

  it('has no cycles between feature folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) edges.set(i.from, (edges.get(i.from) ?? new Set()).add(i.to));
    expect(cycles(edges)).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(edges)).toEqual([['a', 'b', 'c']]);
  });
});
