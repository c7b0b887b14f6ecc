import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BrowserName, checkLive, formatTable } from './check';
import { contractSources, liveSourcesFromEnv } from './sources';

/**
 * `npm run check:live`: one link of each kind, loaded as <img>, <video> and fetch() from a page on another site, in
 * Chromium and firefox-esr; prints what worked. Real accounts come from HYPOMOS_LIVE_* (e2e/live/sources.ts); without
 * them it runs against the contract servers. `--browsers chromium` limits the browsers, `--json FILE` keeps the rows.
 */
const { values } = parseArgs({
  options: { browsers: { type: 'string', default: 'chromium,firefox' }, json: { type: 'string' } },
});
const browsers = values.browsers.split(',').filter((b): b is BrowserName => b === 'chromium' || b === 'firefox');
const live = liveSourcesFromEnv(process.env);
const contract = live ? null : await contractSources();
try {
  console.log(
    live ? 'Checking real accounts from HYPOMOS_LIVE_*.' : 'No HYPOMOS_LIVE_* set: checking the contract servers.',
  );
  const rows = await checkLive({
    sources: live ?? contract!.sources,
    browsers,
    portalIsCheckPage: !live,
    log: (l) => console.log(l),
  });
  console.log(`\n${formatTable(rows)}`);
  if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
} finally {
  await contract?.close();
}
