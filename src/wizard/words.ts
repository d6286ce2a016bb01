// The CLI's one-line errors in the wizard's words: the same rule and reason,
// but naming what the wizard user sees (the path, the connection, Overwrite)
// instead of flags they never typed; and which step of the wizard can fix one.

const PHRASES: [RegExp, string][] = [
  [/choose a writable --out/g, 'choose a writable path'],
  [/pass --force to replace (it|them)/g, 'choose Overwrite to replace $1'],
  [/even with --force/g, 'even with Overwrite'],
  [/synthgen run --force may replace/g, 'synthgen may replace'],
  [/check the host and port in --url/g, 'check the host and port'],
  [/fix --url/g, 'fix the connection'],
  [/choose another --schema/g, 'choose another schema'],
  [/choose another --out/g, 'choose another path'],
  [/choose a shorter --out/g, 'choose a shorter path'],
  [/--out\b/g, 'the path'],
  [/--url\b/g, 'the connection'],
  [/--schema\b/g, 'schema'],
  [/--force\b/g, 'Overwrite'],
  [/--set\b/g, 'the parameters'],
];

export function inWizardWords(message: string): string {
  return PHRASES.reduce((m, [re, to]) => m.replace(re, to), message);
}

/** The step that can fix a failed run: its parameters (names too long for a prefix, values) or its target (everything else). */
export function fixStepOf(message: string): 'params' | 'target' {
  return /\bprefix\b|parameter|--set\b/.test(message) ? 'params' : 'target';
}
