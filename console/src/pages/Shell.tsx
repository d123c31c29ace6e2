import { AppShell, Burger, Button, Group, NavLink, Text, Title, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { NavLink as RouterLink, Outlet } from 'react-router-dom';
import { post } from '../api';
import { useSession } from '../session';

const PAGES = [
  { to: '/instances', label: 'Instances' },
  { to: '/model-services', label: 'Model services' },
  { to: '/shares', label: 'Shares' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/workbench', label: 'Workbench' },
  { to: '/costs', label: 'Costs' },
  { to: '/usage', label: 'Token usage' },
  { to: '/chargeback', label: 'Chargeback' },
  { to: '/action-log', label: 'Action log' },
  { to: '/catalog', label: 'Catalog' },
  { to: '/organizations', label: 'Organizations' },
  { to: '/audit', label: 'Replay & audit', adminOnly: true },
];

/** The frame of every page once signed in: who is signed in, where one can go. */
export function Shell() {
  const { me, signedOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  async function logout() {
    try {
      await post('/auth/logout', {});
      signedOut();
    } catch (e) {
      notifications.show({ color: 'red', title: 'Logout failed', message: (e as Error).message });
    }
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              Inventiv Agents
            </Title>
          </Group>
          <Group wrap="nowrap">
            <Text size="sm" c="dimmed" truncate>
              {me?.display_name ?? me?.username}
              {me?.current_organization ? ` · ${me.current_organization.name}` : ''}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
                    aria-label={scheme === 'dark' ? 'Use the light theme' : 'Use the dark theme'}>
              {scheme === 'dark' ? 'Light' : 'Dark'}
            </Button>
            <Button variant="default" size="xs" onClick={logout}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {PAGES.filter((page) => !('adminOnly' in page) || me?.platform_role === 'ADMIN').map((page) => (
          <NavLink key={page.to} component={RouterLink} to={page.to} label={page.label} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
