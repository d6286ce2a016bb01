// A real pseudo-terminal for the wizard's end-to-end tests: a tmux session the test
// drives with send-keys and reads with capture-pane, as a person would see it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

export interface Terminal {
  /** What the terminal shows (with `history`, what scrolled off too; with `join`, wrapped rows joined back into their line). */
  screen(history?: boolean): string;
  /** Polls the screen until it shows `what` (or `what(screen)` holds); throws with the screen after `timeoutMs`. */
  waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs?: number, history?: boolean): Promise<string>;
  /**
   * Sends keys in one tmux command, with no delay between them: they reach the wizard back to back,
   * usually in one read, as from a fast typist, a paste or a loaded machine. Every key must count.
   */
  keys(...names: string[]): void;
}

export function terminal(session: string, opts: { history: boolean; join: boolean }): Terminal {
  const screen = (history = opts.history) => tmux('capture-pane', '-p', ...(opts.join ? ['-J'] : []), '-t', session, ...(history ? ['-S', '-200'] : []));
  return {
    screen,
    async waitFor(what, timeoutMs = 20_000, history = opts.history) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const text = screen(history);
        if (typeof what === 'string' ? text.includes(what) : typeof what === 'function' ? what(text) : what.test(text)) return text;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    keys: (...names) => void tmux('send-keys', '-t', session, ...names),
  };
}

/** From the wizard's first screen to saas-metrics' parameters: New dataset, the first scenario. */
export async function openSaasMetrics(t: Pick<Terminal, 'waitFor' | 'keys'>): Promise<void> {
  await t.waitFor('❯ New dataset');
  t.keys('Enter');
  await t.waitFor('Pick a scenario');
  t.keys('Enter');
  await t.waitFor('Parameters of saas-metrics');
}

/** The characters of a string as tmux key names, to mix them with named keys in one burst. */
export const chars = (s: string) => [...s];

/** The real binary, as built by `npm test`'s pretest. */
export const BIN = resolve('dist/src/cli.js');

/**
 * The real wizard in a detached tmux session of `columns` x `rows` in `cwd`, its environment
 * set by `env` (an `env ...` prefix; by default without CI, which would refuse the wizard);
 * its exit code written to `exitFile` when given (whole: written beside it, then renamed, so
 * the file never exists empty; read it with exitCodeOf). The session lingers 30 s for capture-pane.
 */
export function startWizard(session: string, opts: { cwd: string; exitFile?: string; env?: string; columns?: number; rows?: number }): void {
  const { cwd, exitFile, env = 'env -u CI', columns = 80, rows = 24 } = opts;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', cwd, `${env} ${process.execPath} ${BIN}${exitFile ? `; echo $? > ${exitFile}.part && mv ${exitFile}.part ${exitFile}` : ''}; sleep 30`);
}

/** The wizard's exit code from startWizard's `exitFile`, once it exits (within `ms`); '' if it has not. */
export async function exitCodeOf(exitFile: string, ms = 10_000): Promise<string> {
  for (const end = Date.now() + ms; !existsSync(exitFile) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
  return existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : '';
}
