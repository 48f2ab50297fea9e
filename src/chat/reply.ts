/**
 * What every command returns: platform-neutral. Adapters render it (Discord embed, Telegram HTML,
 * console text); nothing here knows a platform. All text is already in the caller's language.
 */
export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyTable {
  /** `optional`: a column a narrow screen (a phone) can do without, dropped before the table becomes a list. */
  columns: { label: string; align?: 'left' | 'right'; optional?: boolean }[];
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
  /** Source and "data as of …": every answer with figures says how fresh it is. Empty for a message with none (a flow's question). */
  footer: string;
  link?: { label: string; url: string };
  image?: ReplyImage;
  /** "caller": only the person who asked sees it, where the platform allows (errors, settings). */
  visibility: 'public' | 'caller';
  /** An error reply: the argument was wrong, or something failed. */
  error?: boolean;
  /** The next step of a flow: pressing one runs it for the presser and replaces this message (src/chat/flow.ts). */
  choices?: ReplyChoices;
}

/** One answer to pick: its label, and the opaque action a press sends back (src/chat/flow.ts). */
export interface ReplyChoice {
  label: string;
  action: string;
}

export interface ReplyChoices {
  /** Buttons, or a select list (where the platform has one) for many answers. */
  style: 'buttons' | 'select';
  options: ReplyChoice[];
  /** Shown apart from the answers: back, cancel. */
  controls: ReplyChoice[];
  /** The select list's prompt. */
  placeholder?: string;
  /**
   * An answer typed rather than pressed (a test score, an age no button offers): `button` asks for
   * it (Telegram: a ForceReply prompt; Discord: a modal; the console shows `prompt`), and the text is
   * run as `action`. `promptNow`: typing is the only way to answer, so platforms ask at once.
   */
  input?: { action: string; button: string; prompt: string; example: string; promptNow?: boolean };
  /**
   * Text typed while this is the flow's message answers it, run as `action` with the text (the
   * flow takes a typed answer that matches a choice, or asks again with a hint): the console's
   * next line, a Telegram private chat's next message or a reply to this message or its prompt.
   */
  answer?: { action: string };
  /** Where asking in a group is not private enough: continue in a private chat (Telegram's `?start=<start>`). */
  privately?: { label: string; start: string };
}

export function reply(parts: Partial<Reply> & Pick<Reply, 'title' | 'footer'>): Reply {
  return { lines: [], fields: [], visibility: 'public', ...parts };
}
