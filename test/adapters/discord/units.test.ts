import { DiscordAPIError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { EMBED_LIMITS, replyMessage } from '../../../src/adapters/discord/render.ts';
import { deliveryError } from '../../../src/adapters/discord/errors.ts';
import { commandData, sameCommands } from '../../../src/adapters/discord/menu.ts';
import { reply } from '../../../src/chat/reply.ts';
import { answering, ask } from '../../helpers/answers.ts';

function total(embed: ReturnType<typeof replyMessage>['embed']): number {
  const { title = '', description = '', footer, fields = [] } = embed.toJSON();
  return title.length + description.length + (footer?.text.length ?? 0) + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
}

describe('a Reply as a Discord embed', () => {
  it('stays within every Discord limit however long the Reply, keeping the link and closing the code block', () => {
    const long = reply({
      title: 'T'.repeat(300),
      lines: Array.from({ length: 50 }, (_, index) => `line ${index} ${'x'.repeat(60)}`),
      fields: Array.from({ length: 40 }, (_, index) => ({ label: `field ${index} ${'n'.repeat(300)}`, value: 'v'.repeat(1500) })),
      table: { columns: [{ label: 'Round' }, { label: 'CRS', align: 'right' }], rows: Array.from({ length: 400 }, (_, index) => [`#${index}`, String(400 + index)]) },
      notes: ['a note'],
      link: { label: 'Ministerial Instruction', url: 'https://www.canada.ca/mi?q=1' },
      footer: 'Source: IRCC · newest round #411',
    });
    const { embed } = replyMessage(long);
    const json = embed.toJSON();
    expect(json.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(json.title!.endsWith('…')).toBe(true);
    expect(json.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(json.description!.match(/```/g)).toHaveLength(2);
    // The prose and the notes stay whole; the fields and table rows gave way.
    expect(json.description).toMatch(/^line 0 x+\n[\s\S]*\nline 49 x+\n\n```\nRound +CRS\n#0 +400\n[\s\S]*\n…\n```\n\na note$/);
    expect(json.fields!.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const field of json.fields!) {
      expect(field.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    }
    expect(total(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(json.footer!.text).toBe('Source: IRCC · newest round #411');
    expect(json.fields!.at(-1)).toEqual({ name: 'Ministerial Instruction', value: 'https://www.canada.ca/mi?q=1' });
  });

  it('shortens a long table by whole rows, says so, and keeps the notes after it', () => {
    const rows = Array.from({ length: 400 }, (_, index) => [`#${index}`, String(400 + index)]);
    const { embed } = replyMessage(reply({ title: 'History', lines: ['The last rounds'], table: { columns: [{ label: 'Round' }, { label: 'CRS' }], rows }, notes: ['PNP note'], footer: 'f' }));
    const description = embed.toJSON().description!;
    expect(description.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(description).toMatch(/^The last rounds\n\n```\nRound +CRS\n#0 +400\n/);
    expect(description).toMatch(/\n#\d+ +\d+\n…\n```\n\nPNP note$/);
  });

  it('puts 25 fields at most, the last one saying how many were left out', () => {
    const fields = Array.from({ length: 30 }, (_, index) => ({ label: `f${index}`, value: String(index) }));
    const json = replyMessage(reply({ title: 't', fields, footer: 'f' })).embed.toJSON();
    expect(json.fields).toHaveLength(25);
    expect(json.fields!.at(-1)).toEqual({ name: '…', value: '+6' });
  });

  it('shows text as typed: markdown in a Reply is escaped, outside the table too', () => {
    const json = replyMessage(reply({ title: 'No match for “**x**”', lines: ['[click](https://evil.example) *here*', '# not a heading'], fields: [{ label: 'Source', value: 'https://www.canada.ca/a_b_c.html' }], footer: 'f' })).embed.toJSON();
    expect(json.title).toBe('No match for “\\*\\*x\\*\\*”');
    // An escaped "[" is enough for Discord not to make a masked link of it.
    expect(json.description).toBe('\\[click](https://evil.example) \\*here\\*\n\\# not a heading');
    expect(json.fields![0]!.value).toBe('https://www.canada.ca/a_b_c.html');
  });

  it('is ephemeral for errors and caller-only answers, public otherwise', async () => {
    expect(replyMessage(await ask('/latest')).ephemeral).toBe(false);
    expect(replyMessage(await ask('/latest stm')).ephemeral).toBe(true);
    expect(replyMessage(await ask('/eligible 99999')).ephemeral).toBe(true);
    expect(replyMessage(reply({ title: 't', footer: 'f', visibility: 'caller' })).ephemeral).toBe(true);
  });

  it('fits every answer the commands give today in both languages', async () => {
    for (const question of ['/latest', '/latest pnp', '/cutoffs 2024', '/eligible 21231', '/eligible 31301', '/eligible engineer', '/history stem 25', '/pool', '/help', '/about']) {
      for (const locale of ['en', 'fr'] as const) {
        const { embed } = replyMessage(await ask(question, { locale }));
        const text = JSON.stringify(embed.toJSON());
        expect(total(embed), `${question} (${locale})`).toBeLessThanOrEqual(EMBED_LIMITS.total);
        expect(text, `${question} (${locale}) was shortened`).not.toMatch(/…\\n```|"name":"…"/);
      }
    }
  });
});

describe('slash command registration data', () => {
  const core = answering().core;

  it('is unchanged when Discord returns it with its own ids and defaults, and changed when anything we declare differs', () => {
    const wanted = commandData(commands, core);
    const asStored = wanted.map((command) => ({ id: '1', application_id: '2', version: '3', nsfw: false, dm_permission: true, default_member_permissions: null, ...JSON.parse(JSON.stringify(command)) }));
    expect(sameCommands(wanted, [...asStored].reverse())).toBe(true);

    const renamedChoice = structuredClone(asStored);
    renamedChoice[0].options[0].choices[0].name_localizations.fr = 'Autre nom';
    expect(sameCommands(wanted, renamedChoice)).toBe(false);
    const newLimit = structuredClone(asStored);
    newLimit.find((command: { name: string }) => command.name === 'history').options[1].max_value = 60;
    expect(sameCommands(wanted, newLimit)).toBe(false);
    expect(sameCommands(wanted, asStored.slice(1))).toBe(false);
    expect(sameCommands(wanted, [...asStored, { ...asStored[0], name: 'retired' }])).toBe(false);
  });

  it('names every command and option in French for French Discord, as Telegram’s French menu and /aide do', () => {
    const data = commandData(commands, core);
    const latest = data.find((command) => command.name === 'latest')!;
    expect(latest.name_localizations).toEqual({ fr: 'derniere' });
    expect(latest.options![0]).toMatchObject({ name: 'category', name_localizations: { fr: 'type' } });
    expect(data.find((command) => command.name === 'help')!.name_localizations).toEqual({ fr: 'aide' });
    expect(data.find((command) => command.name === 'cutoffs')!.options![0]).toMatchObject({ name: 'year', name_localizations: { fr: 'année' } });
    // Discord's rule for names (lower case where the script has case), and no two options alike in a command.
    const valid = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    for (const command of data) {
      for (const name of [command.name, command.name_localizations!.fr!]) {
        expect(name).toMatch(valid);
        expect(name).toBe(name.toLowerCase());
      }
      const french = (command.options ?? []).map((option) => option.name_localizations!.fr!);
      for (const name of french) expect(name, command.name).toMatch(valid);
      expect(new Set(french).size, command.name).toBe(french.length);
    }
    expect(new Set(data.map((command) => command.name_localizations!.fr)).size).toBe(data.length);
  });

  it('passes discord.js’s own validation, with descriptions within 100 characters', () => {
    for (const command of commandData(commands, core)) {
      expect(command.description.length).toBeLessThanOrEqual(100);
      expect(command.description_localizations!.fr!.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('a failed post, as the delivery worker needs it', () => {
  const apiError = (status: number, body: { message: string; code: number; retry_after?: number }) =>
    new DiscordAPIError(body, body.code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: {}, files: [] });

  it('maps a 429 that surfaces, and RateLimitError, to rate-limited with the wait in milliseconds', () => {
    expect(deliveryError(apiError(429, { message: 'You are being rate limited.', code: 0, retry_after: 1.5 })).failure).toEqual({ kind: 'rate-limited', retryAfterMs: 1500 });
    const rateLimit = new RateLimitError({ timeToReset: 2000, limit: 5, method: 'POST', hash: 'h', url: 'u', route: '/channels/:id/messages', majorParameter: '1', global: false, retryAfter: 2000, sublimitTimeout: 0, scope: 'user' });
    expect(deliveryError(rateLimit).failure).toEqual({ kind: 'rate-limited', retryAfterMs: 2000 });
  });

  it('treats a network failure as transient', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(deliveryError(reset).failure).toEqual({ kind: 'transient' });
    expect(deliveryError(reset).message).toBe('socket hang up');
  });
});
