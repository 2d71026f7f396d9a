/** Entry point of the `iso8583` binary (bin/iso8583.js requires the compiled form of this file). */
import { processIo, runCli } from './cli/cli.command';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
