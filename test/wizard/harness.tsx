// Drives the real wizard App in ink-testing-library, with React's act so every
// key press is fully processed before the frame is read (no sleeps).
import React from 'react';
import { act } from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../components/App.js';
import { realDeps, type WizardDeps } from '../../src/wizard/deps.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const KEY = { up: '\u001B[A', down: '\u001B[B', left: '\u001B[D', right: '\u001B[C', enter: '\r', esc: '\u001B', backspace: '\u007F', ctrlC: '\u0003' };

export async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setImmediate(r));
  });
}

export async function startApp(cwd: string, patch: Partial<WizardDeps> = {}) {
  const deps = { ...realDeps(cwd), ...patch };
  let exitCode: number | null = null;
  let ui!: ReturnType<typeof render>;
  await act(async () => {
    ui = render(<App deps={deps} onExit={(c) => (exitCode = c)} />);
  });
  await flush();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      await act(async () => {
        ui.stdin.write(k);
      });
      await flush();
    }
  };
  const type = async (text: string) => press(...text.split(''));
  /** Writes keys outside act: for keys that start or cancel a long run, which act would flush to the end. */
  const pressRaw = (...keys: string[]) => keys.forEach((k) => ui.stdin.write(k));
  return { ui, press, pressRaw, type, frame: () => ui.lastFrame() ?? '', exitCode: () => exitCode, deps };
}

/** Waits (by condition, not by time) for something async in the app, e.g. a run finishing. */
export async function until(cond: () => boolean, what: string, timeoutMs = 20_000, frame?: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${frame ? `; the screen shows:\n${frame()}` : ''}`);
    const tick = () => new Promise((r) => setTimeout(r, 10));
    if ((globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT) await act(tick);
    else await tick();
  }
}
