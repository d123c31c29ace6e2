import { useCallback, useEffect, useRef } from 'react';

/**
 * Runs `fn` once, `delayMs` after the first call of a burst: usage comes as many events a second, and the
 * books are written by their own projection a moment after the event is heard.
 */
export function useSoon(fn: () => void, delayMs = 1000): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  return useCallback(() => {
    pending.current ??= setTimeout(() => {
      pending.current = null;
      latest.current();
    }, delayMs);
  }, [delayMs]);
}
