package io.inventiv.agents.worker.engine.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the simulated model's answers: sentences of plain words drawn from a fixed pool by a random
 * sequence seeded from the prompt, so the same prompt always gets the same answer.
 *
 * <p>Each token is a word (preceded by a space except at the start) or a full stop, so
 * {@link WordTokenizer} counts exactly one token per entry and the answer text re-tokenizes to its
 * {@code completion_tokens}.
 */
public final class TextGenerator {

    /** Without a limit an answer is 16 to 64 tokens long, depending on the prompt. */
    private static final int SHORTEST_ANSWER = 16;
    private static final int LONGEST_ANSWER = 64;

    private static final String[] WORDS = {
            "the", "a", "model", "engine", "answer", "request", "token", "stream", "simulated", "reply",
            "every", "quickly", "serves", "reads", "writes", "each", "word", "in", "order", "with",
            "care", "time", "first", "next", "batch", "queue", "cache", "memory", "machine", "worker",
            "router", "client", "server", "prompt", "context", "length", "result", "steady", "clear", "short",
            "long", "plain", "text", "and", "then", "so", "it", "is", "was", "will",
            "keeps", "sends", "counts", "waits", "runs", "ends", "starts", "follows", "gives", "makes"};

    public Generation generate(String prompt, int promptTokens, Sampling sampling) {
        long seed = StableHash.of(prompt);
        int natural = SHORTEST_ANSWER + (int) Math.floorMod(seed, LONGEST_ANSWER - SHORTEST_ANSWER + 1);
        int wanted = sampling.ignoreEos() ? sampling.maxTokens() : Math.max(natural, sampling.minTokens());
        int length = Math.min(wanted, sampling.maxTokens());
        FinishReason reason = wanted > sampling.maxTokens() || sampling.ignoreEos()
                ? FinishReason.LENGTH
                : FinishReason.STOP;
        List<String> tokens = tokens(seed, length);
        if (reason == FinishReason.STOP) {
            endSentence(tokens);
        }
        return new Generation(promptTokens, tokens, reason);
    }

    /** An answer the model chose to end closes its sentence; the token count stays the same. */
    private static void endSentence(List<String> tokens) {
        int last = tokens.size() - 1;
        if (tokens.get(last).equals(".")) {
            return;
        }
        if (last > 0 && tokens.get(last - 1).equals(".")) {
            // joins the last two sentences rather than ending on an empty one
            tokens.set(last - 1, " " + WORDS[Math.floorMod(last, WORDS.length)]);
        }
        tokens.set(last, ".");
    }

    private static List<String> tokens(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> tokens = new ArrayList<>(length);
        int wordsLeftInSentence = sentenceLength(random);
        boolean sentenceStart = true;
        while (tokens.size() < length) {
            if (wordsLeftInSentence == 0) {
                tokens.add(".");
                wordsLeftInSentence = sentenceLength(random);
                sentenceStart = true;
                continue;
            }
            String word = WORDS[random.nextInt(WORDS.length)];
            if (sentenceStart) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            tokens.add(tokens.isEmpty() ? word : " " + word);
            wordsLeftInSentence--;
            sentenceStart = false;
        }
        return tokens;
    }

    private static int sentenceLength(SplittableRandom random) {
        return 6 + random.nextInt(7);
    }
}
