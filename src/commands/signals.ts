// Ctrl-C, SIGTERM and SIGHUP (terminal closed) abort the command's work through
// one AbortSignal instead of killing the process, so every phase can stop its
// work, remove what it wrote and exit 130 with one line. A terminal or pipe that
// goes away (a write to stdout or stderr fails with EIO or EPIPE, often before
// the SIGHUP arrives) stops the work the same way: an unhandled write error
// would crash the process before its cleanup.
import { isatty } from 'node:tty';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STREAMS = [process.stdout, process.stderr];
// Known at start: once a terminal has hung up, isatty() on it says false.
const TERMINAL_FDS = [0, 1, 2].filter((fd) => isatty(fd));

let outputGone = false;

/**
 * Later writes (progress redraws, the last line) have nowhere to go: let them
 * fail quietly. And Node 20 aborts at exit (SIGABRT, perhaps a core file in the
 * user's folder) restoring a terminal that has hung up: after the cleanup, die
 * of the hangup instead, as a process without handlers would have.
 */
function outputMayBeGone(): void {
  if (outputGone) return;
  outputGone = true;
  for (const stream of STREAMS) stream.on('error', () => {});
  process.once('exit', () => {
    if (!TERMINAL_FDS.some((fd) => !isatty(fd))) return;
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  });
}

export async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (name === 'SIGHUP') outputMayBeGone();
    controller.abort();
  };
  const onOutputError = () => {
    outputMayBeGone();
    controller.abort();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  for (const stream of STREAMS) stream.on('error', onOutputError);
  // The handlers stay until the process exits: a signal that lands while the
  // summary is printed, after the work was committed, must not kill the process
  // without its line (the output is complete; aborting a finished controller does nothing).
  return await work(controller.signal);
}
