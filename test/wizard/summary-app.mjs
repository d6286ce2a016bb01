// The real wizard (dist/) in a real terminal, with a stand-in run that returns the summary in
// the JSON file argv[2]: the summary screen's layout at a terminal's size (layout.e2e.test.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import React from 'react';
import { render } from 'ink';

const dist = resolve(process.argv[3] ?? 'dist');
const { App } = await import(`${dist}/components/App.js`);
const { realDeps } = await import(`${dist}/src/wizard/deps.js`);
const summary = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const deps = { ...realDeps(process.cwd()), run: async () => summary };
let code = 0;
const app = render(React.createElement(App, { deps, onExit: (c) => (code = c) }), { exitOnCtrlC: false });
await app.waitUntilExit();
process.exit(code);
