import type { Citation } from '../src/core/categories.ts';

/**
 * The reference data names each list's source in one free-text line: a link, links with what was
 * taken from each, or a description. This turns that line into citations a member can follow.
 * Only what the line says is kept: the publisher of a link is its site, its date is the one in
 * its path (news sites put the publication date there); titles are not in the reference, so they
 * stay null unless the line names one. A line of another shape stops the build.
 */

const TRANSCRIPTION_2026 = "third-party Python module 'Express Entry 2026 category-based selection rules'; says it transcribed the canada.ca category-based-selection page dated 2026-06-22";

const DESCRIBED: Record<string, Citation[]> = {
  [TRANSCRIPTION_2026]: [{
    publisher: 'IRCC (canada.ca)',
    title: 'Express Entry: category-based selection',
    date: '2026-06-22',
    url: null,
    note: 'copied into a third party’s software module, “Express Entry 2026 category-based selection rules”; not read on canada.ca directly, and no link recorded',
  }],
  "Brightlight Immigration site schema 'Eligible Trade Occupations', 10 rows": [{
    publisher: 'Brightlight Immigration',
    title: 'Eligible Trade Occupations',
    date: null,
    url: null,
    note: "a 10-row table in the structured data of the publisher's site; no link or date recorded",
  }],
};

export function citationsFrom(source: string, versionId: string): Citation[] {
  const described = DESCRIBED[source];
  if (described) return described;
  const parts = source.split(/\s+\+\s+/);
  return parts.map((part) => {
    const match = /^(https?:\/\/\S+)(?:\s+\(([^)]+)\))?(?:\s+(.+))?$/.exec(part.trim());
    if (!match) throw new Error(`category version ${versionId}: source "${source}" is neither a link nor a known description: add it to scripts/category-citations.ts`);
    const [, url, aside, rest] = match;
    const link = new URL(url!);
    const dated = /\/(20\d\d)\/(0[1-9]|1[0-2])(?:\/(0[1-9]|[12]\d|3[01]))?\//.exec(link.pathname);
    const note = [aside, rest].filter(Boolean).join('; ');
    return {
      publisher: link.hostname.replace(/^www\./, ''),
      title: null,
      date: dated ? [dated[1], dated[2], dated[3]].filter(Boolean).join('-') : null,
      url: link.href,
      note: note || null,
    };
  });
}
