import type { ReplyTable } from '../chat/reply.ts';

/** A table as aligned monospace columns: for consoles, Telegram <pre> and Discord code blocks. */
export function renderTable(table: ReplyTable, { gap = '  ' } = {}): string {
  const widths = table.columns.map((column, index) =>
    Math.max(width(column.label), ...table.rows.map((row) => width(row[index] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (table.columns[index]?.align === 'right' ? padStart(cell, widths[index]!) : padEnd(cell, widths[index]!)))
      .join(gap)
      .trimEnd();
  return [line(table.columns.map((column) => column.label)), ...table.rows.map(line)].join('\n');
}

/** Display width: code points, so "é" and the French narrow no-break space count as one. */
function width(text: string): number {
  return [...text].length;
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}
