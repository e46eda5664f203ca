/**
 * The comparison of two reports, slide by slide: what changed, said as the
 * deck says it, on the slide that shows it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { align, increasingRun, similarity } from '../../src/diff/align.js';
import { diffReports, type ChangeGroup, type DiffSide, type Said } from '../../src/diff/diff.js';
import { say, type Lang } from '../../src/i18n/catalogue.js';
import { planDeck } from '../../src/plan/plan.js';
import { describeLayouts } from '../../src/render/describe.js';
import { loadTemplates, type TemplateSet } from '../../src/templates/load.js';
import { diffKeys, reportSchema, sectionSchema, statSchema, type Report } from '../../src/validate/schema.js';
import { CONFERENCE, TEMPLATES } from '../helpers/build.js';

const templates = new Map<string, TemplateSet>();

beforeAll(async () => {
  for (const locale of ['vi', 'en']) {
    const loaded = await loadTemplates(TEMPLATES, 'default', locale);
    templates.set(locale, loaded.value!);
  }
});

/** The conference report as data, to edit a copy of. */
const conference = (): Record<string, any> => parse(readFileSync(CONFERENCE, 'utf8')) as Record<string, any>;

function side(data: unknown, schema: z.ZodType = reportSchema): DiffSide {
  const report = schema.parse(data) as Report;
  const set = templates.get(report.locale)!;
  const plan = planDeck(report, set.outline, new Set(set.layouts.keys()));
  return {
    report,
    plan: plan.value!,
    locale: set.locale,
    layoutFields: new Map(describeLayouts(set).layouts.map((l) => [l.name, l.fields])),
  };
}

const sayValue = (v: Said | undefined, lang: Lang = 'en'): string | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? v : Array.isArray(v) ? v.map((x) => sayValue(x, lang)).join(', ') : say(v as never, lang);

/** The groups in words: the heading's parts and each change as [kind, label, before, after]. */
function said(groups: ChangeGroup[], lang: Lang = 'en') {
  return groups.map((g) => ({
    place: g.place,
    section: g.slide.section,
    title: g.slide.title,
    what: g.slide.what ? say(g.slide.what, lang) : null,
    changes: g.changes.map((c) => [c.kind, sayValue(c.label, lang), sayValue(c.before, lang), sayValue(c.after, lang), c.path]),
  }));
}

function diff(edit: (r: Record<string, any>) => void, lang: Lang = 'en') {
  const before = conference();
  const after = conference();
  edit(after);
  return said(diffReports(side(before), side(after)), lang);
}

/** The same, for data of a schema derived from reportSchema, `base` applied to both versions. */
function diffAs(schema: z.ZodType, base: (r: Record<string, any>) => void, edit: (r: Record<string, any>) => void) {
  const before = conference();
  const after = conference();
  base(before);
  base(after);
  edit(after);
  return said(diffReports(side(before, schema), side(after, schema), schema));
}

const SECTION = {
  postal: 2,
  telecom: 3,
  security: 5,
  tasks: 10,
  lessons: 11,
};

