// The run's summary: failed checks first and always on screen, then a window over the
// headlines, tables, passed checks (one count; c lists them), manifest and catalog, and
// under it where the output went.
// Lines and keys are src/wizard/summaryView.ts; Enter, q, i and Esc are the App's.
import React, { useRef, useState } from 'react';
import { Text } from 'ink';
import type { RunSummary } from '../src/engine/runner.js';
import { applySummaryInput, clampSummaryTop, initialSummaryNav, summaryLayout, type SummaryNav } from '../src/wizard/summaryView.js';
import { wrapText } from '../src/wizard/wrap.js';
import { tint } from './colour.js';
import { fit, Frame } from './Frame.js';
import { Styled } from './Styled.js';
import { useTerminalInput } from './useTerminalInput.js';
import { useTerminalSize } from './useTerminalSize.js';

interface Props {
  summary: RunSummary | null;
  failure: string | null;
  cancelled: boolean;
  out: string;
}

// Where the summary was scrolled to, per run: back from the inspect screen it is where it was.
const navOf = new WeakMap<RunSummary, SummaryNav>();

export function SummaryScreen({ summary, failure, cancelled, out }: Props) {
  const { columns, rows } = useTerminalSize();
  const [nav, setNav] = useState<SummaryNav>(() => (summary && navOf.get(summary)) || initialSummaryNav);
  const current = useRef(nav);
  const layoutOf = (n: SummaryNav) => summaryLayout(summary!, out, n, columns, rows);
  useTerminalInput((input) => {
    if (!summary) return;
    const next = applySummaryInput(current.current, input, (n) => {
      const l = layoutOf(n);
      return { count: l.body.length, height: l.height };
    });
    current.current = next;
    navOf.set(summary, next);
    setNav(next);
  });

  if (cancelled || failure || !summary) {
    const message = cancelled ? `Cancelled: nothing was written under ${out}.` : `✗ ${failure}`;
    return (
      <Frame step="Summary" title={cancelled ? 'Cancelled' : 'Run failed'} hint="Enter or q to exit">
        {wrapText(message, columns, '  ').map((line, i) => (
          <Text key={i} color={tint(cancelled ? 'yellow' : 'red')}>
            {line}
          </Text>
        ))}
      </Frame>
    );
  }

  const failed = summary.checks.filter((c) => !c.ok).length;
  const layout = layoutOf(nav);
  const top = clampSummaryTop(nav.top, layout.body.length, layout.height); // the terminal may have grown since the last key
  const shown = layout.body.slice(top, top + layout.height);
  const scrolls = layout.body.length > layout.height;
  const where = scrolls ? `lines ${top + 1}-${top + shown.length} of ${layout.body.length}, ↑↓ PgUp PgDn scroll · ` : '';
  const hint = `${fit(`${where}c ${nav.expanded ? 'folds' : 'lists'} the passed checks`, columns)}\n${fit('i Inspect the output · Enter or q to exit', columns)}`;
  return (
    <Frame step="Summary" title={failed ? `Done, ${failed} check(s) FAILED` : 'Done, all checks passed'} hint={hint}>
      {layout.pinned.map((line, i) => (
        <Styled key={`p${i}`} line={line} />
      ))}
      {shown.map((line, i) => (
        <Styled key={top + i} line={line} />
      ))}
      {layout.footer.map((line, i) => (
        <Styled key={`o${i}`} line={line} />
      ))}
    </Frame>
  );
}
