import { describe, expect, it } from 'vitest';
import { answering, ask, askText, field } from '../helpers/answers.ts';

/** Reference example 1 (shared/reference/crs/README.md, F): 429, checked by hand there. */
const EXAMPLE_1 = 'age=29 edu=bachelor lang=celpip:9,9,9,9 foreign-work=3';
/** Reference example 2: 434, with a spouse. */
const EXAMPLE_2 = 'age=31 edu=master lang=ielts:7.5,7,6.5,7 cdn-work=2 spouse=yes spouse-edu=bachelor spouse-lang=celpip:7,7,7,7';

describe('/crs in one line', () => {
  it('states the total, the breakdown, the improvements, the rounds, the pool bounds, the grid and the tool', async () => {
    const reply = await ask(`/crs ${EXAMPLE_1}`);
    expect(reply.error).toBeUndefined();
    expect(reply.title).toBe('CRS 429');
    expect(reply.lines).toEqual(['Grid 2025-03-25: IRCC’s CRS criteria in force since March 25, 2025 (no points for a job offer).']);
    expect(field(reply, 'Core / human capital')).toBe('354 (age 110, education 120, first official language 124, second official language 0, Canadian work 0)');
    expect(field(reply, 'Spouse or partner')).toMatch(/^0 \(single/);
    expect(field(reply, 'Skill transferability')).toBe('75 of 100 at most (education 25, foreign work 50, certificate of qualification 0)');
    expect(field(reply, 'Additional')).toBe('0 (provincial nomination 0, sibling in Canada 0, education in Canada 0, French 0)');
    expect(field(reply, 'Language levels')).toBe('first CELPIP-General → CLB 9, CLB 9, CLB 9, CLB 9');
    // Each gain is recomputed by the calculator: NCLC 9 = 4 × 6 second-language points (the cap) + 50 for French.
    expect(field(reply, 'What would add the most')).toBe(
      'NCLC 9 in all four abilities in the other official language: +74; 1 year of Canadian work: +53; a second credential (two or more, one of 3+ years): +33; '
      + 'a Canadian credential of 1 or 2 years: +15; a provincial nomination (a province’s decision, applied for separately): +600',
    );
    // No Canadian work: no CEC; no French test: no French round; no occupation given: the category rounds are "if".
    expect(field(reply, 'Against recent rounds')).toBe('None of the round types held in the last 12 months (PNP aside) was open to this profile.');
    expect(field(reply, 'If your occupation qualifies')).toMatch(/^Healthcare 467 \(−38\), Trades 477 \(−48\), Physicians 169 \(\+260\), Senior managers 429 \(±0\)\. A category round invites only/);
    expect(field(reply, 'Not open to this profile')).toBe('CEC (needs a year of skilled work in Canada); French (needs NCLC 7 in all four French abilities)');
    // IRCC's bands of April 12, 2026: 431 and more = 325 + 13,610 + 73,563 + 14,606 + 14,775; 421–430 adds 12,973.
    expect(field(reply, 'In the pool')).toBe('Between 116,879 and 129,852 profiles scored 429 or more. IRCC counts the pool in bands, and 429 falls in the 421–430 band (12,973 profiles); distribution of April 12, 2026.');
    expect(reply.notes).toContain('Not legal advice; IRCC’s own tool is the reference.');
    expect(reply.link).toEqual({ label: 'IRCC’s CRS tool', url: 'https://ircc.canada.ca/english/immigrate/skilled/crs-tool.asp' });
  });

  it('counts the spouse’s factors (reference example 2)', async () => {
    const reply = await ask(`/crs ${EXAMPLE_2}`);
    expect(reply.title).toBe('CRS 434');
    expect(field(reply, 'Spouse or partner')).toBe('20 (education 8, first official language 12, Canadian work 0)');
    expect(field(reply, 'Language levels')).toBe('first IELTS General Training → CLB 8, CLB 9, CLB 8, CLB 9; spouse CELPIP-General → CLB 7, CLB 7, CLB 7, CLB 7');
  });

  it('answers in French as SCG, with the French tool', async () => {
    const reply = await ask(`/crs ${EXAMPLE_1}`, { locale: 'fr' });
    expect(reply.title).toBe('SCG 429');
    expect(field(reply, 'Facteurs de base / capital humain')).toBe('354 (âge 110, études 120, première langue officielle 124, deuxième langue officielle 0, expérience au Canada 0)');
    expect(field(reply, 'Dans le bassin')).toBe('Entre 116\u00a0879 et 129\u00a0852 profils avaient 429 points ou plus. IRCC compte le bassin par tranches, et 429 tombe dans la tranche 421–430 (12\u00a0973 profils); répartition du 12 avril 2026.');
    expect(reply.notes).toContain('Ceci n’est pas un avis juridique; l’outil d’IRCC fait foi.');
    expect(reply.link?.url).toBe('https://ircc.canada.ca/francais/immigrer/qualifies/crs-outil.asp');
  });

  it('computes ages outside 18–44 (0 points for age) rather than refusing them', async () => {
    const reply = await ask('/crs age=47 edu=phd lang=clb:10,10,10,10');
    expect(reply.error).toBeUndefined();
    expect(field(reply, 'Core / human capital')).toMatch(/^\d+ \(age 0, education 150,/);
  });

  it.each([
    ['age=31 lang=clb:7,7,7,7 foo=1', ['“foo” is not a field I know.', 'edu: missing. Accepted: one of none, secondary, one-year, two-year, bachelor, two-or-more, master, phd.']],
    ['age=x edu=master lang=ielts:7,7,7,7', ['age: “x” is not accepted. Accepted: 0 to 999.']],
    ['age=31 edu=college lang=ielts:7,7,7,7', ['edu: “college” is not accepted. Accepted: one of none, secondary, one-year, two-year, bachelor, two-or-more, master, phd.']],
    ['age=31 edu=master lang=ielts:7,7,7', ['lang: “ielts:7,7,7” is not accepted. Accepted: a test and its four results, TEST:listening,reading,writing,speaking (e.g. ielts:7.5,7,6.5,7), TEST one of ielts, celpip, pte, tef, tcf, clb, nclc.']],
    ['age=31 edu=master lang=ielts:9.5,7,7,7', ['lang (listening): 9.5 is out of range. Accepted: 0 to 9 in steps of 0.5.']],
    ['age=31 edu=master lang=celpip:7,7,7.5,7', ['lang (writing): “7.5” is not accepted. Accepted: 0 to 12.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 lang2=celpip:7,7,7,7', ['lang2: the second language must be the other official language. Accepted: one of tef, tcf, nclc.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 lang2=tcf:470,470,21,11', ['lang2 (writing): 21 is out of range. Accepted: 0 to 20.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 cdn-work=6', ['cdn-work: 6 is out of range. Accepted: 0 to 5.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 foreign-work=-1', ['foreign-work: “-1” is not accepted. Accepted: 0 to 3.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 certificate=maybe', ['certificate: “maybe” is not accepted. Accepted: one of yes, oui, no, non.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 spouse=yes spouse-edu=phd noc=2123', ['noc: “2123” is not accepted. Accepted: a NOC 2021 code of 5 digits, e.g. 21231.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 noc=99999', ['noc: “99999” is not accepted. Accepted: a NOC 2021 code of 5 digits, e.g. 21231.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 spouse-work=2', ['spouse-work: only with spouse=yes (a spouse or partner who is coming and is not Canadian).']],
    ['age=31 edu=master lang=ielts:7,7,7,7 spouse=yes spouse-edu=phd spouse-lang=pte:5,5,5,5', ['spouse-lang (listening): 5 is out of range. Accepted: 10 to 90.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 nomination=1', ['nomination: “1” is not accepted. Accepted: one of yes, oui, no, non.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 sibling=yes sibling=no', ['sibling: given twice. Give it once.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 cdn-edu=4', ['cdn-edu: “4” is not accepted. Accepted: one of none, 1-2, 3+.']],
    ['age=31 edu=master lang=ielts:7,7,7,7 job-offer=yes', ['“job-offer” is not a field I know. Accepted: one of age, edu, lang, lang2,']],
    ['age 31', ['“age” is not written key=value (e.g. age=31).', '“31” is not written key=value']],
  ])('names what is wrong with %s and what is accepted', async (line, expected) => {
    const reply = await ask(`/crs ${line}`);
    expect(reply.error).toBe(true);
    for (const [index, text] of expected.entries()) expect(reply.lines[index]).toContain(text);
    expect(reply.lines.at(-1)).toMatch(/^Usage: \/crs age=31 edu=master lang=ielts:7\.5,7,6\.5,7/);
  });

  it('names what is wrong in French too', async () => {
    const text = await askText('/crs age=31 edu=college lang=tef:546,546,558', { locale: 'fr' });
    expect(text).toContain('edu : « college » n’est pas accepté. Accepté : l’un de none, secondary, one-year, two-year, bachelor, two-or-more, master, phd.');
    expect(text).toContain('lang : « tef:546,546,558 » n’est pas accepté.');
    expect(text).toContain('Utilisation : /crs age=31');
  });
});

describe('/score: where a score stands in the pool', () => {
  it('gives the bounds IRCC’s bands allow, never an interpolation (the issue’s example: 485 on April 12, 2026)', async () => {
    // 491 and more: 325 + 13,610 + 13,174 = 27,109; the 481–490 band adds 12,663.
    const reply = await ask('/score 485');
    expect(field(reply, 'In the pool')).toBe('Between 27,109 and 39,772 profiles scored 485 or more. IRCC counts the pool in bands, and 485 falls in the 481–490 band (12,663 profiles); distribution of April 12, 2026.');
    expect(field(await ask('/score 485 stem'), 'In the pool')).toBe(field(reply, 'In the pool'));
  });

  it('says it the way a person would: /score 480 in member words, English and French (issue 22, item 14)', async () => {
    const reply = await ask('/score 480');
    expect(field(reply, 'In the pool')).toBe('Between 39,772 and 56,018 profiles scored 480 or more. IRCC counts the pool in bands, and 480 falls in the 471–480 band (16,246 profiles); distribution of April 12, 2026.');
    expect(field(reply, 'In the pool')).not.toMatch(/At least .* at most/);
    expect(field(await ask('/pointage 480', { locale: 'fr' }), 'Dans le bassin')).toBe('Entre 39\u00a0772 et 56\u00a0018 profils avaient 480 points ou plus. IRCC compte le bassin par tranches, et 480 tombe dans la tranche 471–480 (16\u00a0246 profils); répartition du 12 avril 2026.');
    // Inside the open-ended top band, nobody is known to be above: only the upper bound.
    expect(field(await ask('/score 700'), 'In the pool')).toBe('At most 325 profiles scored 700 or more. IRCC counts the pool in bands, and 700 falls in the 601–1200 band (325 profiles); distribution of April 12, 2026.');
  });

  it('gives one count when the score is a band’s lower edge', async () => {
    expect(field(await ask('/score 481'), 'In the pool')).toBe('39,772 profiles scored 481 or more (IRCC’s distribution of April 12, 2026).');
    expect(field(await ask('/score 481', { locale: 'fr' }), 'Dans le bassin')).toBe('39\u00a0772 profils avaient 481 points ou plus (répartition d’IRCC au 12 avril 2026).');
  });
});

describe('/crs as members write it (issue 22)', () => {
  it('takes edu=masters, bachelors, phd and results with slashes (item 3)', async () => {
    const written = await ask('/crs age=31 edu=masters lang=ielts:8/7.5/7/7 spouse=oui spouse-edu=bachelors');
    const exact = await ask('/crs age=31 edu=master lang=ielts:8,7.5,7,7 spouse=yes spouse-edu=bachelor');
    expect(written.error).toBeUndefined();
    expect(written.fields).toEqual(exact.fields);
    expect((await ask('/crs age=31 edu=phd lang=clb:9,9,9,9')).title).toBe((await ask('/crs age=31 edu=doctorate lang=clb:9,9,9,9')).title);
    const fr = await ask('/crs age=31 edu=maîtrise lang=tef:546/546/558/556', { locale: 'fr' });
    expect(fr.error).toBeUndefined();
    expect(fr.title).toMatch(/^SCG \d+$/);
  });

  it('asks for what is missing rather than refusing the line: spouse=yes without spouse-edu (item 3)', async () => {
    const reply = await ask('/crs age=31 edu=master lang=ielts:7.5,7,6.5,7 spouse=yes');
    expect(reply.error).toBeUndefined();
    expect(reply.title).toBe('CRS calculator — one answer to go');
    expect(reply.lines).toEqual(['Your spouse or partner’s highest level of education?']);
    // Answered, the total of the line comes at once.
    const answered = await runTyped(reply, 'bachelor');
    expect(answered.title).toBe((await ask('/crs age=31 edu=master lang=ielts:7.5,7,6.5,7 spouse=yes spouse-edu=bachelor')).title);
    expect(answered.notes).toContain('The same in one line: /crs age=31 edu=master lang=ielts:7.5,7,6.5,7 spouse=yes spouse-edu=bachelor');

    const fr = await ask('/crs age=31 lang=clb:7,7,7,7', { locale: 'fr' });
    expect(fr.title).toBe('Calculateur SCG — encore une réponse');
    expect(fr.lines).toEqual(['Quel est votre plus haut niveau d’études\u00a0?']);
  });

  it('shows the best single changes, the other official language at 9 first (item 6)', async () => {
    const reply = await ask('/crs age=35 edu=phd lang=nclc:9,10,11,12');
    expect(field(reply, 'What would add the most')).toMatch(/^CLB 9 in all four abilities in the other official language: \+49; 1 year of Canadian work: \+40; 1 year of foreign work: \+25; /);
    const spouse = await ask('/crs age=30 edu=bachelor lang=clb:10,10,10,10 lang2=nclc:9,9,9,9 cdn-work=5 spouse=yes spouse-edu=bachelor');
    expect(field(spouse, 'What would add the most')).toMatch(/^1 year of foreign work: \+50; your spouse or partner: CLB\/NCLC 9 in all four abilities: \+20; a Canadian credential of 1 or 2 years: \+15; /);
    const fr = await ask('/crs age=35 edu=phd lang=nclc:9,10,11,12', { locale: 'fr' });
    expect(field(fr, 'Ce qui ajouterait le plus')).toMatch(/^NCLC 9 aux quatre compétences dans l’autre langue officielle : \+49; /);
  });

  it('compares only with the rounds the profile could have received, with noc= for the category rounds (item 8)', async () => {
    // A family physician (31102): on the Physicians and the Healthcare lists in force, not on the others.
    const physician = await ask('/crs age=35 edu=phd lang=ielts:8,7,7,7 cdn-work=1 noc=31102');
    expect(field(physician, 'Against recent rounds')).toBe(
      'Met the latest round of 1 of the 3 round types this profile could have received (last 12 months, PNP aside): CEC 515 (−74), Healthcare 467 (−26), Physicians 169 (+272).',
    );
    expect(field(physician, 'Not open to this profile')).toBe('French (needs NCLC 7 in all four French abilities); Trades and Senior managers (31102 is not on their lists in force)');
    expect(field(physician, 'If your occupation qualifies')).toBeUndefined();
    expect(physician.notes).toContain('A category round also asks for work experience in the listed occupation: /eligible 31102 gives the list’s rule.');
    expect(physician.notes).toContain('⚠ Healthcare and Physicians: a list rebuilt from secondary sources decided this; check canada.ca before relying on it.');
    // A software engineer (21231): no category round in the last 12 months names it.
    const engineer = await ask('/crs age=35 edu=phd lang=ielts:8,7,7,7 cdn-work=1 noc=21231');
    expect(field(engineer, 'Not open to this profile')).toBe('French (needs NCLC 7 in all four French abilities); Healthcare, Trades, Physicians and Senior managers (21231 is not on their lists in force)');
    // French at NCLC 7 in all four: the French rounds are open, whatever the occupation.
    const francophone = await ask('/crs age=29 edu=bachelor lang=tef:434,434,428,456 lang2=celpip:5,5,5,5 cdn-work=1', { locale: 'fr' });
    expect(field(francophone, 'Par rapport aux rondes récentes')).toMatch(/^Atteint la dernière ronde de \d des 2 types de ronde auxquels ce profil pouvait être invité \(12 derniers mois, hors PCP\) : CEC 515 \([−+]\d+\), Français 419 \([−+]\d+\)\.$/);
    expect(field(francophone, 'Si votre profession y figure')).toMatch(/^Santé 467 /);
  });
});

async function runTyped(reply: Awaited<ReturnType<typeof ask>>, text: string) {
  const { runChoice } = await import('../../src/chat/flow.ts');
  const { commandContext } = await import('../../src/chat/context.ts');
  const { silentLogger } = await import('../../src/core/log.ts');
  const ctx = commandContext(answering(), { locale: 'en', chat: { platform: 'console', id: 'console', kind: 'private' }, canAdminister: true, userId: '0' });
  const outcome = await runChoice(ctx, reply.choices!.answer!.action, { typed: text, log: silentLogger });
  if (outcome.kind !== 'reply') throw new Error(JSON.stringify(outcome));
  return outcome.reply;
}
