// `npm run bench`: runs every bench/*.bench.ts, prints a table and writes bench/results/latest.{json,md}.
// It reports and never fails on a slow figure; a bench that crashes is reported as such.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './figure';

const here = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const figures: Figure[] = [];
const failures: { bench: string; error: string }[] = [];
for (const file of files) {
  console.log(`» ${file}`);
  const started = Date.now();
  try {
    const mod = (await import(join(here, file))) as { run: () => Promise<Figure[]> };
    const got = await mod.run();
    figures.push(...got);
    for (const f of got)
      console.log(
        `  ${f.name}: ${f.value} ${f.unit} (baseline ${f.baseline}, ratio ${f.ratio}, goal ${f.goal ?? '-'})`,
      );
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ bench: file, error: message });
    console.error(`  ${file} failed: ${message}`);
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
const out = join(here, 'results');
const date = new Date().toISOString();
for (const f of figures) f.measured = date;
// A partial run (`npm run bench share`) replaces its own figures and keeps the rest of the last pass.
if (only.length > 0 && existsSync(join(out, 'latest.json'))) {
  const previous = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as { date: string; figures: Figure[] };
  const fresh = new Set(figures.map((f) => f.name));
  figures.unshift(
    ...previous.figures.filter((f) => !fresh.has(f.name)).map((f) => ({ ...f, measured: f.measured ?? previous.date })),
  );
}
const result = { machine, date, figures, failures };
writeFileSync(join(out, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);

const md = [
  `# Hypomos benchmarks`,
  '',
  `${result.date} on ${machine}`,
  '',
  '| figure | value | unit | baseline | ratio | goal | measured |',
  '|---|---:|---|---:|---:|---|---|',
  ...figures.map(
    (f) =>
      `| ${f.name} | ${f.value ?? '–'} | ${f.unit} | ${f.baseline ?? '–'} | ${f.ratio ?? '–'} | ${f.goal ?? ''} | ${f.measured?.slice(0, 16) ?? ''} |`,
  ),
  ...(failures.length
    ? ['', '## Benchmarks that failed', '', ...failures.map((f) => `- ${f.bench}: ${f.error.split('\n')[0]}`)]
    : []),
  '',
].join('\n');
writeFileSync(join(out, 'latest.md'), md);
console.log(`\n${md}`);
