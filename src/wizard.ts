// Opens the Ink wizard over the real engine; resolves with the exit code.
import React from 'react';
import { render } from 'ink';
import { App } from '../components/App.js';
import { realDeps } from './wizard/deps.js';

export async function startWizard(): Promise<number> {
  let code = 0;
  const app = render(React.createElement(App, { deps: realDeps(), onExit: (c: number) => (code = c) }), { exitOnCtrlC: false });
  await app.waitUntilExit();
  process.stdout.write('\n'); // leave the shell prompt on its own line
  return code;
}