describe('diffReports on the conference report', () => {
  it('finds nothing between a report and itself', () => {
    expect(diffReports(side(conference()), side(conference()))).toEqual([]);
  });

  it('names a changed figure with its label, before and after as the deck writes them, on its slide', () => {
    expect(diff((r) => (r.sections[SECTION.postal].stats[0].value = 380000000))).toEqual([
      {
        place: 'slide',
        section: 'Bưu chính',
        title: 'Bưu chính',
        what: 'figures',
        changes: [['figure-changed', 'Gói, kiện bưu chính', 'trên 377 triệu', 'trên 380 triệu', 'sections[2].stats[0]']],
      },
    ]);
  });

  it('says the line under a figure changed when its change did', () => {
    const [group] = diff((r) => (r.sections[SECTION.security].stats[1].change.by = -30));
    expect(group!.changes).toEqual([
      ['figure-changed', 'Số cuộc tấn công mạng', 'giảm 27,1%', 'giảm 30%', 'sections[5].stats[1]'],
    ]);
  });

  it('says a part of the whole ("trong đó") and the closing line changed', () => {
    const groups = diff((r) => {
      r.sections[SECTION.postal].stats[0].part = { value: 120000000, label: 'bưu gửi quốc tế' };
      r.closing.subtitle = 'Trở thành nước phát triển vào năm 2045';
    });
    const changes = groups.flatMap((g) => g.changes);
    expect(changes).toContainEqual(['figure-changed', 'Gói, kiện bưu chính (of which)', '(none)', 'trong đó 120 triệu bưu gửi quốc tế (32%)', 'sections[2].stats[0].part']);
    expect(changes.find((c) => c[1] === 'line under the closing message')?.slice(2, 4)).toEqual([
      'Góp phần đưa Việt Nam hùng cường, thịnh vượng, trở thành nước phát triển vào năm 2045',
      'Trở thành nước phát triển vào năm 2045',
    ]);
  });

  it('writes figures in an English report the English way', () => {
    const groups = diff((r) => (r.locale = 'en'));
    expect(groups[0]).toMatchObject({ place: 'deck', changes: [['text-changed', 'number and word format', 'vi', 'en', 'locale']] });
    // The locale changed, so figures are written anew: the deck says so.
    expect(groups.flatMap((g) => g.changes)).toContainEqual(['figure-changed', 'Gói, kiện bưu chính', 'trên 377 triệu', 'over 377 million', 'sections[2].stats[0]']);
  });

  it('gives an added task its number in the list, on the list slide', () => {
    const task = 'Tổ chức tổng kết công tác năm 2020 trước ngày 15/12/2020.';
    expect(diff((r) => r.sections[SECTION.tasks].items.push(task))).toEqual([
      {
        place: 'slide',
        section: '8 việc lớn cần làm ngay',
        title: '8 việc lớn cần làm ngay',
        what: 'numbered list',
        changes: [['item-added', 'item 9', undefined, task, 'sections[10].items[8]']],
      },
    ]);
  });

  it('says a removed item with its old number and text', () => {
    const [group] = diff((r) => r.sections[SECTION.tasks].items.splice(5, 1));
    expect(group!.changes).toEqual([['item-removed', 'item 6', 'Mỗi người có một điện thoại thông minh.', undefined, 'sections[10].items[5]']]);
  });

  it('calls a slightly edited item changed, and a replaced one removed and added', () => {
    const edited = diff((r) => (r.sections[SECTION.tasks].items[5] = 'Mỗi người dân có một điện thoại thông minh.'));
    expect(edited[0]!.changes).toEqual([
      ['text-changed', 'item 6', 'Mỗi người có một điện thoại thông minh.', 'Mỗi người dân có một điện thoại thông minh.', 'sections[10].items[5]'],
    ]);
    const replaced = diff((r) => (r.sections[SECTION.tasks].items[5] = 'Xây dựng kho dữ liệu dùng chung.'));
    expect(replaced[0]!.changes.map((c) => c[0])).toEqual(['item-removed', 'item-added']);
  });

  it('says which items swapped places, not the one between them', () => {
    const [group] = diff((r) => {
      const items = r.sections[SECTION.tasks].items as string[];
      [items[3], items[5]] = [items[5]!, items[3]!];
    });
    expect(group!.changes.map((c) => [c[0], c[2], c[3]])).toEqual([
      ['item-moved', '6', '4'],
      ['item-moved', '4', '6'],
    ]);
  });

  it('names a chart value by series and category, in the chart unit', () => {
    expect(diff((r) => (r.sections[SECTION.security].charts[0].series[0].values[1] = -30))).toEqual([
      {
        place: 'slide',
        section: 'An toàn, an ninh mạng',
        title: 'Số cuộc tấn công mạng giảm (%)',
        what: 'chart',
        changes: [['figure-changed', 'Mức thay đổi, So với 6 tháng đầu năm 2019', '-27,1%', '-30%', 'sections[5].charts[0].series[0].values[1]']],
      },
    ]);
  });

  it('puts the points under the cards of a highlights slide on that slide', () => {
    const [group] = diff((r) => (r.sections[SECTION.postal].points[0] = 'Duy trì dòng chảy vật chất không ngừng nghỉ trong mùa dịch'));
    expect(group).toMatchObject({ place: 'slide', title: 'Bưu chính', what: 'figures' });
    expect(group!.changes[0]![0]).toBe('text-changed');
  });

  it('says a field that no slide of the section shows is not shown', () => {
    // The postal section's own `slides:` show only its cards and points.
    const [group] = diff((r) => (r.sections[SECTION.postal].quote = { text: 'Bưu chính là hạ tầng.' }));
    expect(group).toMatchObject({ place: 'unshown', section: 'Bưu chính', title: null });
    expect(group!.changes).toEqual([['item-added', 'key message', undefined, 'Bưu chính là hạ tầng.', 'sections[2].quote.text']]);
  });

  it('says a slide appears with its content, and disappears', () => {
    const added = diff((r) => (r.sections[SECTION.lessons].quote = { text: 'Khát vọng Việt Nam hùng cường.' }));
    expect(added).toEqual([
      {
        place: 'slide',
        section: '5 bài học để bứt phá vươn lên',
        title: '5 bài học để bứt phá vươn lên',
        what: 'key message',
        changes: [
          ['slide-added', 'key message', undefined, undefined, 'sections[11].quote'],
          ['item-added', 'key message', undefined, 'Khát vọng Việt Nam hùng cường.', 'sections[11].quote.text'],
        ],
      },
    ]);
    const removed = diff((r) => delete r.sections[SECTION.telecom].quote);
    expect(removed[0]).toMatchObject({ title: 'Viễn thông', what: 'key message' });
    expect(removed[0]!.changes.map((c) => c[0])).toEqual(['slide-removed', 'item-removed']);
  });

  it('says a new chart is a new slide, once', () => {
    const groups = diff((r) =>
      r.sections[SECTION.security].charts.push({ type: 'column', title: 'Lượt tấn công', categories: ['2019', '2020'], series: [{ name: 'Số vụ', values: [10, 8] }] }),
    );
    expect(groups).toEqual([
      { place: 'slide', section: 'An toàn, an ninh mạng', title: 'Lượt tấn công', what: 'chart', changes: [['slide-added', 'chart', undefined, undefined, 'sections[5].charts[2]']] },
    ]);
  });

  it('says a section appears with the slides it brings, and disappears', () => {
    const added = diff((r) => r.sections.splice(9, 0, { title: 'Chuyển đổi số', notes: 'n', points: ['Một', 'Hai'] }));
    expect(added).toEqual([
      { place: 'section', section: 'Chuyển đổi số', title: null, what: null, changes: [['section-added', 'Chuyển đổi số', undefined, 'section divider, points', 'sections[9]']] },
    ]);
    const removed = diff((r) => r.sections.splice(SECTION.lessons, 1));
    expect(removed[0]!.changes).toEqual([['section-removed', '5 bài học để bứt phá vươn lên', 'numbered list', undefined, 'sections[11]']]);
  });

  it('pairs sections by id, so a renamed section is the same section', () => {
    const [group] = diff((r) => (r.sections[1].title = 'Kết quả nửa đầu năm 2020'));
    expect(group).toMatchObject({ title: 'Kết quả nửa đầu năm 2020', what: 'section divider' });
    expect(group!.changes).toEqual([['text-changed', 'section title', 'Kết quả 6 tháng đầu năm 2020', 'Kết quả nửa đầu năm 2020', 'sections[1].title']]);
  });

  it('pairs sections without an id by title, and says which moved', () => {
    const groups = diff((r) => {
      const [telecom] = r.sections.splice(SECTION.telecom, 1);
      r.sections.splice(6, 0, telecom);
    });
    expect(groups.flatMap((g) => g.changes)).toEqual([['section-moved', 'Viễn thông', '4', '7', 'sections[6]']]);
  });

  it('pairs a renamed section without an id by its position', () => {
    const groups = diff((r) => {
      r.sections[SECTION.telecom].title = 'Viễn thông và Internet';
      r.sections[SECTION.telecom].stats[0].value = 12;
    });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.changes.map((c) => c[0])).toEqual(['text-changed', 'figure-changed']);
  });

  it('groups by slide in the order of the deck, title slide first', () => {
    const groups = diff((r) => {
      r.closing.source = 'Bộ trưởng';
      r.sections[SECTION.tasks].items.push('Việc mới.');
      r.meeting.date = '2020-07-07';
      r.meeting.notes = 'Lời dẫn mới.';
    });
    expect(groups.map((g) => g.what)).toEqual(['title slide', 'numbered list', 'closing slide']);
    expect(groups[0]!.changes).toEqual([
      ['text-changed', 'date', '06/7/2020', '07/7/2020', 'meeting.date'],
      ['notes-changed', 'speaker notes', undefined, undefined, 'meeting.notes'],
    ]);
  });

  it('puts what every slide shows (the logo) under the whole deck', () => {
    const [group] = diff((r) => (r.meeting.logo = 'logo.png'));
    expect(group).toMatchObject({ place: 'deck', section: null, title: null });
  });

  it('says the agenda changed when a section leaves it', () => {
    const [group] = diff((r) => (r.sections[0].agenda = false));
    expect(group).toMatchObject({ what: 'agenda', title: 'Nội dung' });
    expect(group!.changes).toEqual([['text-changed', 'listed on the agenda', 'yes', 'no', 'sections[0].agenda']]);
  });

  it('labels in Vietnamese when asked', () => {
    const [group] = diff((r) => r.sections[SECTION.tasks].items.push('Việc mới.'), 'vi');
    expect(group).toMatchObject({ what: 'danh sách đánh số' });
    expect(group!.changes[0]![1]).toBe('mục 9');
  });
});

