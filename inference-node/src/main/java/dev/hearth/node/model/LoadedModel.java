package dev.hearth.node.model;

import dev.hearth.node.tokenizer.Tokenizer;

/** A checkpoint ready to serve: its name (the directory's), the model and the tokenizer it came with. */
public record LoadedModel(String name, DecoderModel model, Tokenizer tokenizer) {
}
