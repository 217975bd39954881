import { StatError } from '../errors.js';
import type { SwapDevice } from '../types/swap.js';
import { MAX_KIB } from './meminfo.js';

/** Undo the octal escapes the kernel puts in /proc/swaps names (`\040` for a space). */
function unescapeName(name: string): string {
  return name.includes('\\') ? name.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))) : name;
}

const DIGITS = /^\d+$/;

/**
 * Parse /proc/swaps: a header, then `Filename Type Size Used Priority` with
 * sizes in KiB.
 * @throws StatError `PARSE` for a line that does not have that form.
 */
export function parseSwaps(text: string, path: string): SwapDevice[] {
  const devices: SwapDevice[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || (i === 0 && line.startsWith('Filename'))) continue;
    const [name, , size, used] = line.split(/\s+/);
    if (name === undefined || size === undefined || used === undefined || !DIGITS.test(size) || !DIGITS.test(used)) {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} is not "name type size used priority"`);
    }
    const totalKib = Number(size),
      usedKib = Number(used);
    if (totalKib > MAX_KIB || usedKib > MAX_KIB) {
      throw new StatError('PARSE', path, `cannot parse ${path}: line ${i + 1} has a size out of range`);
    }
    devices.push({ name: unescapeName(name), total: totalKib * 1024, used: Math.min(usedKib, totalKib) * 1024 });
  }
  return devices;
}
