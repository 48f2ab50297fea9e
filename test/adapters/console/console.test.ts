import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../../src/adapters/console/index.ts';
import { silentLogger } from '../../../src/core/log.ts';
import { answering, askText } from '../../helpers/answers.ts';
import { runCli } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/fixtures.ts';

describe('the console chat', () => {
  it('answers each line typed, and ends on /quit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk));
    const chat = runConsoleChat({ answering: answering(), locale: 'en', log: silentLogger, input, output });
    input.write('/latest stem\n');
    input.write('\n');
    input.write('/eligible 21231\n/quit\n/pool\n');
    await chat;
    expect(text).toMatch(/^Express Entry bot — local console chat\. Newest round held: #411 \(April 15, 2026\)\./);
    expect(text).toContain(await askText('/latest stem'));
    expect(text).toContain(await askText('/eligible 21231'));
    expect(text).not.toContain('CRS distribution of the pool');
  });

  it('ends at the end of input, and when told to stop', async () => {
    const input = new PassThrough();
    const ended = runConsoleChat({ answering: answering(), locale: 'fr', log: silentLogger, input, output: new PassThrough() });
    input.end('/help\n');
    await ended;
    const controller = new AbortController();
    const stopped = runConsoleChat({ answering: answering(), locale: 'en', log: silentLogger, input: new PassThrough(), output: new PassThrough(), signal: controller.signal });
    controller.abort();
    await expect(stopped).resolves.toBeUndefined();
  });
});

describe('npm start and cli ask, as a new user runs them', () => {
  it('npm start with no token opens the console chat on the shipped data', async () => {
    const DATA_DIR = tempDir();
    const result = await runCli(['start'], { DATA_DIR, LANG: 'en_CA.UTF-8' }, '/latest\n/cutoffs 2024\n/quit\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/local console chat\. Newest round held: #411/);
    expect(result.stdout).toMatch(/Round #411 \(April 15, 2026\): French-Language proficiency 2026-Version 2/);
    expect(result.stdout).toMatch(/98,903 invitations in 52 rounds/);
  });

  it('picks French from the environment’s locale, or --lang', async () => {
    const fromEnv = await runCli(['start'], { DATA_DIR: tempDir(), LANG: 'fr_CA.UTF-8' }, '/latest\n');
    expect(fromEnv.stdout).toMatch(/Dernière ronde/);
    const fromFlag = await runCli(['ask', '--lang', 'fr', '/latest stem'], { DATA_DIR: tempDir(), LANG: 'en_CA.UTF-8' });
    expect(fromFlag.stdout).toMatch(/^Dernière ronde : STIM/);
  });

  it('cli ask prints the same text a chat shows, and exits', async () => {
    const result = await runCli(['ask', '/eligible 21231'], { DATA_DIR: tempDir(), LANG: 'C' });
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd()).toBe((await askText('/eligible 21231', { at: answering({ now: new Date().toISOString() }) })).trimEnd());
    const bad = await runCli(['ask', '/latest stm'], { DATA_DIR: tempDir() });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/“stm” is not a round type I know/);
  });
});
