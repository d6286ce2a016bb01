// Drives the real wizard App in ink-testing-library, with React's act so every
// key press is fully processed before the frame is read (no sleeps).
import React from 'react';
import { act } from 'react';
import { EventEmitter } from 'node:events';
import { render as inkRender } from 'ink';
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

/** A terminal of a given size that can be resized, as ink-testing-library's (which is 100 columns, no rows). */
class SizedStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => void this.frames.push(frame);
  lastFrame = () => this.frames[this.frames.length - 1];
}

class TestStdin extends EventEmitter {
  isTTY = true;
  data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

function renderSized(tree: React.ReactElement, size: { columns: number; rows: number }) {
  const stdout = new SizedStdout(size.columns, size.rows);
  const stdin = new TestStdin();
  const instance = inkRender(tree, { stdout: stdout as never, stderr: new SizedStdout(size.columns, size.rows) as never, stdin: stdin as never, debug: true, exitOnCtrlC: false, patchConsole: false });
  return { stdin, stdout, frames: stdout.frames, lastFrame: stdout.lastFrame, unmount: instance.unmount };
}

/** Starts the wizard; with `size`, in a terminal of that many columns and rows (`resize` changes it). */
export async function startApp(cwd: string, patch: Partial<WizardDeps> = {}, size?: { columns: number; rows: number }) {
  const deps = { ...realDeps(cwd), ...patch };
  let exitCode: number | null = null;
  let ui!: Pick<ReturnType<typeof render>, 'stdin' | 'frames' | 'lastFrame'>;
  let sized: ReturnType<typeof renderSized> | null = null;
  await act(async () => {
    const tree = <App deps={deps} onExit={(c) => (exitCode = c)} />;
    if (size) ui = sized = renderSized(tree, size);
    else ui = render(tree);
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
  const resize = async (columns: number, rows: number) => {
    if (!sized) throw new Error('startApp(..., size) for a terminal that resizes');
    sized.stdout.columns = columns;
    sized.stdout.rows = rows;
    await act(async () => void sized!.stdout.emit('resize'));
    await flush();
  };
  return { ui, press, pressRaw, type, resize, frame: () => ui.lastFrame() ?? '', exitCode: () => exitCode, deps };
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
