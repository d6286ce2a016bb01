// Wraps a line of text at spaces into lines of at most `width` columns, so a screen
// can count its rows (a line the terminal wraps itself takes rows Ink does not expect).
// Every character the wizard draws is one column wide.

/** Lines of at most `width` columns; continuations start with `indent`; a word longer than a line is cut. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  let lead = ''; // the first line keeps its own leading spaces
  const m = /^ */.exec(text)![0];
  lead = m;
  const words = text.slice(m.length).split(/ +/).filter((x) => x !== '');
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (let word of words) {
    const start = () => (lines.length === 0 ? lead : indent);
    for (;;) {
      const prefix = line === '' ? start() : `${line} `;
      if ([...prefix].length + [...word].length <= w) {
        line = prefix + word;
        break;
      }
      if (line !== '' && line !== start()) {
        push();
        continue;
      }
      // Alone on its line and still too long: cut it.
      const room = Math.max(1, w - [...prefix].length);
      line = prefix + [...word].slice(0, room).join('');
      word = [...word].slice(room).join('');
      push();
      if (word === '') break;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line === '' ? lead : line);
  return lines;
}
