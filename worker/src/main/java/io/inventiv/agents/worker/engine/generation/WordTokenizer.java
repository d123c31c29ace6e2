package io.inventiv.agents.worker.engine.generation;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's tokenizer, chosen so that anyone can recount a usage figure by hand: a token
 * is a maximal run of letters and digits, or one character that is neither a letter, a digit nor
 * whitespace (punctuation, symbols, emoji). Whitespace only separates tokens.
 * {@code "Hello, world!"} is 4 tokens: {@code Hello} {@code ,} {@code world} {@code !}.
 */
public final class WordTokenizer {

    private WordTokenizer() {
    }

    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int[] codePoints = text.codePoints().toArray();
        int i = 0;
        while (i < codePoints.length) {
            int c = codePoints[i];
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetterOrDigit(c)) {
                int end = i;
                while (end < codePoints.length && Character.isLetterOrDigit(codePoints[end])) {
                    end++;
                }
                tokens.add(new String(codePoints, i, end - i));
                i = end;
            } else {
                tokens.add(Character.toString(c));
                i++;
            }
        }
        return tokens;
    }

    public static int count(String text) {
        return tokens(text).size();
    }
}
