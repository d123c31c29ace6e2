import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { startReplay, type ReplayProgress } from '../../audit-api';

export type ReplayPhase = 'starting' | 'replaying' | 'finished' | 'failed';

export interface Replay {
  processor: string;
  phase: ReplayPhase;
  progress: ReplayProgress | null;
  error: ApiError | null;
  startedAt: number;
  endedAt: number | null;
}

/**
 * Done: every segment claimed again and caught up with the head of the log. A segment keeps its replay mark until it handles a
 * newer event, so "replaying and caught up" is a replay that is over.
 */
function finished(p: ReplayProgress): boolean {
  return p.segments.length > 0 && p.segments.every((s) => s.caught_up) && p.progress >= 1;
}

/** The processor shows it was reset: a segment keeps its replay mark from the reset until it handles an event newer than the replay. */
function reset(p: ReplayProgress): boolean {
  return p.replaying || p.segments.some((s) => s.replaying);
}

/**
 * Starts the rebuild of a projection and follows it until it is done, through the processors the live stream sends
 * (`processors`: the platform sends them again whenever one moves). What was sent before the replay's reset does not count:
 * a state counts once it shows the reset, or once it was sent after the platform answered that the replay started.
 */
export function useReplay(processors: ReplayProgress[] | null) {
  const [replay, setReplay] = useState<Replay | null>(null);
  const answered = useRef<ReplayProgress[] | null | undefined>(undefined);

  const start = useCallback(async (processor: string) => {
    answered.current = undefined;
    setReplay({ processor, phase: 'starting', progress: null, error: null, startedAt: Date.now(), endedAt: null });
    try {
      await startReplay(processor);
      setReplay((r) => r && r.processor === processor && r.phase === 'starting' ? { ...r, phase: 'replaying' } : r);
    } catch (e) {
      setReplay((r) => r && { ...r, phase: 'failed', error: e as ApiError, endedAt: Date.now() });
    }
  }, []);

  useEffect(() => {
    if (!replay || replay.phase !== 'replaying') {
      return;
    }
    // the processors held when the platform answered: the ones sent after them were read after the reset
    if (answered.current === undefined) {
      answered.current = processors;
    }
    const progress = processors?.find((p) => p.name === replay.processor);
    if (!progress || (processors === answered.current && !reset(progress)) || progress === replay.progress) {
      return;
    }
    const error = progress.segments.find((s) => s.error)?.error;
    if (error) {
      setReplay({ ...replay, progress, phase: 'failed', error: new ApiError(0, 'Replay failed', `${replay.processor} stopped on an event: ${error}`), endedAt: Date.now() });
    } else if (finished(progress)) {
      const endedAt = Date.now();
      setReplay({ ...replay, progress, phase: 'finished', endedAt });
      notifications.show({ color: 'green', title: 'Replay finished', message: `${replay.processor} was rebuilt in ${((endedAt - replay.startedAt) / 1000).toFixed(1)} s` });
    } else {
      setReplay({ ...replay, progress });
    }
  }, [processors, replay]);

  const dismiss = useCallback(() => setReplay(null), []);

  return { replay, start, dismiss };
}
