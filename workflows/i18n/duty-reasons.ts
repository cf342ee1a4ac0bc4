// Why a duty's occurrence is reported late or as a problem, as a key with parameters that the duty notice carries
// (`reason` beside its counts), said in the reader's language instead of the English `text` older notices have.
import type { Language } from './languages';

export const DUTY_REASON_KEYS = [
  'processGone',
  'processCancelled',
  'processStopped',
  'processEnded',
  'raised',
  'lateSteps',
] as const;
export type DutyReasonKey = (typeof DUTY_REASON_KEYS)[number];

/** The reason's parameters: `risks` and `decisions` (counts), `steps` (step titles), `status` (how it stopped). */
export interface DutyReason {
  reason: DutyReasonKey;
  risks?: number;
  decisions?: number;
  steps?: string;
  status?: string;
}

interface DutyReasonCatalog {
  reason: Record<DutyReasonKey, string>;
  status: Record<'failed' | 'terminated' | 'timedOut' | 'other', string>;
  risks_one: string;
  risks_few?: string;
  risks_many?: string;
  risks_other: string;
  decisions_one: string;
  decisions_few?: string;
  decisions_many?: string;
  decisions_other: string;
  and: string;
}

export const DUTY_REASON_CATALOGS: Record<Language, DutyReasonCatalog> = {
  en: {
    reason: {
      processGone: 'its process no longer exists',
      processCancelled: 'its process was cancelled',
      processStopped: 'its process {{status}}',
      processEnded: 'its process ended without being completed',
      raised: 'raised {{what}}',
      lateSteps: 'finished after the due time of {{steps}}',
    },
    status: { failed: 'failed', terminated: 'was terminated', timedOut: 'timed out', other: 'stopped' },
    risks_one: '{{count}} risk',
    risks_other: '{{count}} risks',
    decisions_one: '{{count}} decision request',
    decisions_other: '{{count}} decision requests',
    and: ' and ',
  },
  pl: {
    reason: {
      processGone: 'jego proces już nie istnieje',
      processCancelled: 'jego proces został anulowany',
      processStopped: 'jego proces {{status}}',
      processEnded: 'jego proces zakończył się bez ukończenia',
      raised: '{{what}}',
      lateSteps: 'ukończono po terminie kroku {{steps}}',
    },
    status: {
      failed: 'zakończył się błędem',
      terminated: 'został przerwany',
      timedOut: 'przekroczył limit czasu',
      other: 'zatrzymał się',
    },
    risks_one: '{{count}} ryzyko',
    risks_few: '{{count}} ryzyka',
    risks_many: '{{count}} ryzyk',
    risks_other: '{{count}} ryzyka',
    decisions_one: '{{count}} prośbę o decyzję',
    decisions_few: '{{count}} prośby o decyzję',
    decisions_many: '{{count}} próśb o decyzję',
    decisions_other: '{{count}} prośby o decyzję',
    and: ' i ',
  },
  cs: {
    reason: {
      processGone: 'jeho proces už neexistuje',
      processCancelled: 'jeho proces byl zrušen',
      processStopped: 'jeho proces {{status}}',
      processEnded: 'jeho proces skončil bez dokončení',
      raised: '{{what}}',
      lateSteps: 'dokončeno po termínu kroku {{steps}}',
    },
    status: { failed: 'selhal', terminated: 'byl ukončen', timedOut: 'vypršel', other: 'se zastavil' },
    risks_one: '{{count}} riziko',
    risks_few: '{{count}} rizika',
    risks_many: '{{count}} rizika',
    risks_other: '{{count}} rizik',
    decisions_one: '{{count}} žádost o rozhodnutí',
    decisions_few: '{{count}} žádosti o rozhodnutí',
    decisions_many: '{{count}} žádosti o rozhodnutí',
    decisions_other: '{{count}} žádostí o rozhodnutí',
    and: ' a ',
  },
  ru: {
    reason: {
      processGone: 'его процесс больше не существует',
      processCancelled: 'его процесс был отменён',
      processStopped: 'его процесс {{status}}',
      processEnded: 'его процесс завершился, не будучи выполненным',
      raised: '{{what}}',
      lateSteps: 'выполнено после срока шага {{steps}}',
    },
    status: {
      failed: 'завершился ошибкой',
      terminated: 'был прерван',
      timedOut: 'превысил лимит времени',
      other: 'остановился',
    },
    risks_one: '{{count}} риск',
    risks_few: '{{count}} риска',
    risks_many: '{{count}} рисков',
    risks_other: '{{count}} риска',
    decisions_one: '{{count}} запрос решения',
    decisions_few: '{{count}} запроса решения',
    decisions_many: '{{count}} запросов решения',
    decisions_other: '{{count}} запроса решения',
    and: ' и ',
  },
};

/** A Temporal close status as a word of the catalog. */
export function stoppedStatus(status: string): 'failed' | 'terminated' | 'timedOut' | 'other' {
  if (status === 'FAILED') return 'failed';
  if (status === 'TERMINATED') return 'terminated';
  if (status === 'TIMED_OUT') return 'timedOut';
  return 'other';
}
