import { useCallback, useEffect, useRef, useState } from 'react';

/** Where the live stream stands: connecting, open, reconnecting (the browser retries by itself), or closed for good. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

type Handlers = Record<string, (data: unknown) => void>;

/**
 * Follows /events/stream for the topics given (and one instance only, with `instanceId`) (same origin: the session cookie goes along).
 * `ready` is sent by the platform each time a subscription is in place, first connection or reconnection:
 * a page reloads its list then, so nothing that happened while disconnected is missed. No polling.
 */
export function useEventStream(topics: string[], handlers: Handlers, instanceId?: string): [StreamState, () => void] {
  const [state, setState] = useState<StreamState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(handlers);
  latest.current = handlers;
  const query = new URLSearchParams({ topics: topics.join(','), ...(instanceId ? { instance_id: instanceId } : {}) }).toString();

  useEffect(() => {
    const source = new EventSource(`/events/stream?${query}`);
    const names = Object.keys(latest.current);
    const listeners = names.map((name) => {
      const listener = (e: MessageEvent<string>) => latest.current[name]?.(JSON.parse(e.data));
      source.addEventListener(name, listener as EventListener);
      return [name, listener] as const;
    });
    source.addEventListener('ready', () => setState('live'));
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => {
      listeners.forEach(([name, listener]) => source.removeEventListener(name, listener as EventListener));
      source.close();
    };
  }, [query, attempt]);

  // a stream the platform refused (its session ended, say) is not retried by the browser: the operator may
  const reconnect = useCallback(() => {
    setState('connecting');
    setAttempt((n) => n + 1);
  }, []);
  return [state, reconnect];
}
