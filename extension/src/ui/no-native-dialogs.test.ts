import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('extension pages', () => {
  it('never block on window.prompt, confirm or alert (they use useUi dialogs and toasts)', () => {
    // A call, not the `confirm(options)` / `prompt(options)` members of useUi's interface.
    const native = /(?<![.\w])(?:window\.)?(?:prompt|confirm|alert)\((?!options)/;
    const offenders = sources(SRC).filter((f) => native.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
