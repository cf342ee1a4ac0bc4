import { describe, expect, it } from 'vitest';
import { badgesFit, fitsInLines, surelyFits } from './card-text-fit';

// Every character 10 px wide, a space too.
const tenEach = (word: string) => word.length * 10;

describe('fitsInLines', () => {
  it('fills lines word by word, breaking at spaces as the browser does', () => {
    // "aaaa bbbb" is 90 px: one line of 100.
    expect(fitsInLines('aaaa bbbb', 1, 100, tenEach)).toBe(true);
    // "aaaa bbbb cccc" needs a second line for "cccc".
    expect(fitsInLines('aaaa bbbb cccc', 1, 100, tenEach)).toBe(false);
    expect(fitsInLines('aaaa bbbb cccc', 2, 100, tenEach)).toBe(true);
    // A third line: the clamp is needed.
    expect(fitsInLines('aaaa bbbb cccc dddd eeee', 2, 100, tenEach)).toBe(false);
    // Runs of spaces and line breaks collapse as in HTML.
    expect(fitsInLines('  aaaa \n  bbbb  ', 1, 100, tenEach)).toBe(true);
  });

  it('keeps the clip for a word wider than the line, however few lines it would take', () => {
    expect(fitsInLines('averyveryverylongword', 2, 100, tenEach)).toBe(false);
  });

  it('lets an empty text fit', () => {
    expect(fitsInLines('', 1, 100, tenEach)).toBe(true);
  });
});

describe('without a way to measure text (no canvas here)', () => {
  it('keeps every clip', () => {
    expect(surelyFits('title', 'Short', 2)).toBe(false);
    expect(badgesFit(['TASK'])).toBe(false);
  });
});
