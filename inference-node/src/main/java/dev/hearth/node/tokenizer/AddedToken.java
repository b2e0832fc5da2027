package dev.hearth.node.tokenizer;

/**
 * An entry of tokenizer.json's {@code added_tokens}: text matched whole, before BPE, as one id.
 *
 * @param special    a control token (BOS, EOS, padding) that decoding leaves out
 * @param normalized matched in the normalized text rather than the raw text
 * @param lstrip     also takes the whitespace before it
 * @param rstrip     also takes the whitespace after it
 * @param singleWord matched only where it is not part of a longer word
 */
record AddedToken(int id, String content, boolean special, boolean normalized, boolean lstrip,
                  boolean rstrip, boolean singleWord) {
}
