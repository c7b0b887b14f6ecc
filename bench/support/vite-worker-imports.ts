import { register } from 'node:module';

/**
 * Lets Node load extension modules that import a Web Worker the Vite way (`./x.worker?worker`, e.g. the HEIC
 * decoder that sources/ pulls in). Node has no Web Workers: the class it gets throws when constructed, so a bench
 * that reaches one fails loudly instead of measuring something else. Register before importing those modules.
 */
const hooks = `
export async function load(url, context, next) {
  if (!url.includes('?worker')) return next(url, context);
  return {
    format: 'module',
    shortCircuit: true,
    source: 'export default class { constructor() { throw new Error("Web Workers (' + url + ') do not run in Node"); } }',
  };
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
