package io.inventiv.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    private final List<String> events = new ArrayList<>();
    private final SseEvents sse = new SseEvents(events::add);

    private void feed(byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            sse.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, cut)));
            from = cut;
        }
        sse.feed(Buffer.buffer(Arrays.copyOfRange(bytes, from, bytes.length)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void each_event_ends_at_a_blank_line_and_gives_its_data() {
        feed(utf8("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n"));

        assertThat(events).containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
    }

    @Test
    void an_event_is_given_only_once_its_blank_line_has_arrived() {
        feed(utf8("data: {\"a\":1}\n"));
        assertThat(events).isEmpty();

        feed(utf8("\n"));
        assertThat(events).containsExactly("{\"a\":1}");
    }

    @Test
    void events_cut_at_every_possible_byte_come_out_the_same() {
        byte[] stream = utf8("data: {\"content\":\"café 👋 ok\"}\r\n\r\n: keep-alive\n\ndata: second\n\n");
        for (int first = 0; first <= stream.length; first++) {
            for (int second = first; second <= stream.length; second++) {
                events.clear();
                SseEvents fresh = new SseEvents(events::add);
                fresh.feed(Buffer.buffer(Arrays.copyOfRange(stream, 0, first)));
                fresh.feed(Buffer.buffer(Arrays.copyOfRange(stream, first, second)));
                fresh.feed(Buffer.buffer(Arrays.copyOfRange(stream, second, stream.length)));
                fresh.end();

                assertThat(events).as("cut at %d and %d", first, second).containsExactly("{\"content\":\"café 👋 ok\"}", "second");
            }
        }
    }

    @Test
    void a_character_whose_bytes_arrive_in_separate_chunks_is_decoded_whole() {
        byte[] stream = utf8("data: é👋\n\n");
        int e = "data: ".length();

        // é is two bytes, 👋 four: one byte per chunk across both
        feed(stream, e + 1, e + 2, e + 3, e + 4, e + 5);

        assertThat(events).containsExactly("é👋");
    }

    @Test
    void one_byte_chunks_of_a_random_stream_give_the_same_events_as_one_chunk() {
        Random random = new Random(42);
        String[] words = {"hé", "👋", "日本", "plain", "tab\t", "\"q\""};
        StringBuilder stream = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String data = words[random.nextInt(words.length)] + i + words[random.nextInt(words.length)];
            expected.add(data);
            stream.append("data: ").append(data).append(random.nextBoolean() ? "\r\n\r\n" : "\n\n");
        }
        byte[] bytes = utf8(stream.toString());

        for (byte b : bytes) {
            sse.feed(Buffer.buffer(new byte[] {b}));
        }

        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void crlf_line_endings_are_understood() {
        feed(utf8("data: one\r\n\r\ndata: two\r\ndata: lines\r\n\r\n"));

        assertThat(events).containsExactly("one", "two\nlines");
    }

    @Test
    void the_data_lines_of_one_event_are_joined_by_new_lines() {
        feed(utf8("data: first\ndata: second\ndata:third\ndata:\n\n"));

        assertThat(events).containsExactly("first\nsecond\nthird\n");
    }

    @Test
    void only_one_space_after_the_colon_is_dropped() {
        feed(utf8("data:  indented\n\n"));

        assertThat(events).containsExactly(" indented");
    }

    @Test
    void comments_and_other_fields_are_dropped() {
        feed(utf8(": ping\nevent: message\nid: 7\nretry: 1000\ndata: payload\nunknown: x\n\n: only a comment\n\nevent: empty\n\n"));

        assertThat(events).containsExactly("payload");
    }

    @Test
    void a_line_starting_like_data_but_not_data_is_dropped() {
        feed(utf8("dat: no\ndatum: no\ndata: yes\n\n"));

        assertThat(events).containsExactly("yes");
    }

    @Test
    void an_event_without_its_final_blank_line_is_given_at_the_end() {
        feed(utf8("data: complete\n\ndata: last\n"));
        assertThat(events).containsExactly("complete");

        sse.end();

        assertThat(events).containsExactly("complete", "last");
    }

    @Test
    void an_event_whose_last_line_has_no_new_line_is_given_whole_at_the_end() {
        feed(utf8("data: part\ndata: café"), "data: part\ndata: caf".length() + 1);

        sse.end();

        assertThat(events).containsExactly("part\ncafé");
    }

    @Test
    void the_end_of_a_stream_without_data_gives_nothing() {
        feed(utf8(": ping\n\nevent: x\n"));

        sse.end();

        assertThat(events).isEmpty();
    }

    @Test
    void empty_chunks_change_nothing() {
        sse.feed(Buffer.buffer());
        feed(utf8("data: x\n"));
        sse.feed(Buffer.buffer());
        feed(utf8("\n"));
        sse.feed(Buffer.buffer());
        sse.end();

        assertThat(events).containsExactly("x");
    }
}
