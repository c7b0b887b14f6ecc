import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(import.meta.dirname, '../..');

/**
 * Loads import-engine.ts bundled for Node. tsx cannot load the extension's sources directly: they import Vite
 * `?worker` modules (HEIC decoding, vision) that no import path of the engine calls, so they load as empty stubs.
 */
export function loadImportEngine(): Promise<typeof import('./import-engine')> {
  loaded ??= bundleAndLoad();
  return loaded;
}

let loaded: Promise<typeof import('./import-engine')> | null = null;

async function bundleAndLoad(): Promise<typeof import('./import-engine')> {
  const out = await mkdtemp(join(tmpdir(), 'import-engine-'));
  try {
    const file = join(out, 'import-engine.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'import-engine.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      outfile: file,
      nodePaths: [join(repo, 'extension/node_modules'), join(repo, 'shared/node_modules')],
      logLevel: 'silent',
      plugins: [
        {
          name: 'vite-worker-stub',
          setup(b) {
            b.onResolve({ filter: /\?(worker|url)$/ }, (a) => ({ path: a.path, namespace: 'stub' }));
            b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
              contents: 'export default class {}',
              loader: 'js',
            }));
          },
        },
      ],
    });
    return (await import(pathToFileURL(file).href)) as typeof import('./import-engine');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
