/**
 * The one definition of a bad health report, and the command strategy a failure calls for.
 *
 * Bad = status FAILED, or score strictly under scoreThreshold (whatever the status). So a DEGRADED
 * link scoring at or above the threshold — a slow but working host — is not bad, and a CONNECTING
 * link is judged by its score like any other.
 */
import type { FailoverSettingsDto, FailoverStrategy, HardSignalKind, HealthReportDto } from '@switchyard/contracts';
import type { BadReportRecord, HardSignalRecord } from './decision.types';

export interface ReportVerdict {
  bad: boolean;
  /** Operator words: "status FAILED, score 20" / "score 42 under threshold 50". */
  summary: string;
}

export function judgeReport(
  report: Pick<HealthReportDto, 'status' | 'score'>,
  policy: Pick<FailoverSettingsDto, 'scoreThreshold'>,
): ReportVerdict {
  if (report.status === 'FAILED') return { bad: true, summary: `status FAILED, score ${report.score}` };
  if (report.score < policy.scoreThreshold) {
    return {
      bad: true,
      summary: `status ${report.status}, score ${report.score} under threshold ${policy.scoreThreshold}`,
    };
  }
  return { bad: false, summary: `status ${report.status}, score ${report.score}` };
}

const APPLICATION_SIGNALS: readonly HardSignalKind[] = ['APP_LINK_DOWN', 'APP_UNREACHABLE'];

/**
 * Network signals (reset, refused, echo timeout) call for the network-failure strategy; the app
 * saying its link is down or being unreachable calls for the application-failure strategy. A soft
 * failure is an application failure only when the application layer is down and the network is not.
 */
export function strategyForFailure(hard: HardSignalRecord | null, lastBad: BadReportRecord | null): FailoverStrategy {
  if (hard) return APPLICATION_SIGNALS.includes(hard.kind) ? 'APPLICATION_FAILURE' : 'NETWORK_FAILURE';
  if (lastBad && lastBad.applicationDown && !lastBad.networkDown) return 'APPLICATION_FAILURE';
  return 'NETWORK_FAILURE';
}

/** Drain the old link gracefully only while it still works: not after a hard signal or status FAILED. */
export function gracefulForFailure(hard: HardSignalRecord | null, lastBad: BadReportRecord | null): boolean {
  return hard === null && lastBad?.status !== 'FAILED';
}
