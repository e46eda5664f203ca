/**
 * Hostile and damaged pictures through the built CLI: an SVG that reaches
 * for files outside the data folder, scripts in an SVG, a named pipe, an SVG
 * whose size would take gigabytes to draw, damaged PNG and JPEG files, a
 * picture over the size limit, and the cases that must still build (a long
 * comment before <svg>, a file named "..logo.png"). Every input is written
 * into a temporary folder next to a copy of tests/fixtures/pictures/report.yaml.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/build.js';
import { cli, type CliResult } from './helpers/cli.js';
import { canDeckcheck, deckcheck } from './helpers/deckcheck.js';

const FIXTURES = resolve(ROOT, 'tests', 'fixtures', 'pictures');
const REPORT = readFileSync(join(FIXTURES, 'report.yaml'), 'utf8');
const LOGO_LINE = REPORT.split('\n').findIndex((l) => l.includes('logo: logo.png')) + 1;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A data folder: the report with its logo replaced by `logo`, the fixture pictures, and `files` written beside them. */
function dataFolder(logo: string, files: Record<string, Uint8Array | string> = {}): { dir: string; report: string } {
  const dir = tempDir('briefdeck-hostile-');
  for (const f of ['logo.png', 'chart.jpg']) copyFileSync(join(FIXTURES, f), join(dir, f));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  const report = join(dir, 'report.yaml');
  writeFileSync(report, REPORT.replace('logo: logo.png', `logo: ${JSON.stringify(logo)}`));
  return { dir, report };
}

function build(report: string, extra: string[] = [], cwd?: string): CliResult & { out: string } {
  const out = join(tempDir('briefdeck-hostile-out-'), 'deck.pptx');
  return { ...cli(['build', report, '-o', out, ...extra], cwd ? { cwd } : {}), out };
}

/** The build failed on the logo line with image-invalid, a hint under it, and wrote no deck. */
function expectRefused(r: CliResult & { out: string }, message: RegExp): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`report\\.yaml:${LOGO_LINE}:\\d+: error: .*\\(at meeting\\.logo\\) \\[image-invalid\\]`));
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/\n {2}hint: \S/);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)/); // no stack trace
  expect(existsSync(r.out)).toBe(false);
}

function deckParts(file: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(readFileSync(file))));
}

// ---------------------------------------------------------------------------
// Pictures made here: a PNG of noise (so it does not compress to nothing), with its own CRC-32.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (bytes: Uint8Array): number => (bytes.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc(body), 8 + data.length);
  return out;
}

