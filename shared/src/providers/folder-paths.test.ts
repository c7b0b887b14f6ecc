import { describe, expect, it } from 'vitest';
import { FolderPaths, graphReferencePath, lastOccurrences, movedFolder } from './folder-paths';

describe('graphReferencePath (itemReference.path)', () => {
  it('reads the personal form of the docs example: /drive/root:/Documents/my%20file.docx', () => {
    expect(graphReferencePath('/drive/root:/Documents/my%20file.docx')).toBe('Documents/my file.docx');
    expect(graphReferencePath('/drive/root:')).toBe('');
    expect(graphReferencePath('/drive/root:/')).toBe('');
  });

  it('reads the Business form /drives/{driveId}/root:/… by dropping everything up to the first colon', () => {
    expect(graphReferencePath('/drives/b!abc-DEF_123/root:/Pictures/2020')).toBe('Pictures/2020');
    expect(graphReferencePath('/drives/b!abc-DEF_123/root:')).toBe('');
    // A colon later in the path belongs to a name.
    expect(graphReferencePath('/drives/b!x/root:/a%3Ab/c:d')).toBe('a:b/c:d');
  });

  it('keeps a path that is not valid percent-encoding as it is', () => {
    expect(graphReferencePath('/drive/root:/100%/x')).toBe('100%/x');
    expect(graphReferencePath(undefined)).toBe('');
  });
});

describe('movedFolder', () => {
  it('rewrites the folder itself and its descendants, nothing else', () => {
    expect(movedFolder('Trips/Paris', 'Trips/Paris', 'Trips/Paris 2020')).toBe('Trips/Paris 2020');
    expect(movedFolder('Trips/Paris/Day 1', 'Trips/Paris', 'Archive/Paris')).toBe('Archive/Paris/Day 1');
    expect(movedFolder('Trips/Paris 2', 'Trips/Paris', 'X')).toBeNull();
    expect(movedFolder('Trips', 'Trips/Paris', 'X')).toBeNull();
  });
});

describe('FolderPaths', () => {
  const tree = () => {
    const calls: string[] = [];
    const server: Record<string, { name: string; parentId: string | null; isRoot: boolean }> = {
      root: { name: 'root', parentId: null, isRoot: true },
      a: { name: 'Trips', parentId: 'root', isRoot: false },
      b: { name: 'Paris', parentId: 'a', isRoot: false },
      c: { name: 'Day 1', parentId: 'b', isRoot: false },
    };
    const paths = new FolderPaths(async (id) => {
      calls.push(id);
      const f = server[id];
      if (!f) throw new Error(`404 ${id}`);
      return f;
    });
    return { paths, calls, server };
  };

  it('resolves by walking parents, fetching each folder once', async () => {
    const { paths, calls } = tree();
    expect(await paths.path('c')).toBe('Trips/Paris/Day 1');
    expect(await paths.path('b')).toBe('Trips/Paris');
    expect(await paths.path(null)).toBe('');
    expect(await paths.path('root')).toBe('');
    expect(calls).toEqual(['c', 'b', 'a', 'root']);
    expect(paths.takeResolved()).toEqual([
      { id: 'a', path: 'Trips' },
      { id: 'b', path: 'Trips/Paris' },
      { id: 'c', path: 'Trips/Paris/Day 1' },
    ]);
    expect(paths.takeResolved()).toEqual([]);
  });

  it('a recorded rename or move of an ancestor re-paths every descendant without fetching again', async () => {
    const { paths, calls } = tree();
    await paths.path('c');
    paths.record('b', { name: 'Paris 2020', parentId: 'root', isRoot: false });
    expect(await paths.path('c')).toBe('Paris 2020/Day 1');
    expect(calls).toHaveLength(4);
  });

  it('a failed fetch is not cached', async () => {
    const { paths, server } = tree();
    await expect(paths.path('z')).rejects.toThrow('404 z');
    server.z = { name: 'Z', parentId: 'root', isRoot: false };
    expect(await paths.path('z')).toBe('Z');
  });

  it('refuses a parent cycle instead of looping', async () => {
    const { paths } = tree();
    paths.record('a', { name: 'Trips', parentId: 'c', isRoot: false });
    await expect(paths.path('c')).rejects.toThrow(/cycle/);
  });
});

describe('lastOccurrences', () => {
  it('keeps the last entry per id, in the order of those last entries', () => {
    const page = [
      { id: 'x', deleted: true },
      { id: 'y', deleted: false },
      { id: 'x', deleted: false },
    ];
    expect(lastOccurrences(page, (e) => e.id)).toEqual([
      { id: 'y', deleted: false },
      { id: 'x', deleted: false },
    ]);
    expect(lastOccurrences([{ id: null }, { id: null }], (e) => e.id)).toHaveLength(2);
  });
});
