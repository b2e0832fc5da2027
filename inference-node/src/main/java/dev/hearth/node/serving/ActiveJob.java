package dev.hearth.node.serving;

import dev.hearth.node.generation.Sampler;
import dev.hearth.node.model.Sequence;

/** A job the scheduler is working on: its sequence, how much of the prompt is in, what it generated. */
final class ActiveJob {
    final GenerationJob job;
    final TokenSink sink;
    final Ticket ticket;
    /** Virtual start and finish tags of weighted fair queueing. */
    final double start;
    final double tag;
    final int blocks;
    Sequence sequence;
    Sampler sampler;
    int prefilled;
    int generated;
    int lastToken;

    ActiveJob(GenerationJob job, TokenSink sink, Ticket ticket, double start, double tag, int blocks) {
        this.start = start;
        this.job = job;
        this.sink = sink;
        this.ticket = ticket;
        this.tag = tag;
        this.blocks = blocks;
    }

    boolean prefilling() {
        return prefilled < job.prompt().length;
    }
}
