import { type DependencyList, useCallback, useEffect, useState } from 'react';
import type { ApiError } from './api';

/**
 * What a page shows from the API: read when the page opens (and when `deps` change), read again by `reload`
 * (after a change, or when the live stream says so). A failure is kept to be shown in words; a success clears it.
 */
export function useResource<T>(read: () => Promise<T>, deps: DependencyList, onLoaded?: () => void) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(() => {
    read().then(
      (loaded) => {
        setData(loaded);
        setError(null);
        onLoaded?.();
      },
      (e: ApiError) => setError(e),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data, setData, error, reload };
}

/** What a form or a button does to the API: busy while it runs, its failure kept to be shown in words. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
