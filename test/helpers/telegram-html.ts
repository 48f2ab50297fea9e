/**
 * Reads a message as Telegram's HTML parse mode does, failing on what Telegram would refuse: a tag
 * the bot does not use, a tag closed out of order or never, a bare "<", ">" or "&" (a cut entity).
 * Returns the text a member sees.
 */
export function telegramText(html: string): string {
  const open: string[] = [];
  let text = '';
  for (const match of html.matchAll(/<(\/?)([a-z]+)([^>]*)>|&(lt|gt|amp|quot);|([<>&])|([^<>&]+)/g)) {
    const [, closing, tag, attributes, entity, bare, plain] = match;
    if (tag) {
      if (!['b', 'i', 'pre', 'a'].includes(tag)) throw new Error(`unexpected tag <${tag}> in ${html}`);
      if (closing) {
        if (open.pop() !== tag) throw new Error(`</${tag}> closes nothing open in ${html}`);
      } else {
        if (tag === 'a' && !/^ href="[^"<>]+"$/.test(attributes ?? '')) throw new Error(`<a> without a clean href in ${html}`);
        open.push(tag);
      }
    } else if (entity) {
      text += { lt: '<', gt: '>', amp: '&', quot: '"' }[entity];
    } else if (bare) {
      throw new Error(`bare "${bare}" in ${html}`);
    } else {
      text += plain;
    }
  }
  if (open.length) throw new Error(`<${open.join('>, <')}> never closed in ${html}`);
  return text;
}