describe('diffReports walks the schema', () => {
  // The report format with new optional fields: on the meeting, on a section, and on a statistic inside a keyed list.
  const stat = z.strictObject({ ...statSchema.shape, source: z.string().nullable().default(null) });
  const stats = z.array(stat).default([]);
  diffKeys.add(stats, { key: ['label'] });
  const sections = z.array(sectionSchema.extend({ deadline: z.string().nullable().default(null), stats }));
  diffKeys.add(sections, { key: ['id', 'title'], unkeyed: 'position' });
  const extended = reportSchema.extend({ meeting: reportSchema.shape.meeting.extend({ room: z.string().nullable().default(null) }), sections });

  it('says a field the schema gains, with no change to diff, on the slide that shows it or else the section', () => {
    const groups = diffAs(
      extended,
      (r) => (r.sections[SECTION.telecom].stats[1].source = 'VNPT'),
      (r) => {
        r.meeting.room = 'Phòng họp A';
        r.sections[SECTION.postal].deadline = '2020-12-31';
        const stats = r.sections[SECTION.telecom].stats as Record<string, unknown>[];
        stats[0]!.source = 'Bộ Y tế';
        stats[1]!.source = 'Viettel';
        // Paired by label, as the declared key says: the statistic put first is the same one, moved.
        stats.unshift(stats.pop()!);
      },
    );
    expect(groups).toEqual([
      { place: 'deck', section: null, title: null, what: null, changes: [['item-added', 'meeting.room', undefined, 'Phòng họp A', 'meeting.room']] },
      { place: 'unshown', section: 'Bưu chính', title: null, what: null, changes: [['item-added', 'deadline', undefined, '2020-12-31', 'sections[2].deadline']] },
      {
        place: 'slide',
        section: 'Viễn thông',
        title: 'Viễn thông',
        what: 'figures',
        changes: [
          ['item-moved', 'Trường học được miễn cước data', '8', '1', 'sections[3].stats[0]'],
          ['item-added', 'Đợt nhắn tin phòng, chống dịch (source)', undefined, 'Bộ Y tế', 'sections[3].stats[1].source'],
          ['text-changed', 'Tin nhắn đã gửi (source)', 'VNPT', 'Viettel', 'sections[3].stats[2].source'],
        ],
      },
    ]);
  });

  it('says fields it had no line for: a section id, a chart highlight, which way a change is good news', () => {
    const changes = diff((r) => {
      r.sections[0].id = 'tong-quan-2020';
      r.sections[SECTION.security].charts[0].highlight = 'So với 6 tháng đầu năm 2019';
      r.sections[SECTION.security].stats[1].change.better = 'lower';
    }).flatMap((g) => g.changes);
    expect(changes).toEqual([
      ['text-changed', 'section id', 'tong-quan', 'tong-quan-2020', 'sections[0].id'],
      ['item-added', 'Số cuộc tấn công mạng (which way is good news)', undefined, 'lower', 'sections[5].stats[1].change.better'],
      ['item-added', 'Số cuộc tấn công mạng giảm (%) (highlighted category)', undefined, 'So với 6 tháng đầu năm 2019', 'sections[5].charts[0].highlight'],
    ]);
  });

  it('pairs reordered sections by id, and says what changed in the one that moved', () => {
    const groups = diff((r) => {
      const [overview] = r.sections.splice(0, 1);
      overview.title = 'Tổng quan 6 tháng';
      overview.compare.right.points.push('Hợp tác quốc tế');
      r.sections.splice(4, 0, overview);
    });
    expect(groups.flatMap((g) => g.changes)).toEqual([
      ['section-moved', 'Tổng quan 6 tháng', '1', '5', 'sections[4]'],
      ['text-changed', 'section title', 'Tổng quan', 'Tổng quan 6 tháng', 'sections[4].title'],
      ['item-added', 'point 4 of "3 phương diện"', undefined, 'Hợp tác quốc tế', 'sections[4].compare.right.points[3]'],
    ]);
  });

  it('pairs a statistic whose label was edited by the likeness of its label, and says the new label', () => {
    const [group] = diff((r) => {
      r.sections[SECTION.postal].stats[0].label = 'Gói, kiện bưu chính trong nước';
      r.sections[SECTION.postal].stats[0].value = 380000000;
    });
    expect(group!.changes).toEqual([
      ['text-changed', 'label of figure 1', 'Gói, kiện bưu chính', 'Gói, kiện bưu chính trong nước', 'sections[2].stats[0].label'],
      ['figure-changed', 'Gói, kiện bưu chính trong nước', 'trên 377 triệu', 'trên 380 triệu', 'sections[2].stats[0]'],
    ]);
  });

  it('says points removed and added with their numbers', () => {
    const [group] = diff((r) => {
      r.sections[SECTION.postal].points.splice(0, 1);
      r.sections[SECTION.postal].points.push('Điểm mới.');
    });
    expect(group!.changes).toEqual([
      ['item-removed', 'point 1', 'Duy trì dòng chảy vật chất không ngừng nghỉ', undefined, 'sections[2].points[0]'],
      ['item-added', 'point 2', undefined, 'Điểm mới.', 'sections[2].points[1]'],
    ]);
  });

  it('says a chart category moved, its values following it by name', () => {
    const [group] = diff((r) => {
      const chart = r.sections[SECTION.security].charts[0];
      chart.categories.reverse();
      chart.series[0].values.reverse();
    });
    expect(group!.changes).toEqual([['item-moved', 'So với 6 tháng đầu năm 2019', '2', '1', 'sections[5].charts[0].categories[0]']]);
  });

  it('writes a date as the deck does, in each version\'s locale', () => {
    const groups = diff((r) => (r.locale = 'en'));
    expect(groups.flatMap((g) => g.changes)).toContainEqual(['text-changed', 'date', '06/7/2020', '6 July 2020', 'meeting.date']);
  });
});

