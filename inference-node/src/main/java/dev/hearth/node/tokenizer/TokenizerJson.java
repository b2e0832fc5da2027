package dev.hearth.node.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json with a BPE model into a {@link BpeTokenizer}, checking every
 * field it uses: a file that loads encodes every input, and a file that does not is reported with
 * the field to fix rather than producing wrong tokens later.
 */
final class TokenizerJson {
    /** Ids above this are taken for a broken file rather than allocated for. */
    static final int MAX_ID = 1 << 24;
    private static final int CACHE_CAPACITY = 10_000;

    /** Spellings of begin- and end-of-sequence tokens in the vocabularies of common model families. */
    private static final List<String> BOS_NAMES = List.of(
            "<｜begin▁of▁sentence｜>", "<|begin_of_text|>", "<s>", "<|startoftext|>", "<bos>");
    private static final List<String> EOS_NAMES = List.of(
            "<｜end▁of▁sentence｜>", "<|end_of_text|>", "</s>", "<|endoftext|>", "<eos>");

    private final String file;
    private final Map<String, Integer> vocab = new HashMap<>();
    private String[] idToToken = new String[0];
    private final List<AddedToken> added = new ArrayList<>();

    private TokenizerJson(String file) {
        this.file = file;
    }

    static BpeTokenizer read(Path path, Integer bosId, Integer eosId) {
        return new TokenizerJson(path.toString()).read(parse(path), bosId, eosId);
    }

    private static JsonField parse(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new TokenizerException(file + ": no such file; put the checkpoint's tokenizer.json there", e);
        } catch (IOException e) {
            throw new TokenizerException(file + ": cannot be read (" + e + "); check its permissions", e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new TokenizerException(file + ": is not valid JSON" + at + " (" + e.getOriginalMessage()
                    + "); replace it with the tokenizer.json the model was published with", e);
        }
        JsonField top = new JsonField(file, "", root);
        if (root == null || !root.isObject()) {
            throw top.error("expected a JSON object, found " + top.describe(),
                    "use a Hugging Face tokenizer.json, which is one object with a \"model\" field");
        }
        return top;
    }

    private BpeTokenizer read(JsonField root, Integer bosId, Integer eosId) {
        JsonField model = root.get("model");
        if (model.isMissingOrNull()) {
            throw model.error("missing", "a tokenizer.json has a \"model\" object with vocab and merges");
        }
        checkModelType(model);
        readVocab(model.get("vocab"));
        MergeTable merges = readMerges(model.get("merges"));
        readAddedTokens(root.get("added_tokens"));

        int unkId = -1;
        JsonField unk = model.get("unk_token");
        if (!unk.isMissingOrNull()) {
            Integer id = vocab.get(unk.text());
            if (id == null) {
                throw unk.error("the unknown token \"" + unk.text() + "\" is not in model.vocab",
                        "add it to the vocabulary or set unk_token to null");
            }
            unkId = id;
        }

        TextNormalizer normalizer = PipelineReader.normalizer(root.get("normalizer"));
        PreTokenizer preTokenizer = PipelineReader.preTokenizer(root.get("pre_tokenizer"));
        boolean byteLevelInput = PipelineReader.isByteLevel(preTokenizer);
        Boolean byteLevelDecoder = PipelineReader.decoder(root.get("decoder"));
        // Without a decoder, byte-level tokens still only make sense read back through the alphabet.
        boolean byteLevelOutput = byteLevelDecoder != null ? byteLevelDecoder : byteLevelInput;
        if (byteLevelInput && unkId < 0) {
            checkByteAlphabet(model.get("vocab"));
        }

        BpeModel bpe = new BpeModel(Map.copyOf(vocab), merges, unkId, model.get("fuse_unk").bool(false),
                model.get("ignore_merges").bool(false), CACHE_CAPACITY);
        int bos = bosId != null ? checkCallerId("bos_token_id", bosId) : guess(BOS_NAMES);
        int eos = eosId != null ? checkCallerId("eos_token_id", eosId) : guess(EOS_NAMES);
        return new BpeTokenizer(bpe, normalizer, preTokenizer, added, tokenBytes(byteLevelOutput), bos, eos);
    }

    private void checkModelType(JsonField model) {
        JsonField typeField = model.get("type");
        // Files from older library versions leave the type out; a BPE model is the one with merges.
        String type = typeField.isMissingOrNull() && !model.get("merges").isMissingOrNull() ? "BPE" : typeField.text();
        if (!type.equals("BPE")) {
            throw typeField.error("model type \"" + type + "\" is not supported",
                    "only byte-level BPE models (GPT-2, Llama 3, DeepSeek-V3 style) can be read; "
                            + "remove tokenizer.json to use the byte tokenizer instead");
        }
        if (model.get("byte_fallback").bool(false)) {
            throw model.get("byte_fallback").error("byte_fallback BPE (SentencePiece style) is not supported",
                    "use a byte-level BPE tokenizer.json, whose byte_fallback is false");
        }
        for (String affix : new String[]{"continuing_subword_prefix", "end_of_word_suffix"}) {
            JsonField f = model.get(affix);
            if (!f.isMissingOrNull() && !f.text().isEmpty()) {
                throw f.error("sub-word affixes are not supported", "set " + affix + " to null");
            }
        }
        JsonField dropout = model.get("dropout");
        if (!dropout.isMissingOrNull() && !(dropout.node().isNumber() && dropout.node().asDouble() == 0)) {
            throw dropout.error("BPE dropout is for training and would make encoding random",
                    "set dropout to null");
        }
    }

