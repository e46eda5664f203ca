/**
 * The floor's input: a report's slides as plain JSON (title, text lines,
 * numbered or bulleted, a chart, a table, notes), made once before anything
 * is timed, so the floor script pays for no YAML parsing, validation,
 * templating or fitting. It follows the default outline (one step → one or
 * more slides, `perSlide`, `each`, a section's own `slides:`), so the floor
 * makes the same slides as briefdeck, give or take the "(tiếp theo)" slides
 * fitting adds. Also a Markdown version of the same text for pandoc.
 *
 *   node bench/prepare.mjs <report.yaml> <out.json> [<out.md>]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Numbers as the deck writes them (vi): 9.637; 27,1. */
const num = (n) => (typeof n === 'number' ? n.toLocaleString('de-DE', { maximumFractionDigits: 1 }) : String(n));

function statText(s) {
  const unit = s.unit ? (s.unit === '%' ? '%' : ` ${s.unit}`) : '';
  let figure = '';
  if (s.value != null) figure = `${s.qualifier ? `${s.qualifier} ` : ''}${num(s.value)}${unit}`;
  else if (s.range) figure = `${num(s.range[0])}–${num(s.range[1])}${unit}`;
  else if (s.before && s.after) figure = `${num(s.before.value)}${unit} → ${num(s.after.value)}${unit}`;
  else if (s.multiple) figure = `gấp ${num(s.multiple)}`;
  else if (s.change) figure = s.change.by != null ? `${s.change.by < 0 ? 'giảm' : 'tăng'} ${num(Math.abs(s.change.by))}%` : `gấp ${num(s.change.multiple)}`;
  return [figure, s.label, s.note].filter(Boolean).join(' — ');
}

const itemText = (item) => (typeof item === 'string' ? item : `${item.title}: ${item.text}`);

function chunks(items, max) {
  const count = Math.ceil(items.length / max);
  const size = Math.ceil(items.length / count);
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One floor slide per planned slide. */
function slidesFor(layout, content, section, report, notes) {
  const heading = section?.title ?? '';
  switch (layout) {
    case 'title':
      return { title: content.title, lines: [content.subtitle, content.organiser, `${content.place}, ${content.date}`, content.presenter].filter(Boolean), notes };
    case 'agenda':
      return { title: 'Nội dung', lines: content.map((s) => s.title), numbered: true, notes };
    case 'section':
      return { title: heading, lines: [section.subtitle, section.lead].filter(Boolean), notes };
    case 'comparison':
      return { title: heading, lines: [section.lead, content.left.title, ...content.left.points, content.right.title, ...content.right.points].filter(Boolean), notes };
    case 'stat-cards':
      return { title: heading, lines: content.map(statText), notes };
    case 'highlights':
      return { title: heading, lines: [...content.map(statText), ...(section.points ?? [])], notes };
    case 'chart':
      return {
        title: content.title,
        chart: { type: content.type, categories: content.categories, series: content.series.map((s) => ({ name: s.name, values: s.values })) },
        lines: content.caption ? [content.caption] : [],
        notes: content.notes ?? notes,
      };
    case 'bullets':
      return { title: heading, lines: [section.lead, ...content].filter(Boolean), notes };
    case 'numbered':
      return { title: heading, lines: content.map(itemText), numbered: true, notes };
    case 'table':
      return { title: heading, table: { columns: section.table.columns, rows: content.map((r) => r.map((c) => (typeof c === 'number' ? num(c) : c))) }, notes };
    case 'picture':
      return { title: heading, lines: [content.caption].filter(Boolean), notes };
    case 'key-message':
      return { title: heading, lines: [`“${content.text}”`, content.source].filter(Boolean), notes };
    case 'closing':
      return { title: content.message, lines: [content.source ?? 'Xin cảm ơn!'], notes };
    default:
      return { title: heading, lines: [], notes };
  }
}

function expand(steps, fields, section, report) {
  const out = [];
  for (const step of steps) {
    const field = (name) => name.split('.').reduce((node, key) => (node != null && typeof node === 'object' ? node[key] : undefined), fields);
    if (step.when !== undefined && field(step.when) !== true) continue;
    const content = step.from === undefined ? fields : field(step.from);
    if (content == null || (Array.isArray(content) && content.length === 0)) continue;
    const notes = step.from === 'meeting' ? report.meeting.notes : (section?.notes ?? '');
    if (Array.isArray(content) && step.each) for (const item of content) out.push(slidesFor(step.layout, item, section, report, notes));
    else if (Array.isArray(content) && step.perSlide) for (const chunk of chunks(content, step.perSlide)) out.push(slidesFor(step.layout, chunk, section, report, notes));
    else out.push(slidesFor(step.layout, content, section, report, notes));
  }
  return out;
}

export function floorInput(report, outline) {
  const sections = report.sections.map((s) => ({ agenda: true, divider: true, ...s }));
  const deckFields = { meeting: report.meeting, closing: report.closing, agenda: sections.filter((s) => s.agenda) };
  const slides = [
    ...expand(outline.opening, deckFields, null, report),
    ...sections.flatMap((section) => {
      const steps = section.slides ? section.slides.map((s) => ({ layout: s.layout, from: s.from, perSlide: s.perSlide })) : outline.section;
      return expand(steps, section, section, report);
    }),
    ...expand(outline.closing, deckFields, null, report),
  ];
  return { title: report.meeting.title, author: report.meeting.organiser, slides };
}

/** The text of the slides (charts as their title and caption) for pandoc, one slide per level-1 heading. */
export function markdown(input) {
  const escape = (t) => String(t).replace(/([\\`*_[\]#<>|])/g, '\\$1');
  const slides = input.slides.map((s) => {
    const body = (s.lines ?? []).map((l, i) => `${s.numbered ? `${i + 1}.` : '-'} ${escape(l)}`);
    const table = s.table ? [`| ${s.table.columns.map(escape).join(' | ')} |`, `|${s.table.columns.map(() => '---|').join('')}`, ...s.table.rows.map((r) => `| ${r.map(escape).join(' | ')} |`)] : [];
    const notes = s.notes ? ['', '::: notes', escape(s.notes), ':::'] : [];
    return [`# ${escape(s.title)}`, '', ...body, ...table, ...notes].join('\n');
  });
  return `${slides.join('\n\n')}\n`;
}

export function prepare(yamlText, outlineFile = join(ROOT, 'templates', 'default', 'outline.yaml')) {
  const outline = parse(readFileSync(outlineFile, 'utf8'));
  return floorInput(parse(yamlText), outline);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , data, json, md] = process.argv;
  const input = prepare(readFileSync(data, 'utf8'));
  writeFileSync(json, JSON.stringify(input));
  if (md) writeFileSync(md, markdown(input));
  console.log(`${input.slides.length} slides`);
}
