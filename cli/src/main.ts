import type { Command } from './command';

/**
 * `hypomos <command> [...]`. Each command is a module exporting a `Command`; add one by adding a line here.
 * Modules load lazily so `hypomos --help` stays fast and one command's dependencies never slow another.
 */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  index: () => import('./commands/index'),
  faces: () => import('./commands/faces'),
  dupes: () => import('./commands/dupes'),
};

async function help(): Promise<string> {
  const lines = ['usage: hypomos <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(commands))
    lines.push(`  ${name.padEnd(8)} ${(await load()).command.summary}`);
  lines.push('', 'Run `hypomos <command> --help` for details.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`hypomos: unknown command "${name}". Try: hypomos --help`);
    return 2;
  }
  return (await load()).command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`hypomos: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
