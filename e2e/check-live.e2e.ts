import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../dev-services/src/wrangler-dev';
import type { CheckRow } from './live/check';

/**
 * `npm run check:live` with no HYPOMOS_LIVE_* set runs against the contract servers: this runs the same script the
 * same way, so it keeps working for the people who run it against real accounts.
 */
describe('npm run check:live against the contract servers', () => {
  it('makes one link of each kind, loads each in Chromium and firefox-esr, and every form a descriptor offers works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hypomos-check-live-'));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HYPOMOS_LIVE_')));
    const out: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['scripts/check-live.mjs', '--json', join(dir, 'rows.json')], {
        cwd: REPO_ROOT,
        env,
      });
      child.stdout.on('data', (d) => out.push(String(d)));
      child.stderr.on('data', (d) => out.push(String(d)));
      child.on('exit', resolve);
    });
    const printed = out.join('');
    expect(code, printed).toBe(0);
    expect(printed).toMatch(/checking the contract servers/);
    expect(printed).toMatch(/provider\s+\| item\s+\| form\s+\| browser\s+\| <img>\s+\| <video>\s+\| fetch\(\)/);
    const rows = JSON.parse(await readFile(join(dir, 'rows.json'), 'utf8')) as CheckRow[];
    await rm(dir, { recursive: true, force: true });

    for (const browser of ['chromium', 'firefox'])
      for (const provider of ['OneDrive personal', 'OneDrive for Business', 'Google Drive', 'Azure Blob'])
        for (const media of ['image', 'video'])
          expect(rows.some((r) => r.browser === browser && r.provider === provider && r.media === media)).toBe(true);
    // What each descriptor promises, the browsers do: its full form loads as <img>/<video>, its download form fetches.
    for (const r of rows) {
      const forms = r.forms.split('+');
      const what = `${r.provider} ${r.media} ${r.forms} in ${r.browser}`;
      if (forms.includes('full')) expect(r.img ?? r.video, what).toBe('yes');
      if (forms.includes('download')) expect(r.fetch, what).toMatch(/^yes/);
    }
    // The forms no direct fetch() serves (OneDrive: CORS unknown, served without it here) are the relay's to stream.
    const oneDrive = rows.filter((r) => r.provider.startsWith('OneDrive'));
    expect(oneDrive.every((r) => r.fetch.startsWith('no'))).toBe(true);
    expect(oneDrive.every((r) => !r.forms.includes('download'))).toBe(true);
  }, 300_000);
});
