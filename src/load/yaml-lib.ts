/**
 * `yaml`, loaded on first use. Most builds never need it (yaml-fast.ts reads
 * their files), and loading it costs a fresh process about 50 ms. Its Node
 * build is CommonJS, so it can be required synchronously, from the middle of
 * a `locate()`.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
let loaded: Yaml | undefined;

export const yamlLib = (): Yaml => (loaded ??= createRequire(import.meta.url)('yaml') as Yaml);
