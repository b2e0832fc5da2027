package dev.hearth.node.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelFlops;
import dev.hearth.node.model.ModelPresets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the scheduler tallies for the meters: KV blocks and batch slots per household, and FLOPs. */
class SchedulerAccountingTest {
    private final DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 8,
            new ScalarKernels(), 256);
    private final ModelFlops flops = ModelFlops.of(model.config());
    private BatchScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static int[] prompt(int length) {
        int[] p = new int[length];
        p[0] = 256;
        for (int i = 1; i < length; i++) {
            p[i] = 'a' + i % 26;
        }
        return p;
    }

    @Test
    void eachStepCountsOneSlotPerSequenceAndTheFlopsOfItsEntries() {
        // no end token: every request runs to max_tokens, so the steps are known in advance
        scheduler = new BatchScheduler(model, new ScalarKernels(), new SchedulerConfig(4, 16, 8, 16, 1000), Set.of());

        CollectingSink alder = new CollectingSink();
        scheduler.submit(new GenerationJob("alder", 1.0, prompt(5, 0), 4, SamplingParams.greedy()), alder);
        assertThat(alder.await()).isEqualTo(FinishReason.LENGTH);
        // a prefill of 5 (one chunk) gives the first token, then 3 decode steps at positions 5, 6 and 7
        assertThat(scheduler.batchSlotsOf("alder")).isEqualTo(4);
        long alderFlops = flops.entry(0, 5) + flops.entry(5, 1) + flops.entry(6, 1) + flops.entry(7, 1);
        assertThat(alderFlops).as("by hand, see ModelFlopsTest").isEqualTo(3_274_752L);
        assertThat(scheduler.flops()).isEqualTo((double) alderFlops);

        CollectingSink birch = new CollectingSink();
        scheduler.submit(new GenerationJob("birch", 2.0, prompt(20, 0), 3, SamplingParams.greedy()), birch);
        birch.await();
        // 20 prompt tokens in chunks of 8, 8 and 4, then decodes at positions 20 and 21
        assertThat(scheduler.batchSlotsOf("birch")).isEqualTo(5);
        assertThat(scheduler.batchSlotsOf("alder")).as("unchanged by another household").isEqualTo(4);
        assertThat(scheduler.batchSlotsOf("nobody")).isZero();
        assertThat(scheduler.flops()).isEqualTo((double) (alderFlops + flops.entry(0, 8) + flops.entry(8, 8)
                + flops.entry(16, 4) + flops.entry(20, 1) + flops.entry(21, 1)));
        assertThat(scheduler.stats().steps()).isEqualTo(9);
    }

    @Test
    void aHouseholdHoldsItsRequestsKvBlocksWhileTheyRunAndNoneAfter() throws Exception {
        GatedModel gated = new GatedModel(model);
        scheduler = new BatchScheduler(gated, new ScalarKernels(), new SchedulerConfig(4, 16, 64, 16, 1000), Set.of());
        CountDownLatch admitted = new CountDownLatch(3);
        List<CollectingSink> sinks = List.of(admittedSink(admitted), admittedSink(admitted), admittedSink(admitted));

        // 4 + 28 tokens: 2 blocks of 16; 4 + 40: 3 blocks
        scheduler.submit(new GenerationJob("alder", 1.0, prompt(4, 1), 28, SamplingParams.greedy()), sinks.get(0));
        scheduler.submit(new GenerationJob("alder", 1.0, prompt(4, 2), 28, SamplingParams.greedy()), sinks.get(1));
        scheduler.submit(new GenerationJob("birch", 1.0, prompt(4, 3), 40, SamplingParams.greedy()), sinks.get(2));
        // a job submitted while a step is held is admitted at the next step boundary: let one step through
        gated.allow(1);
        assertThat(admitted.await(30, TimeUnit.SECONDS)).as("all three admitted").isTrue();

        assertThat(scheduler.kvBlocksOf("alder")).isEqualTo(4);
        assertThat(scheduler.kvBlocksOf("birch")).isEqualTo(3);
        assertThat(scheduler.kvBlocksOf("nobody")).isZero();
        assertThat(scheduler.stats().kvBlocksUsed()).isEqualTo(7);

        gated.open();
        sinks.forEach(CollectingSink::await);
        assertThat(scheduler.kvBlocksOf("alder")).isZero();
        assertThat(scheduler.kvBlocksOf("birch")).isZero();
        // every step of a running request is one slot: a prefill and 27 (or 39) decodes each
        assertThat(scheduler.batchSlotsOf("alder")).isEqualTo(2 * 28);
        assertThat(scheduler.batchSlotsOf("birch")).isEqualTo(40);
    }

    private static int[] prompt(int length, int seed) {
        int[] p = prompt(length);
        p[length - 1] = 'a' + seed;
        return p;
    }

    private static CollectingSink admittedSink(CountDownLatch admitted) {
        return new CollectingSink() {
            @Override
            public void admitted() {
                admitted.countDown();
            }
        };
    }
}
