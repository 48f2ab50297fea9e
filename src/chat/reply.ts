/**
 * What every command returns: platform-neutral. Adapters render it (Discord embed, Telegram HTML,
 * console text); nothing here knows a platform. All text is already in the caller's language.
 */
export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyTable {
  columns: { label: string; align?: 'left' | 'right' }[];
  rows: string[][];
}

export interface ReplyImage {
  png: Uint8Array;
  alt: string;
  filename: string;
}

export interface Reply {
  title: string;
  /** Short lines of prose, shown after the title. */
  lines: string[];
  fields: ReplyField[];
  table?: ReplyTable;
  /** Lines shown after the table (notes, caveats). */
  notes?: string[];
  /** Source and "data as of …": every answer says how fresh it is. */
  footer: string;
  link?: { label: string; url: string };
  image?: ReplyImage;
  /** "caller": only the person who asked sees it, where the platform allows (errors, settings). */
  visibility: 'public' | 'caller';
  /** An error reply: the argument was wrong, or something failed. */
  error?: boolean;
}

export function reply(parts: Partial<Reply> & Pick<Reply, 'title' | 'footer'>): Reply {
  return { lines: [], fields: [], visibility: 'public', ...parts };
}
