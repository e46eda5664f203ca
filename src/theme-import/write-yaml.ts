/**
 * The imported theme as a theme.yaml a person can read and edit: the same
 * layout as templates/default/theme.yaml (one line per colour, region or
 * style, in flow style), with a comment on where each part came from.
 */
import type { Box } from './facts.js';
import type { ImportedValues } from './map.js';

/** A YAML scalar: plain when YAML reads it back as the same string, quoted otherwise. */
function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /^[A-Za-z][A-Za-z0-9 ._/-]*$/.test(value) && !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(value) && !/\s$/.test(value)
    ? value
    : JSON.stringify(value);
}

const flow = (entries: Record<string, string | number>): string =>
  `{ ${Object.entries(entries)
    .map(([k, v]) => `${k}: ${scalar(v)}`)
    .join(', ')} }`;

const box = (b: Box): string => flow({ x: b.x, y: b.y, w: b.w, h: b.h });

export function themeYaml(values: ImportedValues, source: string): string {
  // The file's name goes into a comment: a line break in it must not end the comment.
  source = source.replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
  const lines: string[] = [
    `# Imported by \`briefdeck theme import\` from ${source}.`,
    `# It extends the ${values.extends} theme: the layouts, masters and outline are`,
    `# the ${values.extends} theme's, and this file holds what the template changes.`,
    '# Edit it as any theme; all lengths are inches, text sizes points.',
    `name: ${scalar(values.name)}`,
    `description: ${scalar(values.description)}`,
    `extends: ${scalar(values.extends)}`,
    '',
    '# The template\'s slide size.',
    `size: ${flow(values.size)}`,
    '',
    '# The template\'s title and body fonts.',
    'fonts:',
    `  heading: ${scalar(values.fonts.heading)}`,
    `  body: ${scalar(values.fonts.body)}`,
    '',
    '# The template\'s colours in the theme\'s roles, each legible on what it is read on.',
    'colors:',
    ...Object.entries(values.colors).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    '',
    `chartColors: [${values.chartColors.map((c) => JSON.stringify(c)).join(', ')}]`,
  ];
  if (values.spacing || values.regions || values.textStyles) {
    lines.push('', `# The ${values.extends} theme's spacing, regions and text sizes, scaled to this slide size.`);
  }
  if (values.spacing) lines.push('spacing:', ...Object.entries(values.spacing).map(([k, v]) => `  ${k}: ${v}`));
  if (values.regions) {
    if (!values.spacing) lines.push('', '# Regions, with room kept for the template\'s pictures.');
    lines.push('regions:', ...Object.entries(values.regions).map(([k, b]) => `  ${k}: ${box(b)}`));
  }
  if (values.textStyles) lines.push('textStyles:', ...Object.entries(values.textStyles).map(([k, s]) => `  ${k}: ${flow(s)}`));
  if (values.shapeStyles && Object.keys(values.shapeStyles).length > 0) {
    lines.push('shapeStyles:', ...Object.entries(values.shapeStyles).map(([k, s]) => `  ${k}: ${flow(s)}`));
  }
  if (values.chart) lines.push(`chart: ${flow(values.chart)}`);
  if (values.masterPictures) {
    lines.push('', '# The template\'s pictures, drawn behind the slides of each master (files beside this one).', 'masterPictures:');
    for (const [master, pictures] of Object.entries(values.masterPictures)) {
      lines.push(`  ${master}:`, ...pictures.map((p) => `    - ${flow({ file: p.file, region: p.region })}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