    private void readVocab(JsonField vocabField) {
        if (vocabField.isMissingOrNull() || !vocabField.node().isObject()) {
            throw vocabField.error("expected an object of token → id, found " + vocabField.describe(),
                    "give model.vocab as {\"token\": id, …}");
        }
        Map<Integer, String> byId = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabField.node().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonField entry = new JsonField(file, vocabField.path() + "[" + quote(e.getKey()) + "]", e.getValue());
            int id = entry.id(MAX_ID);
            String other = byId.putIfAbsent(id, e.getKey());
            if (other != null) {
                throw entry.error("id " + id + " is given to both " + quote(other) + " and " + quote(e.getKey()),
                        "give every token its own id");
            }
            vocab.put(e.getKey(), id);
        }
        int size = 0;
        for (int id : byId.keySet()) {
            size = Math.max(size, id + 1);
        }
        idToToken = new String[size];
        byId.forEach((id, token) -> idToToken[id] = token);
    }

    private MergeTable readMerges(JsonField mergesField) {
        if (mergesField.isMissingOrNull()) {
            return new MergeTable(0);
        }
        List<JsonField> entries = mergesField.elements();
        MergeTable merges = new MergeTable(entries.size());
        for (int rank = 0; rank < entries.size(); rank++) {
            JsonField entry = entries.get(rank);
            String[] pair = mergePair(entry);
            int left = mergePart(entry, pair[0]);
            int right = mergePart(entry, pair[1]);
            int merged = mergePart(entry, pair[0] + pair[1]);
            merges.add(left, right, rank, merged);
        }
        return merges;
    }

    /** A merge is "left right" (older files) or ["left", "right"] (newer ones, which allow spaces). */
    private static String[] mergePair(JsonField entry) {
        JsonNode node = entry.node();
        if (node != null && node.isTextual()) {
            String[] parts = node.asText().split(" ", -1);
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                return parts;
            }
        } else if (node != null && node.isArray() && node.size() == 2 && node.get(0).isTextual()
                && node.get(1).isTextual()) {
            return new String[]{node.get(0).asText(), node.get(1).asText()};
        }
        throw entry.error("expected a merge \"left right\" or [\"left\", \"right\"], found " + entry.describe(),
                "write each merge as two tokens");
    }

    private int mergePart(JsonField entry, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw entry.error("the merge names " + quote(token) + ", which is not in model.vocab",
                    "add the token to model.vocab or remove the merge; merges and vocab must come from the same training run");
        }
        return id;
    }

    private void readAddedTokens(JsonField field) {
        if (field.isMissingOrNull()) {
            return;
        }
        Map<Integer, String> addedById = new HashMap<>();
        for (JsonField t : field.elements()) {
            int id = t.get("id").id(MAX_ID);
            String content = t.get("content").text();
            if (content.isEmpty()) {
                throw t.get("content").error("an added token has empty content", "give it its text or remove it");
            }
            String vocabToken = id < idToToken.length ? idToToken[id] : null;
            if (vocabToken != null && !vocabToken.equals(content)) {
                throw t.get("id").error("id " + id + " of added token " + quote(content)
                        + " is model.vocab's id for " + quote(vocabToken), "give the added token an unused id");
            }
            String other = addedById.putIfAbsent(id, content);
            if (other != null && !other.equals(content)) {
                throw t.get("id").error("id " + id + " is given to added tokens " + quote(other) + " and "
                        + quote(content), "give every added token its own id");
            }
            boolean special = t.get("special").bool(false);
            added.add(new AddedToken(id, content, special, t.get("normalized").bool(!special),
                    t.get("lstrip").bool(false), t.get("rstrip").bool(false), t.get("single_word").bool(false)));
        }
    }

    /** Without every byte's symbol in the vocabulary, bytes of some inputs would silently vanish. */
    private void checkByteAlphabet(JsonField vocabField) {
        for (int b = 0; b < 256; b++) {
            String symbol = String.valueOf(ByteLevelAlphabet.charOf(b));
            if (!vocab.containsKey(symbol)) {
                throw vocabField.error(String.format("lacks the byte-level symbol %s for byte 0x%02X", quote(symbol), b),
                        "a byte-level vocabulary holds all 256 byte symbols; add it or set model.unk_token");
            }
        }
    }

    private int checkCallerId(String name, int id) {
        if (id < 0 || tokenOf(id) == null) {
            throw new TokenizerException(file + ": " + name + " " + id + " (from the model's config.json) is not a"
                    + " token of this tokenizer, whose ids run from 0 to " + (idCount() - 1)
                    + "; make config.json's " + name + " match tokenizer.json");
        }
        return id;
    }

    private int guess(List<String> names) {
        for (String name : names) {
            for (AddedToken t : added) {
                if (t.content().equals(name)) {
                    return t.id();
                }
            }
        }
        return -1;
    }

    private String tokenOf(int id) {
        for (AddedToken t : added) {
            if (t.id() == id) {
                return t.content();
            }
        }
        return id < idToToken.length ? idToToken[id] : null;
    }

    private int idCount() {
        int n = idToToken.length;
        for (AddedToken t : added) {
            n = Math.max(n, t.id() + 1);
        }
        return n;
    }

    /** What each id decodes to; null for ids that no token has. */
    private byte[][] tokenBytes(boolean byteLevel) {
        byte[][] bytes = new byte[idCount()][];
        for (int id = 0; id < idToToken.length; id++) {
            if (idToToken[id] != null) {
                bytes[id] = decodeToken(idToToken[id], byteLevel);
            }
        }
        for (AddedToken t : added) {
            bytes[t.id()] = decodeToken(t.content(), byteLevel);
        }
        return bytes;
    }

    private static byte[] decodeToken(String token, boolean byteLevel) {
        return byteLevel ? ByteLevelAlphabet.decode(token) : token.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
