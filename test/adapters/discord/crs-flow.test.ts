import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../src/adapters/discord/index.ts';
import type { ChatAdapter } from '../../../src/chat/adapter.ts';
import { ownerToken } from '../../../src/chat/flow.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering } from '../../helpers/answers.ts';
import {
  APP_ID, componentPress, MEMBER_USER, modalSubmit, OTHER_USER, slashCommand, snowflake, startDiscordPeer, TOKEN, type DiscordPeer, type Install, type Json,
} from '../../helpers/discord-peer.ts';

/**
 * The guided /crs end to end on the local Discord peer: an ephemeral answer with components,
 * button and select presses (type 3) updating it, a modal (type 9) for test results and its
 * submission (type 5), in English and French; a restart half-way, stale and foreign presses.
 */

const EPHEMERAL = 64;
const CALLBACK = { reply: 4, update: 7, modal: 9 } as const;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peer(): Promise<DiscordPeer> {
  const started = await startDiscordPeer();
  cleanups.push(() => started.close());
  return started;
}

async function bot(on: DiscordPeer): Promise<ChatAdapter> {
  const adapter = createDiscordAdapter({
    config: { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: on.apiUrl },
    answering: answering(),
    log: silentLogger,
  });
  cleanups.push(() => adapter.stop());
  await adapter.start();
  return adapter;
}

/** The ephemeral flow message as the member sees it, driven through the peer. */
class FlowView {
  readonly messageId = snowflake();
  embed: Json = null;
  components: Json[] = [];

  /** `install`: 'user' for a member's own install, used in a server the bot is not in. */
  constructor(readonly on: DiscordPeer, readonly locale = 'en-US', readonly install: Install = 'guild') {}

  /** Pushes an interaction; returns the bot's callback body, taking in the message it shows. */
  async send(data: Record<string, unknown>): Promise<Json> {
    const ref = await this.on.interact(data);
    const { body } = await this.on.waitForRequest((request) => request.path === `/interactions/${ref.id}/${ref.token}/callback`);
    if (body.type === CALLBACK.update || (body.type === CALLBACK.reply && body.data.embeds?.length)) {
      this.embed = body.data.embeds[0];
      this.components = body.data.components ?? [];
    }
    return body;
  }

  start(): Promise<Json> {
    return this.send(slashCommand('crs', [], { locale: this.locale, install: this.install }));
  }

  /** Picks `label` among the buttons or the select's options. */
  async pick(label: string, user = MEMBER_USER): Promise<Json> {
    for (const row of this.components) {
      for (const component of row.components) {
        if (component.type === 2 && component.label === label) return this.send(componentPress(this.messageId, component.custom_id, { locale: this.locale, user, install: this.install }));
        const option = component.type === 3 ? component.options.find((candidate: Json) => candidate.label === label) : undefined;
        if (option) return this.send(componentPress(this.messageId, component.custom_id, { values: [option.value], locale: this.locale, user, install: this.install }));
      }
    }
    throw new Error(`no “${label}” in ${JSON.stringify(this.components)}`);
  }

  /** Opens the modal with the typed-answer button, then submits `text` in it. */
  async type(buttonLabel: string, text: string): Promise<Json> {
    const modal = await this.pick(buttonLabel);
    expect(modal.type).toBe(CALLBACK.modal);
    const field = modal.data.components[0].component;
    return this.send(modalSubmit(this.messageId, modal.data.custom_id, { customId: field.custom_id, value: text }, { locale: this.locale, install: this.install }));
  }

  get text(): string {
    return `${this.embed?.title}\n${this.embed?.description ?? ''}\n${(this.embed?.fields ?? []).map((field: Json) => `${field.name}: ${field.value}`).join('\n')}`;
  }
}

