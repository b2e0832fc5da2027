package dev.hearth.node.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A Hugging Face tokenizer.json with a byte-level BPE model, as GPT-2, Llama 3 and DeepSeek-V3 ship.
 * Encoding follows the Hugging Face library's order: added tokens are cut out of the raw text, the
 * rest is normalized, added tokens marked {@code normalized} are cut out of that, the pre-tokenizer
 * splits what remains into pieces, and BPE encodes each piece. Immutable apart from a bounded cache
 * of piece encodings, and safe to share between threads.
 */
public final class BpeTokenizer implements Tokenizer {
    private final BpeModel model;
    private final TextNormalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final AddedTokenMatcher rawTokens;
    private final AddedTokenMatcher normalizedTokens;
    private final byte[][] tokenBytes;
    private final BitSet special = new BitSet();
    private final int bosId;
    private final int eosId;

    BpeTokenizer(BpeModel model, TextNormalizer normalizer, PreTokenizer preTokenizer, List<AddedToken> added,
                 byte[][] tokenBytes, int bosId, int eosId) {
        this.model = model;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.tokenBytes = tokenBytes;
        this.bosId = bosId;
        this.eosId = eosId;
        List<AddedToken> raw = new ArrayList<>();
        List<String> rawContents = new ArrayList<>();
        List<AddedToken> normalized = new ArrayList<>();
        List<String> normalizedContents = new ArrayList<>();
        for (AddedToken t : added) {
            if (t.normalized()) {
                normalized.add(t);
                normalizedContents.add(normalizer.normalize(t.content()));
            } else {
                raw.add(t);
                rawContents.add(t.content());
            }
            if (t.special()) {
                special.set(t.id());
            }
        }
        this.rawTokens = new AddedTokenMatcher(raw, rawContents);
        this.normalizedTokens = new AddedTokenMatcher(normalized, normalizedContents);
        if (bosId >= 0) {
            special.set(bosId);
        }
        if (eosId >= 0) {
            special.set(eosId);
        }
    }

    /**
     * Loads {@code tokenizerJson}, taking BOS and EOS from its added tokens by their usual names
     * ("&lt;｜begin▁of▁sentence｜&gt;", "&lt;|begin_of_text|&gt;", "&lt;s&gt;", "&lt;|endoftext|&gt;", …).
     *
     * @throws TokenizerException naming the file, the field and the fix when the file cannot be used
     */
    public static BpeTokenizer load(Path tokenizerJson) {
        return load(tokenizerJson, null, null);
    }

    /**
     * Loads {@code tokenizerJson} with the BOS and EOS ids the model's config.json gives
     * ({@code bos_token_id}, {@code eos_token_id}); a null id is looked up by name as in
     * {@link #load(Path)}.
     *
     * @throws TokenizerException when the file cannot be used or an id is not one of its tokens
     */
    public static BpeTokenizer load(Path tokenizerJson, Integer bosId, Integer eosId) {
        return TokenizerJson.read(tokenizerJson, bosId, eosId);
    }

    @Override
    public int[] encode(String text) {
        IntList out = new IntList(text.length() / 3 + 4);
        for (Segment raw : rawTokens.split(text)) {
            if (raw.isToken()) {
                out.add(raw.tokenId());
                continue;
            }
            for (Segment normalized : normalizedTokens.split(normalizer.normalize(raw.text()))) {
                if (normalized.isToken()) {
                    out.add(normalized.tokenId());
                    continue;
                }
                for (String piece : preTokenizer.split(List.of(normalized.text()))) {
                    model.encode(piece, out);
                }
            }
        }
        return out.toArray();
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length * 4);
        for (int token : tokens) {
            byte[] bytes = bytesOf(token);
            if (bytes != null) {
                out.writeBytes(bytes);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return tokenBytes.length;
    }

    @Override
    public int bosId() {
        return bosId;
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && special.get(id);
    }

    @Override
    public TokenDecoder newDecoder() {
        return new TokenDecoder(this::bytesOf);
    }

    /** The bytes {@code id} decodes to; null for special tokens and ids no token has. */
    private byte[] bytesOf(int id) {
        if (id < 0 || id >= tokenBytes.length || special.get(id)) {
            return null;
        }
        return tokenBytes[id];
    }
}
