package dev.hearth.node.model;

/**
 * What a pipeline stage hands on: the step's hidden states ({@code rows × hidden}, for the next
 * stage), or, from the last stage, the logits after each entry's last token (null otherwise).
 */
public record StageOutput(float[] hidden, float[][] logits) {

    public boolean isLogits() {
        return logits != null;
    }
}
