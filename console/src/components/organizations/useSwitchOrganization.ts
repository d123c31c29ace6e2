import { notifications } from '@mantine/notifications';
import { useCallback, useState } from 'react';
import type { ApiError } from '../../api';
import { fetchMe, switchOrganization } from '../../organizations-api';
import { useSession } from '../../session';

/**
 * Makes an organization the one this session acts in. The platform answers with the new `me`, which replaces the
 * console's: the header and every page read afterwards act in that organization.
 */
export function useSwitchOrganization(onSwitched?: () => void) {
  const { me, signedIn } = useSession();
  const [switching, setSwitching] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const switchTo = useCallback(async (id: string, name: string) => {
    setSwitching(id);
    setError(null);
    try {
      signedIn(await switchOrganization(id));
      notifications.show({ color: 'green', title: 'Current organization changed', message: `You now act in ${name}` });
      onSwitched?.();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSwitching(null);
    }
  }, [signedIn, onSwitched]);

  /** After a change the platform made to the session by itself (a first organization, an invitation accepted). */
  const refreshMe = useCallback(async () => {
    try {
      signedIn(await fetchMe());
    } catch (e) {
      setError(e as ApiError);
    }
  }, [signedIn]);

  return { currentId: me?.current_organization?.id ?? null, switching, error, setError, switchTo, refreshMe };
}
