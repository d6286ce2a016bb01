// The output's inspect report, as `synthgen inspect` draws it, in the wizard: a list of
// the overview and the tables, Enter shows an entry's lines, Esc goes back. The lines
// come from src/inspect/render.ts and the keys from src/wizard/inspectNav.ts; here they are only drawn.
import React, { useMemo, useRef, useState } from 'react';
import { Box, Text, useStdout } from 'ink';
import type { InspectReport } from '../src/inspect/model.js';
import { overviewLines, tableLines, type Line, type Style } from '../src/inspect/render.js';
import { applyInspectInput, bodyHeight, clampTop, entryLabels, entryName, initialNav, type InspectNav } from '../src/wizard/inspectNav.js';
import { framed } from '../src/wizard/listNav.js';
import { fit, Frame } from './Frame.js';
import { useTerminalInput } from './useTerminalInput.js';

interface Props {
  out: string;
  report: InspectReport | null;
  error: string | null;
  onBack(): void;
}

// NO_COLOR (https://no-color.org): any non-empty value; chalk (Ink's colours) does not read it.
const noColor = () => Boolean(process.env.NO_COLOR);

/** Ink's text props for a segment's style: colours only where NO_COLOR allows them. */
function styleOf(style: Style | undefined, colour: boolean): { bold?: boolean; dimColor?: boolean; color?: string } {
  switch (style) {
    case 'title':
    case 'heading':
      return { bold: true };
    case 'bad':
      return colour ? { color: 'red', bold: true } : { bold: true };
    case 'ok':
      return colour ? { color: 'green' } : {};
    case 'warn':
      return colour ? { color: 'yellow' } : {};
    case 'bar':
      return colour ? { color: 'cyan' } : {};
    case 'dim':
      return { dimColor: true };
    default:
      return {};
  }
}

function Styled({ line, colour }: { line: Line; colour: boolean }) {
  if (line.every((seg) => seg.text === '')) return <Text> </Text>; // an empty Text would take no row
  return (
    <Text wrap="truncate-end">
      {line.map((seg, i) => (
        <Text key={i} {...styleOf(seg.style, colour)}>
          {seg.text}
        </Text>
      ))}
    </Text>
  );
}

export function InspectScreen({ out, report, error, onBack }: Props) {
  const { stdout } = useStdout();
  const width = stdout?.columns ?? 80;
  const height = bodyHeight(stdout?.rows ?? 24);
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
        {error ? <Text color={noColor() ? undefined : 'red'}>{fit(`✗ ${error}`, width)}</Text> : <Text>{fit(`Inspecting ${out}…`, width)}</Text>}
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
