// Which texts of a card need their clip. A clamped line (`overflow: hidden` for the two-line ellipsis) and a badge's
// ellipsis each make a clip node in Chromium's paint properties, and Chromium sorts every one of them into layers again
// on each frame of a drag: on a 500-node canvas the clips of texts that fit anyway cost 4 of a frame's 28 ms. A text
// keeps its clip unless it surely fits; where nothing can be measured (no canvas, as in tests), every text keeps it.

/** The width a card's texts wrap in: 220 px less 10 px padding and a 2 px border each side (`.baton-node`). */
export const CARD_TEXT_WIDTH = 196;
/** Room left for measuring a word alone rather than in its line (kerning, rounding): a text must fit in 94 %. */
const SAFETY = 0.94;

/** Whether `text`, broken at spaces only, fills at most `lines` lines of `width` with words as wide as `measure` says. */
export function fitsInLines(text: string, lines: number, width: number, measure: (word: string) => number): boolean {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const space = measure(' ');
  let line = 1;
  let used = 0;
  for (const word of words) {
    const wide = measure(word);
    // A word wider than the line would be cut or hang out: the clip stays.
    if (wide > width) return false;
    if (used === 0) used = wide;
    else if (used + space + wide <= width) used += space + wide;
    else {
      line += 1;
      used = wide;
      if (line > lines) return false;
    }
  }
  return true;
}

/** The kinds of card text, by the classes that style them. */
export type CardFont = 'title' | 'text' | 'badge';
const PROBE_CLASS: Record<CardFont, string> = {
  title: 'baton-card-text baton-card-title',
  text: 'baton-card-text',
  badge: 'baton-badge',
};

interface Measurer {
  (text: string): number;
}
let context: CanvasRenderingContext2D | null | undefined;
/** A badge's horizontal padding and border, as computed with the measurer for badges. */
let badgeFrame = 14;
const measurers = new Map<CardFont, Measurer | null>();

/** Measures text as the page draws `kind` (its computed font, letter spacing and case), or null when it cannot. */
function measurer(kind: CardFont): Measurer | null {
  const known = measurers.get(kind);
  if (known !== undefined) return known;
  let made: Measurer | null = null;
  if (context === undefined) {
    context = null;
    try {
      const candidate = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
      if (candidate && typeof candidate.measureText === 'function') context = candidate;
    } catch {
      context = null;
    }
  }
  const canvas = context;
  if (canvas && document.body) {
    const probe = document.createElement('span');
    probe.className = PROBE_CLASS[kind];
    probe.style.position = 'absolute';
    probe.style.visibility = 'hidden';
    document.body.append(probe);
    // Read before the probe goes: a detached element's computed style is empty.
    const style = getComputedStyle(probe);
    const family = style.fontFamily;
    const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const spacing = Number.parseFloat(style.letterSpacing) || 0;
    const upper = style.textTransform === 'uppercase';
    if (kind === 'badge') {
      badgeFrame = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce(
        (sum, side) =>
          sum + (Number.parseFloat(style.getPropertyValue(side.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))) || 0),
        0
      );
    }
    probe.remove();
    const widths = new Map<string, number>();
    const measure: Measurer = (text) => {
      let width = widths.get(text);
      if (width === undefined) {
        canvas.font = font;
        width = canvas.measureText(upper ? text.toUpperCase() : text).width + spacing * [...text].length;
        widths.set(text, width);
      }
      return width;
    };
    // No stylesheet (the font family is empty) or a canvas that measures nothing: nothing can be said.
    if (family && measure('W') > 0) made = measure;
  }
  measurers.set(kind, made);
  return made;
}

/** Whether `text` in `kind`'s font surely fits `lines` lines of `width` (see the top of this file). */
export function surelyFits(kind: CardFont, text: string, lines: number, width = CARD_TEXT_WIDTH): boolean {
  const measure = measurer(kind);
  return measure !== null && fitsInLines(text, lines, width * SAFETY, measure);
}

/** How wide a badge with `label` is drawn (its text, padding and border), or Infinity when it cannot be measured. */
export function badgeWidth(label: string): number {
  const measure = measurer('badge');
  return measure === null ? Infinity : measure(label) + badgeFrame;
}

/** Whether badges with these labels surely fit side by side, 10 px apart, in `width` (each on one line). */
export function badgesFit(labels: readonly string[], width = CARD_TEXT_WIDTH): boolean {
  const total = labels.reduce((sum, label) => sum + badgeWidth(label), 0) + 10 * Math.max(0, labels.length - 1);
  return total <= width * SAFETY;
}
