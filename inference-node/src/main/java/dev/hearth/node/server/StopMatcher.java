package dev.hearth.node.server;

import dev.hearth.node.tokenizer.TokenDecoder;
import dev.hearth.node.tokenizer.Tokenizer;
import java.util.List;

/**
 * Turns generated tokens into text as it streams, honouring {@code stop} strings: text that could
 * still become the start of a stop string is held back until it cannot, and once a stop string
 * appears everything from it on is dropped (OpenAI returns the text before the stop, without it).
 * Bytes of a character split across tokens are held back too.
 */
final class StopMatcher {
    private final TokenDecoder decoder;
    private final List<String> stops;
    private final StringBuilder emitted = new StringBuilder();
    private String pending = "";
    private boolean stopped;

    StopMatcher(Tokenizer tokenizer, List<String> stops) {
        this.decoder = tokenizer.newDecoder();
        this.stops = List.copyOf(stops);
    }

    /** Feeds one token; returns the text that is now final (possibly empty). */
    String accept(int token) {
        if (stopped) {
            return "";
        }
        pending += decoder.next(token);
        int cut = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            return emit(pending.substring(0, cut));
        }
        int hold = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, pending.length()); k > hold; k--) {
                if (pending.endsWith(stop.substring(0, k))) {
                    hold = k;
                    break;
                }
            }
        }
        String ready = pending.substring(0, pending.length() - hold);
        pending = pending.substring(pending.length() - hold);
        return emit(ready);
    }

    /** At the end of generation: what was held back and is not a stop string after all. */
    String finish() {
        if (stopped) {
            return "";
        }
        String rest = pending + decoder.flush();
        pending = "";
        return emit(rest);
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return emitted.toString();
    }

    private String emit(String s) {
        emitted.append(s);
        return s;
    }
}
