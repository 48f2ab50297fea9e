import type { ProcessingTimesOutcome } from '../core/processing-times/sync.ts';
import type { ProcessingTimesCheck, ProcessingTimesStatus, SnapshotSummary } from '../core/processing-times/store.ts';
import { daysBetween } from '../i18n/format.ts';

/** The processing-times lines of `cli sync` and `cli status`. */

export type ProcessingTimesSyncResult = ProcessingTimesOutcome | { status: 'failed'; reason: string; latest: SnapshotSummary | null };

/** One line for `cli sync`'s output; null when it went wrong (`syncFailure` says why). */
export function formatProcessingTimesSync(result: ProcessingTimesSyncResult): string | null {
  switch (result.status) {
    case 'not-modified':
      return `processing times: not modified since the last check (HTTP 304); ${held(result.latest)}`;
    case 'unchanged':
      return `processing times: no change; ${held(result.latest)}`;
    case 'new':
      return `processing times: new — IRCC's update of ${result.snapshot.updated}${result.previous ? ` (the previous one held: ${result.previous.updated})` : ''}`;
    case 'correction':
      return `processing times: IRCC changed its update of ${result.snapshot.updated} (kept, not posted)`;
    default:
      return null;
  }
}

/** The one line a refused or unreachable file is worth, with what answers still use. */
export function processingTimesFailure(result: ProcessingTimesSyncResult): string | null {
  const latest = 'latest' in result ? result.latest : null;
  const kept = latest ? `${held(latest)} is kept` : 'no processing times are held';
  if (result.status === 'refused') return `processing times refused: ${result.reason}; ${kept}`;
  if (result.status === 'failed') return `processing times: ${result.reason}; ${kept}`;
  return null;
}

export function processingTimesSyncJson(result: ProcessingTimesSyncResult) {
  const snapshot = 'snapshot' in result ? result.snapshot : result.latest;
  return {
    status: result.status,
    updated: snapshot?.updated ?? null,
    previous: result.status === 'new' ? (result.previous?.updated ?? null) : null,
    reason: 'reason' in result ? result.reason : null,
  };
}

function held(latest: SnapshotSummary | null): string {
  return latest ? `IRCC's update of ${latest.updated}${latest.origin === 'seed' ? ' (shipped data)' : ''}` : 'no processing times held';
}

export interface ProcessingTimesReport {
  updated: string | null;
  /** Days from IRCC's update to today. */
  ageDays: number | null;
  origin: SnapshotSummary['origin'] | null;
  snapshots: number;
  checkedAt: string | null;
  lastCheck: ProcessingTimesCheck | null;
  lastRefusal: ProcessingTimesCheck | null;
}

export function processingTimesReport(latest: SnapshotSummary | null, status: ProcessingTimesStatus, today: string): ProcessingTimesReport {
  return {
    updated: latest?.updated ?? null,
    ageDays: latest ? daysBetween(latest.updated, today) : null,
    origin: latest?.origin ?? null,
    snapshots: status.snapshots,
    checkedAt: status.checkedAt,
    lastCheck: status.lastCheck,
    lastRefusal: status.lastRefusal,
  };
}

export function formatProcessingTimesStatus(report: ProcessingTimesReport): string[] {
  const check = report.lastCheck;
  return [
    `processing times: ${report.updated ? `IRCC's update of ${report.updated}, ${report.ageDays} days old${report.origin === 'seed' ? ' (shipped data)' : ''}; ${report.snapshots} ${report.snapshots === 1 ? 'snapshot' : 'snapshots'} kept` : 'none held'}`,
    `  last check:   ${check ? `${check.at} — ${check.outcome}${check.error ? `: ${check.error}` : ''}` : "never (the bot has not read IRCC's file yet)"}`,
    ...(report.lastRefusal ? [`  last refused: ${report.lastRefusal.at} — ${report.lastRefusal.error} (the last good snapshot was kept)`] : []),
  ];
}