describe('/crs and /clb as Discord slash commands', () => {
  it('answers the one-line profile publicly, the same as every platform, and /clb with one option per result', async () => {
    const on = await peer();
    await bot(on);
    const view = new FlowView(on);
    const crs = await view.send(slashCommand('crs', [{ name: 'profile', type: 3, value: 'age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3' }]));
    expect(crs.data.flags ?? 0).toBe(0);
    expect(view.embed.title).toBe('CRS 429');
    expect(view.components).toEqual([]);
    const clb = await view.send(slashCommand('clb', [
      { name: 'test', type: 3, value: 'ielts' }, { name: 'listening', type: 3, value: '7.5' }, { name: 'reading', type: 3, value: '7' },
      { name: 'writing', type: 3, value: '6.5' }, { name: 'speaking', type: 3, value: '7' },
    ]));
    expect(clb.data.embeds[0].fields.slice(0, 4).map((field: Json) => field.value)).toEqual(['CLB 8', 'CLB 9', 'CLB 8', 'CLB 9']);
    const registered = on.commands.get('global')!.find((command: Json) => command.name === 'clb');
    expect(registered.options.map((option: Json) => option.name)).toEqual(['test', 'listening', 'reading', 'writing', 'speaking']);
  });
});

describe('the guided /crs on Discord', () => {
  it('runs to the result in an ephemeral message updated in place, with a select, buttons and a modal', async () => {
    const on = await peer();
    await bot(on);
    const view = new FlowView(on);
    const first = await view.start();
    expect(first.type).toBe(CALLBACK.reply);
    expect(first.data.flags).toBe(EPHEMERAL);
    expect(view.embed.title).toBe('CRS calculator — question 1 of 13');
    // A question has no figures: no source footer.
    expect(view.embed.footer).toBeUndefined();
    expect(view.components[0].components[0]).toMatchObject({ type: 3, custom_id: 'flow-select' });
    expect(view.components[0].components[0].options).toHaveLength(25);

    expect((await view.pick('29')).type).toBe(CALLBACK.update);
    expect(view.embed.description).toBe('✓ Age: 29\nWhat is your highest level of education?');
    await view.pick('Bachelor’s, or 3+ year program');
    await view.pick('CELPIP-General');
    expect(view.embed.description).toMatch(/^✓ First official language: CELPIP-General\nYour CELPIP-General results\?/);
    const modal = await view.pick('✎ Type the results');
    expect(modal.data.title).toBe('CRS calculator — question 4 of 13');
    expect(modal.data.components[0]).toMatchObject({ type: 18, label: 'Type the results', component: { type: 4, custom_id: 'answer', placeholder: '9 9 9 9' } });
    // Bad input in the modal: named, with what is accepted, and the button to try again.
    const refused = await view.send(modalSubmit(view.messageId, modal.data.custom_id, { customId: 'answer', value: '9 9 13 9' }));
    expect(refused.type).toBe(CALLBACK.update);
    expect(view.embed.description).toContain('CELPIP-General (writing): 13 is out of range. Accepted: 0 to 12.');
    expect((await view.type('✎ Type the results', '9 9 9 9')).type).toBe(CALLBACK.update);
    expect(view.embed.description).toBe('✓ First official language: CELPIP-General 9 9 9 9\nA test in your other official language?');
    for (const label of ['None', 'None', '3 years or more', 'No', 'No', 'No', 'No', 'None', 'Skip']) expect((await view.pick(label)).type).toBe(CALLBACK.update);
    expect(view.embed.title).toBe('CRS 429');
    expect(view.embed.footer.text).toMatch(/^Source: IRCC/);
    expect(view.text).toContain('In the pool: Between 116,879 and 129,852 profiles scored');
    expect(view.text).toContain('Not legal advice; IRCC’s own tool is the reference.');
    // After the result: a select to change one answer, and the new total at once (issue 22, item 5).
    expect(view.components[0].components[0].placeholder).toBe('Change one answer');
    await view.pick('Age: 29');
    // An age no option offers is typed in a modal (issue 22, items 1 and 7).
    await view.type('✎ Another age', '46');
    expect(view.embed.title).toBe('CRS 319');
  });

  it('asks in French and ends with SCG (reference example 2, with a spouse)', async () => {
    const on = await peer();
    await bot(on);
    const view = new FlowView(on, 'fr');
    await view.start();
    expect(view.embed.title).toBe('Calculateur SCG — question 1 sur 13');
    for (const label of ['31', 'Maîtrise, ou diplôme professionnel', 'IELTS General Training']) await view.pick(label);
    await view.type('✎ Taper les résultats', '7,5 7 6,5 7');
    for (const label of ['Aucun', '2 ans', 'Aucune', 'Non', 'Oui, m’accompagne, pas canadien', 'Baccalauréat, ou programme de 3 ans et plus', 'CELPIP-General']) await view.pick(label);
    await view.type('✎ Taper les résultats', '7 7 7 7');
    for (const label of ['Aucune', 'Non', 'Non', 'Aucune', 'Passer']) await view.pick(label);
    expect(view.embed.title).toBe('SCG 434');
    expect(view.text).toContain('Ceci n’est pas un avis juridique; l’outil d’IRCC fait foi.');
  });

  it('runs the same, ephemerally, from a member’s own install in a server the bot is not in', async () => {
    const on = await peer();
    await bot(on);
    const view = new FlowView(on, 'en-US', 'user');
    const first = await view.start();
    expect(first.type).toBe(CALLBACK.reply);
    expect(first.data.flags).toBe(EPHEMERAL);
    expect(view.embed.title).toBe('CRS calculator — question 1 of 13');
    for (const label of ['29', 'Bachelor’s, or 3+ year program', 'CELPIP-General']) expect((await view.pick(label)).type).toBe(CALLBACK.update);
    expect((await view.type('✎ Type the results', '9 9 9 9')).type).toBe(CALLBACK.update);
    for (const label of ['None', 'None', '3 years or more', 'No', 'No', 'No', 'No', 'None', 'Skip']) expect((await view.pick(label)).type).toBe(CALLBACK.update);
    expect(view.embed.title).toBe('CRS 429');
    // Changing one answer afterwards is an update of the same ephemeral message too.
    await view.pick('Age: 29');
    expect((await view.type('✎ Another age', '46')).type).toBe(CALLBACK.update);
    expect(view.embed.title).toBe('CRS 319');
    // Every answer went back as the interaction's own reply or update: nothing posted to the channel.
    expect(on.requests.filter((request) => request.path.startsWith('/channels/'))).toEqual([]);
  });

  it('resumes after a restart: a new adapter answers the old message’s components', async () => {
    const on = await peer();
    const first = await bot(on);
    const view = new FlowView(on);
    await view.start();
    await view.pick('30');
    await first.stop();
    await bot(on);
    expect((await view.pick('Secondary diploma')).type).toBe(CALLBACK.update);
    expect(view.embed.description).toBe('✓ Education: Secondary diploma\nYour first official language: which test did you take?');
  });

  it('answers a stale component and another member’s press briefly, ephemerally, changing nothing', async () => {
    const on = await peer();
    await bot(on);
    const view = new FlowView(on);
    await view.start();
    const stale = await view.send(componentPress(view.messageId, `crs:${ownerToken(MEMBER_USER.id)}:zzzzzzzzz`));
    expect(stale).toEqual({ type: CALLBACK.reply, data: expect.objectContaining({ content: 'This button has expired. Start again with the command.', flags: EPHEMERAL }) });
    const foreign = await view.pick('30', OTHER_USER);
    expect(foreign).toEqual({ type: CALLBACK.reply, data: expect.objectContaining({ content: 'These buttons belong to whoever started them. Type /crs to start your own.', flags: EPHEMERAL }) });
    expect(view.embed.title).toBe('CRS calculator — question 1 of 13');
  });
});
