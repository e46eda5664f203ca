/**
 * A diagnostic carries its data path as keys and indexes; the text form
 * (sections[0].a.b) is only for people. A key holding "." or "[" would be
 * read back as another path, so nothing locates by the text.
 */
import { describe, expect, it } from 'vitest';
import { error, type Diagnostic } from '../../src/diagnostics.js';
import { locateInData } from '../../src/index.js';
import { formatDataPath, type DataPath } from '../../src/model/data-path.js';
import { parseYaml } from '../../src/load/yaml.js';
import { formatDiagnostic } from '../../src/cli/output.js';
import { PLAIN } from '../../src/cli/terminal.js';
import { t } from '../../src/i18n/catalogue.js';

describe('a data path', () => {
  it('keeps a key holding "." or "[" in its place: located by the keys, printed as people read it', () => {
    // Read back from its text, sections[0].a.b would be the `b` under `a`, and sections[0].c[1] the second item of `c`.
    const text = ['sections:', '  - a:', '      b: 1', '    a.b: 2', '    c: [x, y]', '    c[1]: 3', ''].join('\n');
    const doc = parseYaml(text, 'report.yaml').value!;
    const at = (path: DataPath): Diagnostic => error('unknown-layout', t('layout.unknown', { layout: 'x' }), { dataPath: path });
    const [dotted, bracketed] = locateInData([at(['sections', 0, 'a.b']), at(['sections', 0, 'c[1]'])], doc, 'outline.yaml');
    expect(formatDataPath(dotted!.dataPath!)).toBe('sections[0].a.b');
    expect(dotted!.location).toMatchObject({ file: 'report.yaml', line: 4 });
    expect(doc.locate(['sections', 0, 'a', 'b']).line).toBe(3); // where its text, read back, would point
    expect(formatDataPath(bracketed!.dataPath!)).toBe('sections[0].c[1]');
    expect(bracketed!.location).toMatchObject({ file: 'report.yaml', line: 6 });
    expect(doc.locate(['sections', 0, 'c', 1]).line).toBe(5);
    expect(formatDiagnostic(dotted!, 'en', PLAIN)).toContain('(at sections[0].a.b)');
  });
});
