/**
 * fixes/fix.ts `TextMemo`: what the workbook fixes and the normaliser keep of
 * the parts every chart workbook repeats. A value is made once per key and
 * text, and the memo starts again past its bound.
 */
import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../../src/pptx/fixes/fix.js';

describe('TextMemo', () => {
  it('makes a value once per key and text, and starts again past its bound', () => {
    let made = 0;
    const memo = new TextMemo<number, string>(3);
    const make = (value: string) => (): string => {
      made += 1;
      return value;
    };
    expect(memo.of(1, 'a', make('A'))).toBe('A');
    expect(memo.of(1, 'a', make('X'))).toBe('A');
    expect(memo.of(2, 'a', make('B'))).toBe('B'); // the same text under another key
    expect(made).toBe(2);
    expect(memo.of(1, 'b', make('C'))).toBe('C'); // three kept: the bound
    expect(memo.of(1, 'c', make('D'))).toBe('D'); // past it: the memo starts again with this one
    expect(memo.of(1, 'a', make('E'))).toBe('E');
    expect(memo.of(1, 'c', make('F'))).toBe('D');
    expect(made).toBe(5);
  });
});
