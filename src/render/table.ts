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

/** One row of a table too wide for the screen, as a line: its first cell, then the others with their column's name. */
export interface TableListItem {
  head: string;
  cells: { label: string; value: string }[];
}

export type FittedTable = { kind: 'table'; text: string } | { kind: 'list'; items: TableListItem[] };

/** What a cell holds when there is nothing to say: left out of a list. */
const EMPTY = new Set(['', '—', '-']);

/**
 * A table within `maxWidth` characters (a phone's width in monospace): as it is; with one space
 * between columns; without the columns marked optional; else as a list, a row a line, which the
 * chat can wrap as it likes. Nothing is left out but optional columns a narrow table can spare.
 */
export function fitTable(table: ReplyTable, maxWidth: number): FittedTable {
  const narrower = dropOptional(table);
  for (const candidate of narrower === table ? [table] : [table, narrower]) {
    for (const gap of ['  ', ' ']) {
      const text = renderTable(candidate, { gap });
      if (Math.max(...text.split('\n').map(width)) <= maxWidth) return { kind: 'table', text };
    }
  }
  return {
    kind: 'list',
    items: table.rows.map((row) => ({
      head: row[0] ?? '',
      cells: row.slice(1).flatMap((value, index) => (EMPTY.has(value.trim()) ? [] : [{ label: table.columns[index + 1]?.label ?? '', value: value.trim() }])),
    })),
  };
}

function dropOptional(table: ReplyTable): ReplyTable {
  const kept = table.columns.map((column, index) => (column.optional ? -1 : index)).filter((index) => index >= 0);
  if (kept.length === table.columns.length) return table;
  return { columns: kept.map((index) => table.columns[index]!), rows: table.rows.map((row) => kept.map((index) => row[index] ?? '')) };
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
