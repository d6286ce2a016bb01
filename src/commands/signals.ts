// Ctrl-C, SIGTERM and SIGHUP (terminal closed) abort the command's work through
// one AbortSignal instead of killing the process, so every phase can stop its
// work, remove what it wrote and exit 130 with one line. A terminal or pipe that
// goes away (a write to stdout or stderr fails with EIO or EPIPE, often before
// the SIGHUP arrives) counts as a hangup: an unhandled write error would crash
// the process before its cleanup.

import { isatty } from 'node:tty';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// Known at start: once the terminal has hung up, isatty() says false.
const ON_TERMINAL = [0, 1, 2].some((fd) => isatty(fd));
const STREAMS = [process.stdout, process.stderr];

let outputGone = false;

/** Later writes (progress redraws, the last line) have nowhere to go: let them fail quietly. */
function ignoreOutputErrors(): void {
  if (outputGone) return;
  outputGone = true;
  for (const stream of STREAMS) stream.on('error', () => {});
  dieOfHangupAtExit();
}

/**
 * Node 20 aborts at exit (SIGABRT, perhaps a core file in the user's folder) when
 * it restores a terminal that has hung up. After the cleanup, die of the hangup
 * instead, as a process without handlers would have.
 */
function dieOfHangupAtExit(): void {
  if (!ON_TERMINAL) return;
  process.once('exit', () => {
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  });
}

export async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (name === 'SIGHUP') ignoreOutputErrors();
    controller.abort();
  };
  const onOutputError = () => {
    ignoreOutputErrors();
    controller.abort();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  for (const stream of STREAMS) stream.on('error', onOutputError);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    for (const stream of STREAMS) stream.off('error', onOutputError);
  }
}
