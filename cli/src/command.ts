/** A CLI subcommand: `summary` shows in `hypomos --help`; `run` gets the arguments after its name. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/**
 * The folder and one numeric option of a vision subcommand (`<folder> [--json] [--name value]`), in any order.
 * Returns a usage error message instead when the folder is missing.
 */
export function folderWithOption(
  args: string[],
  name: string,
): { folder: string; value: number | null } | { error: string } {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : null;
  const folder = args.find((a, i) => !a.startsWith('--') && !(at >= 0 && i === at + 1));
  return folder ? { folder, value } : { error: 'missing <folder>' };
}
