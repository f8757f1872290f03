// No two files of src/ import each other, directly or around a loop, type-only imports included:
// a cycle is two modules that cannot be read, tested or moved apart. This test is the rule
// (no madge): it names each cycle it finds.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './import-cycles.js';

describe('the import graph of src/', () => {
  it('has no cycles', () => {
    expect(cycles(importGraph('src'), 'src')).toEqual([]);
  });

  it('is read from real imports: cli.tsx reaches the commands, and a made-up loop is found', () => {
    const graph = importGraph('src');
    expect(graph.get(resolve('src/cli.tsx'))).toContain(resolve('src/errors.ts'));
    graph.set('/r/a.ts', ['/r/b.ts']);
    graph.set('/r/b.ts', ['/r/a.ts']);
    expect(cycles(graph, '/r')).toEqual([['a.ts', 'b.ts']]);
  });
});
