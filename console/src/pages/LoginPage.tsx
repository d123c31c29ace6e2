import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { post, type Me } from '../api';
import { useAction } from '../resource';
import { useSession } from '../session';

export function LoginPage() {
  const { me, signedIn } = useSession();
  const location = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  if (me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/instances'} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      signedIn(await post<Me>('/auth/login', { login, password }));
    });
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" onSubmit={submit} aria-labelledby="login-title">
        <Stack>
          <Title order={1} size="h3" id="login-title">
            Inventiv Agents
          </Title>
          {error && (
            <Alert color="red" title={error.title} role="alert">
              {error.message}
            </Alert>
          )}
          <TextInput label="Username or email" autoComplete="username" required value={login}
                     onChange={(e) => setLogin(e.currentTarget.value)} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password}
                         onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={busy}>
            Log in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
