const [command] = process.argv.slice(2);
if (!command || command === '--help' || command === 'help') {
  console.log('usage: hypomos <command>\n\ncommands:\n  index <folder> [--json]   index a local folder');
  process.exit(0);
}
console.error(`hypomos: unknown command "${command}". Try: hypomos --help`);
process.exit(2);
