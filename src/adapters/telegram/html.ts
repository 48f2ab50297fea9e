/**
 * Telegram's HTML parse mode: the four characters it requires escaped, and a splitter that cuts a
 * long message into parts each under Telegram's limit without ever cutting inside a tag or an
 * entity. Tags open at a cut are closed at the end of the part and opened again at the start of
 * the next, so every part is valid HTML on its own (a table cut between rows stays two <pre>s).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeHtml(text: string): string {
  // Most text has none of the four: returned as it is, with no new string (an answer escapes dozens).
  return /[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (char) => ESCAPES[char]!) : text;
}

/** A tag, an entity, or one character (a whole code point, so surrogate pairs stay together). */
const TOKEN = /<(\/?)([a-z]+)[^>]*>|&#?\w+;|[\s\S]/gu;

interface OpenTag {
  name: string;
  /** The opening tag as written ("<a href=…>"), to open it again in the next part. */
  tag: string;
}

interface Cut {
  /** The part ends here… */
  end: number;
  /** …and the next starts here (the separator at the cut is dropped). */
  resume: number;
  open: OpenTag[];
}

/**
 * Splits into parts showing at most `first` characters for the first part and `rest` for the
 * others (a photo caption, then messages). Counts what the member sees, as Telegram does ("1-4096
 * characters after entities parsing"): tags count nothing, an entity one character ("&lt;" is one
 * "<"), in UTF-16 units as Telegram counts. Cuts, by preference, between blocks (a blank line) —
 * unless the next block is too long for a part of its own and must be cut anyway —, then between
 * lines (table rows), between words, and only then anywhere between two characters.
 */
export function splitHtml(html: string, { first, rest = first }: { first: number; rest?: number }): string[] {
  const parts: string[] = [];
  let remaining = html;
  let limit = first;
  while (shownLength(remaining) > limit) {
    const cut = findCut(remaining, limit, rest);
    parts.push(remaining.slice(0, cut.end) + closing(cut.open));
    remaining = cut.open.map((open) => open.tag).join('') + remaining.slice(cut.resume);
    limit = rest;
  }
  parts.push(remaining);
  return parts;
}

function closing(open: OpenTag[]): string {
  return [...open].reverse().map((tag) => `</${tag.name}>`).join('');
}

function findCut(html: string, limit: number, next: number): Cut {
  const best: (Cut | undefined)[] = [];
  const open: OpenTag[] = [];
  /** What a part ending here shows: tags (and the closers a cut adds) show nothing. */
  let shown = 0;
  for (const match of html.matchAll(TOKEN)) {
    const at = match.index;
    if (shown > limit) break;
    const token = match[0];
    if (shown > 0) {
      const priority = token === '\n' ? (html[at + 1] === '\n' ? 3 : 2) : token === ' ' ? 1 : 0;
      const resume = priority === 3 ? at + 2 : priority > 0 ? at + 1 : at;
      best[priority] = { end: at, resume, open: [...open] };
    }
    if (match[2]) {
      if (match[1]) open.pop();
      else open.push({ name: match[2], tag: token });
    } else {
      shown += shownSize(token);
    }
  }
  const between = best[3];
  const within = best[2] ?? best[1] ?? best[0];
  const cut = between && !(within && within.end > between.end && blockLength(html, between.resume) > next) ? between : (within ?? between);
  // Only a limit shorter than a tag could leave no cut: nothing Telegram allows.
  if (!cut) throw new RangeError(`cannot split HTML into parts of ${limit} characters`);
  return cut;
}

function blockLength(html: string, from: number): number {
  const end = html.indexOf('\n\n', from);
  return shownLength(html.slice(from, end === -1 ? html.length : end));
}

/** What Telegram counts of a message: its text after parsing, in UTF-16 units. */
export function shownLength(html: string): number {
  let length = 0;
  for (const [token, , tag] of html.matchAll(TOKEN)) if (!tag) length += shownSize(token);
  return length;
}

/** An entity is the one character it stands for; any other token is itself. */
function shownSize(token: string): number {
  return token.startsWith('&') && token.length > 1 ? 1 : token.length;
}
