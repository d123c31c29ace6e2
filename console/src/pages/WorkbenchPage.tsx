import { Button, Code, CopyButton, Group, Paper, Select, SimpleGrid, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type ModelService } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';

interface Message {
  role: 'user' | 'assistant';
  content: string;
}

interface Timing {
  ttftMs: number | null;
  tokens: number;
  tokensPerSecond: number | null;
}

/** A chunk of a streamed chat completion, or the OpenAI error envelope. */
interface Chunk {
  choices?: { delta?: { content?: string } }[];
  usage?: { completion_tokens?: number } | null;
  error?: { message?: string; type?: string };
}

/**
 * Try a model service as a client would: a chat through the platform's /v1, streamed. Signed in, the
 * session cookie is enough (the platform gives the request a workbench pass); clients use an API key,
 * as the snippets show.
 */
export function WorkbenchPage() {
  const [services, setServices] = useState<ModelService[]>([]);
  const [service, setService] = useState<string | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [prompt, setPrompt] = useState('');
  const [timing, setTiming] = useState<Timing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [streaming, setStreaming] = useState(false);
  const [sent, setSent] = useState<ChatRequest | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    api<{ items: ModelService[] }>('/model_services').then(
      (loaded) => {
        setServices(loaded.items);
        setService((current) => current ?? loaded.items[0]?.name ?? null);
      },
      (e: ApiError) => setError(e),
    );
    return () => abort.current?.abort();
  }, []);

  async function send(event: { preventDefault: () => void }) {
    event.preventDefault();
    if (!service || !prompt.trim()) {
      return;
    }
    const conversation: Message[] = [...messages, { role: 'user', content: prompt }];
    setMessages([...conversation, { role: 'assistant', content: '' }]);
    setPrompt('');
    setError(null);
    setTiming(null);
    setStreaming(true);
    const controller = new AbortController();
    abort.current = controller;
    const body = request(service, conversation);
    setSent(body);
    try {
      await stream(body, controller.signal, (text) => setMessages((m) => appendToLast(m, text)), setTiming);
    } catch (e) {
      if (!controller.signal.aborted) {
        setError(e instanceof ApiError ? e : new ApiError(0, 'Chat failed', (e as Error).message));
      }
    } finally {
      setStreaming(false);
      abort.current = null;
    }
  }

  // the last request sent, or what the next one would be
  const snippetRequest = sent ?? request(service ?? 'your/model-service', [{ role: 'user', content: prompt || 'Hello' }]);

  return (
    <Stack>
      <Title order={2}>Workbench</Title>
      <ProblemAlert error={error} onClose={() => setError(null)} />
      <Group align="flex-end">
        <Select label="Model service" placeholder="Publish one on the Model services page" w={460}
                data={services.map((s) => ({ value: s.name, label: `${s.name} (${s.model_id})` }))} value={service} onChange={setService}
                allowDeselect={false} nothingFoundMessage="No model service" />
        <Button variant="default" onClick={() => { setMessages([]); setTiming(null); setSent(null); }} disabled={streaming || messages.length === 0}>
          New conversation
        </Button>
      </Group>
      <Paper withBorder p="md" mih={160} role="log" aria-label="Conversation" aria-live="polite">
        <Stack gap="sm">
          {messages.length === 0 && <Text c="dimmed">Ask something: the answer streams in as the model writes it.</Text>}
          {messages.map((m, n) => (
            <div key={n} data-testid={m.role === 'assistant' ? 'assistant-message' : 'user-message'}>
              <Text size="xs" c="dimmed" fw={700}>
                {m.role === 'user' ? 'You' : service}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.content || (streaming && n === messages.length - 1 ? '…' : '')}</Text>
            </div>
          ))}
        </Stack>
      </Paper>
      <SimpleGrid cols={3} aria-label="Timing of the last answer">
        <Stat label="Time to first token" value={timing?.ttftMs != null ? `${timing.ttftMs} ms` : '—'} />
        <Stat label="Tokens" value={timing ? String(timing.tokens) : '—'} />
        <Stat label="Tokens per second" value={timing?.tokensPerSecond != null ? timing.tokensPerSecond.toFixed(1) : '—'} />
      </SimpleGrid>
      <form onSubmit={send}>
        <Stack gap="xs">
          <Textarea label="Message" autosize minRows={2} maxRows={8} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && !e.shiftKey) {
                        send(e);
                      }
                    }} />
          <Group justify="flex-end">
            {streaming && (
              <Button variant="default" onClick={() => abort.current?.abort()}>
                Stop
              </Button>
            )}
            <Button type="submit" loading={streaming} disabled={!service || !prompt.trim()}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
      <Title order={3}>The same request from code</Title>
      <Snippets body={snippetRequest} />
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={`stat-${label}`}>
        {value}
      </Text>
    </Paper>
  );
}

