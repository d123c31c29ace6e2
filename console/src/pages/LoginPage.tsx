import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, post, type Me } from '../api';
import { useSession } from '../session';

export function LoginPage() {
  const { me, signedIn } = useSession();
  const location = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/instances'} replace />;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await post<Me>('/auth/login', { login, password }));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
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
