// Ctrl-C, SIGTERM and SIGHUP (terminal closed) abort the command's work through
// one AbortSignal instead of killing the process, so every phase can stop its
// work, remove what it wrote and exit 130 with one line.

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** After a hangup the terminal is gone: a progress redraw or the last line would fail with EIO and crash the cleanup. */
function ignoreClosedTerminal(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

export async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (name === 'SIGHUP') ignoreClosedTerminal();
    controller.abort();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