interface ChatRequest {
  model: string;
  messages: Message[];
  stream: true;
  stream_options: { include_usage: true };
}

function request(model: string, messages: Message[]): ChatRequest {
  return { model, messages, stream: true, stream_options: { include_usage: true } };
}

function appendToLast(messages: Message[], text: string): Message[] {
  const last = messages[messages.length - 1];
  return [...messages.slice(0, -1), { ...last, content: last.content + text }];
}

/** Posts the request and reads the server-sent events as they come; the usage chunk at the end gives the exact token count. */
async function stream(body: ChatRequest, signal: AbortSignal, onText: (text: string) => void, onTiming: (t: Timing) => void) {
  const started = performance.now();
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    credentials: 'same-origin',
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) {
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      message = ((await response.json()) as Chunk).error?.message ?? message;
    } catch {
      // not the OpenAI envelope: the status line is all there is
    }
    throw new ApiError(response.status, 'The model service refused the request', message);
  }
  let firstToken: number | null = null;
  let chunks = 0;
  let usageTokens: number | null = null;
  const report = () => {
    const tokens = usageTokens ?? chunks;
    const seconds = firstToken === null ? 0 : (performance.now() - firstToken) / 1000;
    onTiming({ ttftMs: firstToken === null ? null : Math.round(firstToken - started), tokens, tokensPerSecond: seconds > 0 ? tokens / seconds : null });
  };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      break;
    }
    buffer += value;
    const events = buffer.split(/\r?\n\r?\n/);
    buffer = events.pop() ?? '';
    for (const event of events) {
      const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (!data || data === '[DONE]') {
        continue;
      }
      const chunk = JSON.parse(data) as Chunk;
      if (chunk.error) {
        throw new ApiError(0, 'The model service failed', chunk.error.message ?? 'an error in the stream');
      }
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) {
        firstToken ??= performance.now();
        chunks++;
        onText(text);
      }
      if (chunk.usage?.completion_tokens != null) {
        usageTokens = chunk.usage.completion_tokens;
      }
    }
    report();
  }
  report();
}

/** curl, Python and JavaScript for the request the workbench sends, with an API key instead of the session. */
function Snippets({ body }: { body: ChatRequest }) {
  const base = `${window.location.origin}/v1`;
  const json = JSON.stringify(body, null, 2);
  const messages = JSON.stringify(body.messages, null, 2);
  const snippets = {
    curl: `curl -N ${base}/chat/completions \\
  -H "Authorization: Bearer $INVENTIV_API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '${json.replace(/'/g, `'\\''`)}'`,
    Python: `from openai import OpenAI
import os

client = OpenAI(base_url="${base}", api_key=os.environ["INVENTIV_API_KEY"])
stream = client.chat.completions.create(
    model=${JSON.stringify(body.model)},
    messages=${messages.replace(/\n/g, '\n    ')},
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)`,
    JavaScript: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: '${base}', apiKey: process.env.INVENTIV_API_KEY });
const stream = await client.chat.completions.create({
  model: ${JSON.stringify(body.model)},
  messages: ${messages.replace(/\n/g, '\n  ')},
  stream: true,
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
}`,
  };
  return (
    <Tabs defaultValue="curl">
      <Tabs.List aria-label="Code snippets">
        {Object.keys(snippets).map((language) => (
          <Tabs.Tab key={language} value={language}>
            {language}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {Object.entries(snippets).map(([language, code]) => (
        <Tabs.Panel key={language} value={language} pt="xs">
          <Stack gap="xs">
            <Code block>{code}</Code>
            <Group justify="flex-end">
              <CopyButton value={code}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                    {copied ? 'Copied' : `Copy the ${language} snippet`}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
