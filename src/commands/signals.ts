// Ctrl-C, SIGTERM and SIGHUP (terminal closed) abort the command's work through
// one AbortSignal instead of killing the process, so every phase can stop its
// work, remove what it wrote and exit 130 with one line.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