describe('diffReports on tables', () => {
  const report = (rows: (string | number)[][]) => ({
    meeting: { title: 'Họp', organiser: 'Sở', place: 'Huế', date: '2021-01-15', notes: 'n' },
    sections: [{ title: 'Trạm', notes: 'n', divider: false, table: { columns: ['Tỉnh', 'Số trạm'], rows } }],
    closing: { message: 'Cảm ơn', notes: 'n' },
  });

  it('names a changed cell by its row and column, numbers as the deck writes them', () => {
    const groups = said(diffReports(side(report([['Hà Nội', 1200], ['Huế', 300]])), side(report([['Hà Nội', 1250], ['Huế', 300], ['Đà Nẵng', 2600000]]))));
    expect(groups).toEqual([
      {
        place: 'slide',
        section: 'Trạm',
        title: 'Trạm',
        what: 'table',
        changes: [
          ['figure-changed', 'Hà Nội, Số trạm', '1.200', '1.250', 'sections[0].table.rows[0][1]'],
          ['item-added', 'row 3', undefined, 'Đà Nẵng | 2,6 triệu', 'sections[0].table.rows[2]'],
        ],
      },
    ]);
  });
});

describe('align', () => {
  const pairs = (a: string[], b: string[]) => align(a, b, [(x) => x], (x, y) => similarity(x, y) >= 0.6);

  it('pairs equal elements in order, and reports the added and removed in place', () => {
    expect(pairs(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([{ old: 0, new: 0 }, { old: 1 }, { new: 1 }, { old: 2, new: 2 }, { new: 3 }]);
  });

  it('pairs repeated elements occurrence by occurrence', () => {
    expect(pairs(['a', 'a'], ['a', 'a', 'a'])).toEqual([{ old: 0, new: 0 }, { old: 1, new: 1 }, { new: 2 }]);
  });

  it('pairs a similar element left over between two kept ones', () => {
    expect(pairs(['kept', 'một điện thoại thông minh', 'end'], ['kept', 'một chiếc điện thoại thông minh', 'end'])).toEqual([
      { old: 0, new: 0 },
      { old: 1, new: 1 },
      { old: 2, new: 2 },
    ]);
  });

  it('marks what moved', () => {
    expect(pairs(['a', 'b', 'c', 'd'], ['d', 'a', 'b', 'c'])).toEqual([{ old: 3, new: 0, moved: true }, { old: 0, new: 1 }, { old: 1, new: 2 }, { old: 2, new: 3 }]);
  });

  it('finds a longest increasing run, preferring elements that moved least', () => {
    expect(increasingRun([0, 5, 4, 3, 6])).toHaveLength(3);
    expect(increasingRun([0, 3, 2, 1, 4], (k) => Math.abs(k - [0, 3, 2, 1, 4][k]!))).toEqual([0, 2, 4]);
    // Long lists take the fast way, and still find a longest run.
    const long = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? i : 3000 - i));
    const run = increasingRun(long);
    expect(run.every((k, i) => i === 0 || long[k]! > long[run[i - 1]!]!)).toBe(true);
    expect(run.length).toBeGreaterThanOrEqual(1500);
  });
});
