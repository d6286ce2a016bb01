// The output's inspect report, as `synthgen inspect` draws it, in the wizard: a list of
// the overview and the tables, Enter shows an entry's lines, Esc goes back. The lines
// come from src/inspect/render.ts and the keys from src/wizard/inspectNav.ts; here they are only drawn.
import React, { useMemo, useRef, useState } from 'react';
import { Text } from 'ink';
import type { InspectReport } from '../src/inspect/model.js';
import { overviewLines, tableLines, type Line } from '../src/inspect/render.js';
import { applyInspectInput, bodyHeight, clampTop, entryLabels, entryName, initialNav, type InspectNav } from '../src/wizard/inspectNav.js';
import { framed } from '../src/wizard/listNav.js';
import { fit, Frame } from './Frame.js';
import { useTerminalInput } from './useTerminalInput.js';
import { noColor, tint } from './colour.js';
import { Styled } from './Styled.js';
import { useTerminalSize } from './useTerminalSize.js';

interface Props {
  out: string;
  report: InspectReport | null;
  error: string | null;
  onBack(): void;
}

export function InspectScreen({ out, report, error, onBack }: Props) {
  const { columns: width, rows } = useTerminalSize();
  const height = bodyHeight(rows);
  const [nav, setNav] = useState<InspectNav>(initialNav);
  const current = useRef(nav);
  const done = useRef(false);

  // Each entry's lines drawn once per report and width, however often the view goes back and forth.
  const cache = useMemo(() => new Map<number, Line[]>(), [report, width]);
  const linesOf = (entry: number): Line[] => {
    if (!report) return [];
    let lines = cache.get(entry);
    if (!lines) {
      const table = report.tables[entry - 1];
      lines = entry === 0 || !table ? overviewLines(report, width) : tableLines(report, table, width);
      cache.set(entry, lines);
    }
    return lines;
  };
  const labels = useMemo(() => (report ? entryLabels(report) : []), [report]);

  useTerminalInput((input) => {
    if (done.current) return; // gone back to the summary; the keys are the summary's
    if (!report) {
      if (/^\u001b+$/.test(input)) {
        done.current = true;
        onBack();
      }
      return;
    }
    const { nav: next, back } = applyInspectInput(current.current, input, { entries: labels.length, height, lineCount: (e) => linesOf(e).length });
    current.current = next;
    setNav(next);
    if (back) {
      done.current = true;
      onBack();
    }
  });

  const title = (what: string) => fit(`Inspect ${out}${what}`, Math.max(10, width - 10));
  if (!report) {
    return (
      <Frame title={title('')} hint="Esc back to the summary">
        {error ? <Text color={tint('red')}>{fit(`✗ ${error}`, width)}</Text> : <Text>{fit(`Inspecting ${out}…`, width)}</Text>}
      </Frame>
    );
  }

  const colour = !noColor();
  if (nav.open) {
    const lines = linesOf(nav.list.index);
    const top = clampTop(nav.top, lines.length, height); // the terminal may have grown since the last key
    const shown = lines.slice(top, top + height);
    const where = lines.length > height ? `lines ${top + 1}-${top + shown.length} of ${lines.length} · ` : '';
    return (
      <Frame title={title(` · ${entryName(report, nav.list.index)}`)} hint={fit(`${where}↑↓ PgUp PgDn Home End scroll · Esc back to the list`, width)}>
        {shown.map((line, i) => (
          <Styled key={top + i} line={line} colour={colour} />
        ))}
      </Frame>
    );
  }

  const view = framed(nav.list.index, nav.list.offset, labels.length, height);
  return (
    <Frame title={title('')} hint={fit('↑↓ move · Enter shows the entry · Esc back to the summary', width)}>
      {labels.slice(view.offset, view.offset + height).map((label, i) => {
        const selected = view.offset + i === view.index;
        return (
          <Text key={view.offset + i} color={selected && colour ? 'blue' : undefined} wrap="truncate-end">
            {`${selected ? '❯' : ' '} ${label}`}
          </Text>
        );
      })}
    </Frame>
  );
}
