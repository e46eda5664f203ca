/**
 * The English and Vietnamese catalogues say the same things: the same keys,
 * and in each message the same {placeholders}, so no value is ever dropped or
 * left as "{name}" in one language.
 */
import { describe, expect, it } from 'vitest';
import { catalogues, chooseLang, LANGS, say, t } from '../../src/i18n/catalogue.js';
import { areas } from '../../src/i18n/messages/index.js';

const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('message catalogues', () => {
  it('every area has the same keys in English and Vietnamese', () => {
    for (const [name, area] of Object.entries(areas)) {
      expect(Object.keys(area.vi).sort(), name).toEqual(Object.keys(area.en).sort());
    }
  });

  it('no key is defined in two areas (one would silently hide the other)', () => {
    const all = Object.values(areas).flatMap((area) => Object.keys(area.en));
    const twice = all.filter((key, i) => all.indexOf(key) !== i);
    expect(twice).toEqual([]);
    expect(Object.keys(catalogues.en)).toHaveLength(all.length);
  });

  it('each Vietnamese message has the same placeholders as the English one', () => {
    const mismatched = Object.entries(catalogues.en)
      .filter(([key, english]) => placeholders(english).join() !== placeholders(catalogues.vi[key as keyof typeof catalogues.vi]).join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('no message is empty, and Vietnamese messages are translated, not copied', () => {
    for (const lang of LANGS) {
      expect(Object.entries(catalogues[lang]).filter(([, m]) => m.trim() === '').map(([k]) => k), lang).toEqual([]);
    }
    // A message that is only placeholders or names ("{detail}", "{type} {value}") may read the same.
    const words = (m: string): string => m.replace(/\{\w+\}/g, '').replace(/[^\p{L}]+/gu, '');
    const copied = Object.entries(catalogues.en)
      .filter(([key, english]) => words(english).length > 3 && english === catalogues.vi[key as keyof typeof catalogues.vi])
      .map(([key]) => key);
    expect(copied).toEqual([]);
  });
});

describe('saying a message', () => {
  it('fills placeholders, nested messages and numbers in the language', () => {
    const text = t('schema.wrong-type', { expected: t('expected.number'), found: '"377 triệu"' });
    expect(say(text, 'en')).toBe('expected number, found "377 triệu"');
    expect(say(text, 'vi')).toBe('cần một con số, nhưng gặp "377 triệu"');
    expect(say(t('schema.too-many', { count: 10000 }), 'en')).toBe('has more than 10,000 items');
    expect(say(t('schema.too-many', { count: 10000 }), 'vi')).toBe('có hơn 10.000 mục');
  });

  it('chooses --lang, then LC_ALL, LC_MESSAGES, LANG, then English', () => {
    expect(chooseLang('vi', { LANG: 'en_US.UTF-8' })).toBe('vi');
    expect(chooseLang(undefined, { LANG: 'vi_VN.UTF-8' })).toBe('vi');
    expect(chooseLang(undefined, { LANG: 'vi' })).toBe('vi');
    expect(chooseLang(undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'vi_VN.UTF-8' })).toBe('en');
    expect(chooseLang(undefined, { LC_MESSAGES: 'vi_VN', LANG: 'C' })).toBe('vi');
    expect(chooseLang(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(chooseLang(undefined, {})).toBe('en');
    expect(chooseLang(undefined, { LANG: 'video' })).toBe('en');
  });
});
