/**
 * What pptxgenjs 4.0.1 asks of JSZip, kept as a map of parts instead of a
 * zip. The bundle gives it to its pptxgenjs in place of `jszip`
 * (startup/bundle.ts), so a build neither loads JSZip (66 modules with pako
 * and readable-stream: 37-63 ms of a fresh process) nor holds each part in
 * a JSZip object. pptxgenjs calls:
 *  - `folder(name)`: a folder is not a part, so there is nothing to keep;
 *  - `file(name, text)`, and `file(name, base64, {base64: true})` for a
 *    picture and for a chart's workbook;
 *  - `generateAsync({type: PARTS})` for the deck (through captureParts) and
 *    `generateAsync({type: 'base64'})` for a chart's workbook, which is
 *    handed over as a token, as capture.ts does with JSZip.
 * The modules (unbundled) run pptxgenjs with JSZip and capture.ts's hook; a
 * test holds the two to the same parts.
 */
import { PARTS, workbookToken } from './capture.js';
import { takeSink } from './part-sink.js';
import type { Part } from './parts.js';

export class PartsZip {
  /** In the order first added, as JSZip keeps its files: XML as text, what came as base64 as bytes. */
  private readonly parts = new Map<string, Part>();
  /** What the deck's zip hands its text parts through (part-sink.ts); a workbook's zip has none. */
  private readonly sink = takeSink();

  folder(): PartsZip {
    return this;
  }

  file(name: string, data: string | Uint8Array, options?: { base64?: boolean }): PartsZip {
    if (options?.base64 === true && typeof data === 'string') this.parts.set(name, Buffer.from(data, 'base64'));
    else this.parts.set(name, (typeof data === 'string' ? this.sink?.(name, data) : undefined) ?? data);
    return this;
  }

  generateAsync(options?: { type?: string }): Promise<unknown> {
    if (options?.type === PARTS) return Promise.resolve(this.parts);
    if (options?.type === 'base64') return Promise.resolve(workbookToken(this.parts));
    return Promise.reject(new Error(`briefdeck's own pptxgenjs hands over parts (captureParts), not a zip of type ${String(options?.type)}`));
  }
}
