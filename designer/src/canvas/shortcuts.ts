/** Every keyboard shortcut of the canvas, listed in the help dialog; `mod` is Ctrl, or Cmd on a Mac. */
export const SHORTCUTS = [
  { keys: ['mod', 'Z'], action: 'undo' },
  { keys: ['mod', 'Shift', 'Z'], action: 'redo' },
  { keys: ['mod', 'Y'], action: 'redo' },
  { keys: ['mod', 'C'], action: 'copy' },
  { keys: ['mod', 'V'], action: 'paste' },
  { keys: ['Delete'], action: 'delete' },
  { keys: ['Backspace'], action: 'delete' },
  { keys: ['mod', 'A'], action: 'selectAll' },
  { keys: ['Shift', 'drag'], action: 'boxSelect' },
  { keys: ['mod', 'click'], action: 'addToSelection' },
  { keys: ['mod', 'L'], action: 'layout' },
  { keys: ['F'], action: 'fitView' },
  { keys: ['?'], action: 'help' },
] as const;

export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** Which action a key press means, or undefined; the canvas handles the ones React Flow does not. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>) {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y') return 'redo';
  if (mod && key === 'c') return 'copy';
  if (mod && key === 'v') return 'paste';
  if (mod && key === 'a') return 'selectAll';
  if (mod && key === 'l') return 'layout';
  if (!mod && key === 'f') return 'fitView';
  if (!mod && event.key === '?') return 'help';
  return undefined;
}