function png(width: number, height: number, { rows }: { rows?: Buffer } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  let seed = 7;
  const raw =
    rows ??
    Buffer.from(Array.from({ length: height * (1 + width * 3) }, (_, i) => (i % (1 + width * 3) === 0 ? 0 : (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG's IHDR. */
const pngSize = (bytes: Uint8Array): [number, number] => {
  const view = Buffer.from(bytes);
  return [view.readUInt32BE(16), view.readUInt32BE(20)];
};

const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';

// ---------------------------------------------------------------------------

describe('an SVG cannot reach outside itself', () => {
  // The secret: a bright 40 × 40 PNG in a folder of its own, outside the data folder.
  const secretDir = tempDir('briefdeck-secret-');
  const secret = png(40, 40);
  writeFileSync(join(secretDir, 'secret.png'), secret);

  it('refuses an <image> with an absolute path, even with --allow-outside', () => {
    const svg = `<svg ${SVG_NS} width="100" height="100"><image href="${join(secretDir, 'secret.png')}" width="100" height="100"/></svg>`;
    const { report } = dataFolder('emblem.svg', { 'emblem.svg': svg });
    expectRefused(build(report), /"emblem\.svg" refers to ".*secret\.png", outside the picture/);
    expectRefused(build(report, ['--allow-outside']), /refers to ".*secret\.png"/);
  });

  it('refuses a relative href, whether it leaves the data folder or names a file of the working folder', () => {
    const up = `<svg ${SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"><image xlink:href="../${secretDir.split(/[\\/]/).pop()}/secret.png" width="100" height="100"/></svg>`;
    const { report } = dataFolder('emblem.svg', { 'emblem.svg': up });
    expectRefused(build(report), /refers to "\.\.\/.*secret\.png"/);
    // resvg reads a relative path from the process's working folder: run the build from the secret's folder.
    const here = `<svg ${SVG_NS} width="100" height="100"><image href="secret.png" width="100" height="100"/></svg>`;
    const other = dataFolder('emblem.svg', { 'emblem.svg': here });
    const r = build(other.report, [], secretDir);
    expectRefused(r, /refers to "secret\.png"/);
  });

  it('refuses CSS url(), @import, entities and data: URIs that are not PNG or JPEG', () => {
    const inputs: [string, RegExp][] = [
      [`<svg ${SVG_NS}><style>rect { fill: url(/etc/hostname) }</style><rect width="5" height="5"/></svg>`, /refers to "url\(\/etc\/hostname\)"/],
      [`<svg ${SVG_NS}><style>@import "theme.css";</style></svg>`, /refers to "@import/],
      [`<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]><svg ${SVG_NS}><text>&secret;</text></svg>`, /declares an XML entity .*"secret"/],
      [`<!DOCTYPE svg [<!ENTITY p "${join(secretDir, 'secret.png')}">]><svg ${SVG_NS}><image href="&p;" width="9" height="9"/></svg>`, /refers to ".*secret\.png"/],
      [`<svg ${SVG_NS}><a href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>`, /refers to "javascript:alert\(1\)"/],
      [`<svg ${SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zy8+" width="9" height="9"/></svg>`, /refers to "data:image\/svg\+xml/],
    ];
    for (const [svg, message] of inputs) expectRefused(build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report), message);
  });

  it('keeps an SVG that uses only itself and an embedded PNG', () => {
    const embedded = png(4, 4).toString('base64');
    const svg = `<svg ${SVG_NS} width="200" height="100"><defs><linearGradient id="g"><stop offset="0" stop-color="#0B3D6E"/></linearGradient></defs><rect width="200" height="100" fill="url(#g)"/><image href="data:image/png;base64,${embedded}" width="20" height="20"/></svg>`;
    const r = build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const svgs = [...deckParts(r.out)].filter(([n]) => /^ppt\/media\/.*\.svg$/.test(n));
    expect(svgs.length).toBe(1);
    expect(Buffer.from(svgs[0]![1]).toString('utf8')).toContain(`data:image/png;base64,${embedded}`);
  });

  it('strips <script>, event handlers and <foreignObject>: none of them reaches any part of the deck', () => {
    const svg = [
      `<svg ${SVG_NS} width="200" height="100" onload="alert('onload')">`,
      `<script>alert('script')</script>`,
      `<switch><foreignObject width="200" height="100"><p xmlns="http://www.w3.org/1999/xhtml" onclick="alert('fo')">html</p></foreignObject><text x="5" y="50">drawn text</text></switch>`,
      `<rect id="box" width="200" height="100" fill="#0B3D6E" onclick="alert('click')"/>`,
      `<set attributeName="href" to="javascript:alert('set')"/>`,
      `</svg>`,
    ].join('');
    const r = build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const parts = deckParts(r.out);
    const svgs = [...parts.keys()].filter((n) => /^ppt\/media\/.*\.svg$/.test(n));
    expect(svgs.length).toBe(1);
    expect(Buffer.from(parts.get(svgs[0]!)!).toString('utf8')).toMatch(/<rect id="box" width="200" height="100" fill="#0B3D6E"\/>/);
    expect(Buffer.from(parts.get(svgs[0]!)!).toString('utf8')).toContain('drawn text');
    for (const [name, data] of parts) {
      const text = Buffer.from(data).toString('latin1');
      expect(text, name).not.toMatch(/<script|onload|onclick|foreignObject|alert\(|javascript:/i);
    }
  });
});

describe('pictures have limits, checked before anything is decoded', () => {
  it('draws the PNG fallback of a 1 × 300 SVG (or 1 × 4000, or 1e9 × 5e8) at a bounded size', () => {
    for (const [width, height] of [[1, 300], [1, 4000], [1e9, 5e8]] as const) {
      const svg = `<svg ${SVG_NS} width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="red"/></svg>`;
      const r = build(dataFolder('tall.svg', { 'tall.svg': svg }).report);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const fallbacks = [...deckParts(r.out)].filter(([n]) => /^ppt\/media\/.*\.png$/.test(n));
      expect(fallbacks.length).toBe(1);
      const [w, h] = pngSize(fallbacks[0]![1]);
      expect(Math.max(w, h), `${w} × ${h}`).toBeLessThanOrEqual(4096);
      expect(w * h).toBeLessThanOrEqual(4_000_000);
      expect(h > w).toBe(height > width);
    }
  });

  it('refuses an SVG over 4096 times longer than wide (its fallback could not be drawn within the bounds)', () => {
    const svg = `<svg ${SVG_NS} width="1" height="100000"><rect width="1" height="100000"/></svg>`;
    expectRefused(build(dataFolder('thin.svg', { 'thin.svg': svg }).report), /"thin\.svg" is 1 × 100,000: one side is over 4,096 times the other/);
  });

  it('refuses a picture over 20 MB, without reading it', () => {
    const { dir, report } = dataFolder('big.png', { 'big.png': png(8, 8) });
    truncateSync(join(dir, 'big.png'), 20 * 1024 * 1024 + 1); // sparse: costs no disk
    expectRefused(build(report), /"big\.png" is 20 MB; the limit for a picture is 20 MB/);
  });

  it('refuses a PNG of more than 40 megapixels from its header', () => {
    // A valid header claiming 10000 × 5000, and no more than a few bytes of data: refused before any decoding.
    const header = Buffer.alloc(13);
    header.writeUInt32BE(10_000, 0);
    header.writeUInt32BE(5_000, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const huge = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(10))), chunk('IEND', Buffer.alloc(0))]);
    expectRefused(build(dataFolder('huge.png', { 'huge.png': huge }).report), /"huge\.png" is 10,000 × 5,000 pixels \(50 megapixels\); the limit is 40 megapixels/);
  });

  it('refuses a named pipe at once instead of waiting on it', { skip: process.platform === 'win32' || spawnSync('sh', ['-c', 'command -v mkfifo']).status !== 0 }, () => {
    const { dir, report } = dataFolder('pipe.png');
    expect(spawnSync('mkfifo', [join(dir, 'pipe.png')]).status).toBe(0);
    expectRefused(build(report), /"pipe\.png" is not a regular file/);
  });
});

describe('damaged pictures are refused as image-invalid', () => {
  const good = png(64, 64);
  const jpeg = readFileSync(join(FIXTURES, 'chart.jpg'));

  it('a PNG cut to 200 bytes', () => {
    expect(good.length).toBeGreaterThan(1000);
    expectRefused(build(dataFolder('cut.png', { 'cut.png': good.subarray(0, 200) }).report), /"cut\.png" is a damaged PNG picture: the file ends too early/);
  });

  it('a PNG whose header checksum is wrong', () => {
    const bad = Buffer.from(good);
    bad[29] = (bad[29] ?? 0) ^ 0xff; // the IHDR CRC: bytes 29–32
    expectRefused(build(dataFolder('crc.png', { 'crc.png': bad }).report), /"crc\.png" is a damaged PNG picture: a checksum does not match/);
  });

  it('a PNG whose image data does not inflate, or stops short of the rows it promises', () => {
    const garbage = Buffer.concat([good.subarray(0, 33), chunk('IDAT', Buffer.from('not zlib at all')), chunk('IEND', Buffer.alloc(0))]);
    expectRefused(build(dataFolder('data.png', { 'data.png': garbage }).report), /"data\.png" is a damaged PNG picture: its image data cannot be decompressed/);
    const short = png(64, 64, { rows: Buffer.alloc(10 * (1 + 64 * 3)) }); // 10 rows of 64
    expectRefused(build(dataFolder('short.png', { 'short.png': short }).report), /"short\.png" is a damaged PNG picture: the file ends too early/);
  });

  it('a JPEG cut to 700 bytes', () => {
    expect(jpeg.length).toBeGreaterThan(700);
    expectRefused(build(dataFolder('cut.jpg', { 'cut.jpg': jpeg.subarray(0, 700) }).report), /"cut\.jpg" is a damaged JPEG picture: the file ends too early/);
  });

  it('an SVG that is not well-formed XML, with the line', () => {
    const svg = `<svg ${SVG_NS} width="10" height="10">\n<rect width="10" height="10">\n</svg>\n`;
    expectRefused(build(dataFolder('bad.svg', { 'bad.svg': svg }).report), /"bad\.svg" is a damaged SVG picture: its markup is not well-formed XML \(line 3\)/);
  });
});

describe('what must still build', () => {
  it('an SVG with 4 KB of comment before <svg>', () => {
    const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${'Generator: a drawing program that writes a long licence. '.repeat(80)} -->\n<svg ${SVG_NS} width="200" height="100"><rect width="200" height="100" fill="#0B3D6E"/></svg>`;
    expect(svg.indexOf('<svg')).toBeGreaterThan(4096);
    const r = build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect([...deckParts(r.out).keys()].some((n) => /^ppt\/media\/.*\.svg$/.test(n))).toBe(true);
  });

  it('a file named "..logo.png" inside the data folder; "../logo.png" is still outside', () => {
    const inside = dataFolder('..logo.png', { '..logo.png': readFileSync(join(FIXTURES, 'logo.png')) });
    const r = build(inside.report);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectRefused(build(dataFolder('../logo.png').report), /"\.\.\/logo\.png" is outside the data file's folder/);
  });

  it('an SVG exported by Illustrator, its namespaces declared as entities', () => {
    const svg = `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n]>\n<svg ${SVG_NS} xmlns:i="&ns_ai;" width="200" height="100"><rect width="200" height="100" fill="#0B3D6E"/></svg>`;
    const r = build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('identical pictures are stored once', () => {
  it('the logo of both masters is one media part, and the deck passes the package checks', () => {
    const { report } = dataFolder('logo.png');
    const r = build(report);
    expect(r.status, r.stderr).toBe(0);
    const parts = deckParts(r.out);
    const logo = readFileSync(join(FIXTURES, 'logo.png'));
    const copies = [...parts].filter(([n, data]) => n.startsWith('ppt/media/') && Buffer.from(data).equals(logo));
    expect(copies.map(([n]) => n)).toHaveLength(1);
    const target = copies[0]![0].replace('ppt/', '../');
    const layouts = [...parts.keys()].filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n) && Buffer.from(parts.get(n)!).toString('utf8').includes('<p:pic>'));
    expect(layouts).toHaveLength(2);
    for (const layout of layouts) {
      const rels = Buffer.from(parts.get(layout.replace('slideLayouts/', 'slideLayouts/_rels/') + '.rels')!).toString('utf8');
      expect(rels).toContain(`Target="${target}"`);
    }
    // Every relationship to a media part points at a part that exists.
    for (const [name, data] of parts) {
      if (!name.endsWith('.rels')) continue;
      for (const m of Buffer.from(data).toString('utf8').matchAll(/Target="\.\.\/(media\/[^"]+)"/g)) expect(parts.has(`ppt/${m[1]}`), `${name} → ${m[1]}`).toBe(true);
    }
    const again = build(report);
    expect(readFileSync(again.out).equals(readFileSync(r.out))).toBe(true); // the same bytes each time
    if (canDeckcheck({ render: false })) expect(deckcheck(readFileSync(r.out), { render: false }).status).toBe(0);
  });

  it('an SVG logo on both masters: one PNG, one SVG, linked from both', () => {
    const svg = readFileSync(join(FIXTURES, 'emblem.svg'));
    const r = build(dataFolder('emblem.svg', { 'emblem.svg': svg }).report);
    expect(r.status, r.stderr).toBe(0);
    const media = [...deckParts(r.out).keys()].filter((n) => n.startsWith('ppt/media/'));
    expect(media.filter((n) => n.endsWith('.png'))).toHaveLength(1);
    expect(media.filter((n) => n.endsWith('.svg'))).toHaveLength(1);
  });
});
