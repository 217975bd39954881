import { type Cell, rowText, type Screen } from './render.js';

/*
 * Drawing a Screen on a terminal in place: the alternate screen, the cursor
 * hidden, each frame written as the rows that changed since the last one
 * (cursor moved to the row, the row's cells, attributes reset). restore()
 * leaves the terminal as it was: main cursor shown, alternate screen left.
 */

export const ENTER = '\x1b[?1049h\x1b[?25l\x1b[0m\x1b[2J\x1b[H';
export const RESTORE = '\x1b[0m\x1b[?25h\x1b[?1049l';

export class InPlace {
  private previous: string[] = [];

  /** The text that turns what was last drawn into `screen`. */
  frame(screen: Screen): string {
    const rows = screen.cells.map((cells: Cell[]) => rowText(cells));
    let out = '';
    if (rows.length !== this.previous.length) {
      // A new size: start from a clear screen.
      out += '\x1b[0m\x1b[2J';
      this.previous = [];
    }
    rows.forEach((row, i) => {
      if (row !== this.previous[i]) out += `\x1b[${i + 1};1H${row}`;
    });
    this.previous = rows;
    return out === '' ? '' : `${out}\x1b[${Math.max(1, rows.length)};1H`;
  }

  /** Forget what was drawn: the next frame redraws every row. */
  reset(): void {
    this.previous = [];
  }
}
