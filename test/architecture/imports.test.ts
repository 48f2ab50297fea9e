import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering DESIGN.md draws, checked on every `npm test`: no import cycle in src/ or commands/
 * (type-only imports included: a newcomer reads them as dependencies too), nothing below the
 * adapters importing one, and only the entry points and the composition root loose in src/.
 */

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Every relative import of a file (static, type-only and dynamic), as paths from the root. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((imported) => imported.fileName).filter((name) => name.startsWith('.')).map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)));
}

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => target.startsWith('src/') || target.startsWith('commands/'))]));

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the import graph', () => {
  it('reads the imports it checks (the check itself works)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(graph.get('commands/help.ts')).toContain('src/chat/command.ts');
    expect(graph.get('src/start.ts')).toContain('src/adapters/telegram/index.ts');
  });

  it('has no import cycle in src/ or commands/', () => {
    expect(cycles()).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    graph.set('src/core/index.ts', [...graph.get('src/core/index.ts')!, 'commands/help.ts']);
    graph.set('commands/help.ts', [...graph.get('commands/help.ts')!, 'src/core/index.ts']);
    try {
      expect(cycles().some((component) => component.includes('commands/help.ts') && component.includes('src/core/index.ts'))).toBe(true);
    } finally {
      graph.set('src/core/index.ts', importsOf('src/core/index.ts'));
      graph.set('commands/help.ts', importsOf('commands/help.ts'));
    }
  });

  it('never imports an adapter from the chat layer, the core, delivery or the commands', () => {
    const below = /^(src\/(chat|core|delivery)|commands)\//;
    const upward = [...graph].flatMap(([file, targets]) => (below.test(file) ? targets.filter((target) => target.startsWith('src/adapters/')).map((target) => `${file} → ${target}`) : []));
    expect(upward).toEqual([]);
  });

  it('keeps only the entry points and the composition root directly in src/', () => {
    const loose = files.filter((file) => dirname(file) === 'src');
    expect(loose.length).toBeLessThanOrEqual(6);
  });
});
