/** A CLI subcommand: `summary` shows in `hypomos --help`; `run` gets the arguments after its name. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
