import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { verifyAuditChain, type AuditVerification } from '../../audit-api';
import { when } from '../../format';
import { useAction } from '../../resource';
import { ProblemAlert } from '../ProblemAlert';

/**
 * Proof that the event log is as it was written: every stored event is linked to the one before by a hash. Verifying recomputes
 * the whole chain; its head hash, kept elsewhere, later proves that nothing before it was rewritten.
 */
export function AuditChainPanel() {
  const [result, setResult] = useState<{ report: AuditVerification; at: string } | null>(null);
  const { busy, error, setError, run } = useAction();

  const verify = () => run(async () => {
    setResult({ report: await verifyAuditChain(), at: new Date().toISOString() });
  });

  const report = result?.report;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Audit chain
          </Title>
          <Button onClick={verify} loading={busy}>
            Verify the audit chain
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Each event of the log is chained to the one before by a hash: an event altered or removed afterwards breaks the chain there.
        </Text>
        <ProblemAlert error={error} onClose={() => setError(null)} />
        {report && (
          <Alert color={report.intact ? 'green' : 'red'} title={report.intact ? 'The event log is intact' : 'The event log was tampered with'}
                 data-testid="audit-result">
            <Stack gap={4}>
              {report.intact ? (
                <Text size="sm">{report.verified_events.toLocaleString()} events verified, every link holds.</Text>
              ) : (
                <Text size="sm">
                  Event {report.first_problem?.event_identifier} (link {report.first_problem?.position}, global index{' '}
                  {report.first_problem?.global_index}) was {report.first_problem?.problem}; the{' '}
                  {report.verified_events.toLocaleString()} links before it hold.
                </Text>
              )}
              {report.not_yet_chained > 0 && (
                <Text size="sm">{report.not_yet_chained.toLocaleString()} events stored since are not chained yet.</Text>
              )}
              <Text size="sm">
                Head hash <Code style={{ wordBreak: 'break-all' }}>{report.head_hash}</Code>
              </Text>
              <Text size="xs" c="dimmed">
                Verified at {when(result.at)}. Keep the head hash elsewhere to prove later that the log up to it was not rewritten.
              </Text>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
