package dev.hearth.node.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.FinishReason;
import dev.hearth.node.generation.Sampler;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {
    private final DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 8,
            new ScalarKernels(), 256);
    private BatchScheduler scheduler;

    private BatchScheduler start(SchedulerConfig config) {
        scheduler = new BatchScheduler(model, new ScalarKernels(), config, Set.of(257));
        return scheduler;
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private static int[] prompt(int seed, int length) {
        int[] p = new int[length];
        p[0] = 256;
        for (int i = 1; i < length; i++) {
            p[i] = (seed * 31 + i * 7) % 256;
        }
        return p;
    }

    /** What one request alone produces: prefill, then sample and decode token by token. */
    private List<Integer> alone(int[] prompt, int maxTokens, SamplingParams params) {
        Sequence s = model.newSequence();
        Sampler sampler = new Sampler(params, new ScalarKernels());
        float[] logits = model.prefill(s, prompt);
        List<Integer> out = new ArrayList<>();
        while (out.size() < maxTokens) {
            int t = sampler.sample(logits);
            if (t == 257) {
                break;
            }
            out.add(t);
            logits = model.decode(s, t);
        }
        return out;
    }

    @Test
    void concurrentRequestsGetWhatEachWouldGetAlone() {
        start(new SchedulerConfig(4, 16, 8, 16, 1000));
        List<CollectingSink> sinks = new ArrayList<>();
        List<List<Integer>> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int[] p = prompt(i, 5 + 3 * i); // prompts longer than the 8-token chunk are prefilled in pieces
            SamplingParams params = new SamplingParams(0.8, 0.9, 100 + i);
            expected.add(alone(p, 12, params));
            CollectingSink sink = new CollectingSink();
            scheduler.submit(new GenerationJob("h" + i % 2, 1.0, p, 12, params), sink);
            sinks.add(sink);
        }
        for (int i = 0; i < sinks.size(); i++) {
            FinishReason reason = sinks.get(i).await();
            assertThat(sinks.get(i).tokens).as("request %d", i).isEqualTo(expected.get(i));
            assertThat(reason).isEqualTo(expected.get(i).size() == 12 ? FinishReason.LENGTH : FinishReason.STOP);
        }
        assertThat(scheduler.stats().steps()).as("never more steps than one request at a time").isLessThanOrEqualTo(6 * 13);
        assertThat(scheduler.stats().kvBlocksUsed()).isZero();
    }

    @Test
    void aFullQueueRefusesWithRetryAfter() {
        start(new SchedulerConfig(1, 2, 8, 16, 1000));
        List<CollectingSink> accepted = new ArrayList<>();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                CollectingSink sink = new CollectingSink();
                scheduler.submit(new GenerationJob("flood", 1.0, prompt(i, 4), 100, SamplingParams.greedy()), sink);
                accepted.add(sink);
            }
        }).isInstanceOf(QueueFullException.class).hasMessageContaining("retry shortly")
                .satisfies(e -> assertThat(((QueueFullException) e).retryAfterSeconds()).isPositive());
        assertThat(accepted.size()).as("2 waiting, up to 2 held by the scheduler").isBetween(2, 4);
        accepted.forEach(CollectingSink::await);
    }

    @Test
    void requestsThatCanNeverFitAreRefusedUpFront() {
        start(new SchedulerConfig(2, 4, 8, 16, 4));
        assertThatThrownBy(() -> scheduler.submit(new GenerationJob("h", 1, prompt(1, 10), 300, SamplingParams.greedy()),
                new CollectingSink())).hasMessageContaining("context is 256 tokens");
        assertThatThrownBy(() -> scheduler.submit(new GenerationJob("h", 1, prompt(1, 10), 100, SamplingParams.greedy()),
                new CollectingSink())).hasMessageContaining("needs 7 KV blocks; the node holds 4");
    }

    @Test
    void cancellingOrStoppingEndsAGenerationAtTheNextToken() {
        start(new SchedulerConfig(2, 4, 8, 16, 1000));
        CollectingSink stopping = new CollectingSink(3);
        scheduler.submit(new GenerationJob("h", 1, prompt(2, 6), 50, new SamplingParams(1.0, 1.0, 1)), stopping);
        assertThat(stopping.await()).isEqualTo(FinishReason.STOP);
        assertThat(stopping.tokens).hasSize(3);

        CollectingSink cancelled = new CollectingSink();
        Ticket ticket = scheduler.submit(new GenerationJob("h", 1, prompt(3, 6), 200, new SamplingParams(1.0, 1.0, 1)),
                cancelled);
        ticket.cancel();
        cancelled.await();
        assertThat(cancelled.tokens.size()).isLessThan(200);
    }

    @Test
    void aShortPromptOfALessServedHouseholdIsPrefilledWithoutTheOthersDecodes() throws Exception {
        StepRecordingModel recording = new StepRecordingModel(model);
        scheduler = new BatchScheduler(recording, new ScalarKernels(), new SchedulerConfig(4, 16, 8, 16, 1000),
                Set.of(257));
        CollectingSink[] a = new CollectingSink[2];
        for (int i = 0; i < 2; i++) {
            a[i] = new CollectingSink();
            scheduler.submit(new GenerationJob("house-a", 1.0, prompt(i, 3), 150, new SamplingParams(0.0, 1.0, i)),
                    a[i]);
        }
        awaitTokens(a[0], 5);
        awaitTokens(a[1], 5);
        CollectingSink b = new CollectingSink();
        scheduler.submit(new GenerationJob("house-b", 1.0, prompt(7, 5), 4, new SamplingParams(0.0, 1.0, 7)), b);
        b.await();
        CollectingSink c = new CollectingSink();
        scheduler.submit(new GenerationJob("house-c", 1.0, prompt(8, 30), 2, new SamplingParams(0.0, 1.0, 8)), c);
        c.await();
        boolean aStillRunning = !a[0].done.isDone() && !a[1].done.isDone();
        a[0].await();
        a[1].await();

        List<List<String>> steps = List.copyOf(recording.steps);
        // B's whole prompt fits one chunk, and B has had less service than A: its prefill runs alone
        assertThat(steps).filteredOn(step -> step.contains("house-b:5")).singleElement()
                .isEqualTo(List.of("house-b:5"));
        assertThat(b.tokens).isEqualTo(alone(prompt(7, 5), 4, new SamplingParams(0.0, 1.0, 7)));
        // C's 30-token prompt takes four chunks: the first three, too long to favour, run beside A's decodes
        assertThat(aStillRunning).as("A was still decoding while C prefilled").isTrue();
        assertThat(steps).filteredOn(step -> step.contains("house-c:8"))
                .hasSize(3)
                .allSatisfy(step -> assertThat(step).contains("house-a:1"));
    }

    @Test
    void aHouseholdReturningFromIdleGetsNoCreditForTheTimeAway() throws Exception {
        StepRecordingModel recording = new StepRecordingModel(model);
        // one sequence steps at a time, so the two households take turns by the service each has had
        scheduler = new BatchScheduler(recording, new ScalarKernels(), new SchedulerConfig(1, 16, 64, 16, 1000),
                Set.of());
        CollectingSink early = new CollectingSink();
        scheduler.submit(new GenerationJob("house-x", 1.0, prompt(1, 3), 4, new SamplingParams(1.0, 1.0, 1)), early);
        early.await();
        CollectingSink a = new CollectingSink();
        scheduler.submit(new GenerationJob("house-a", 1.0, prompt(2, 3), 200, new SamplingParams(1.0, 1.0, 2)), a);
        awaitTokens(a, 60);
        CollectingSink back = new CollectingSink();
        scheduler.submit(new GenerationJob("house-x", 1.0, prompt(3, 3), 30, new SamplingParams(1.0, 1.0, 3)), back);
        back.await();
        a.await();

        List<List<String>> steps = List.copyOf(recording.steps);
        int first = -1;
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).stream().anyMatch(e -> e.startsWith("house-x")) && i > steps.indexOf(List.of("house-a:3"))) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        long aSteps = steps.subList(first, last + 1).stream().filter(step -> step.contains("house-a:1")).count();
        // X had 4 tokens of service against A's 60 or more: with credit kept, X would take every slot
        // until it caught up; joining at A's service, the two share the slots while X runs
        assertThat(aSteps).as("A's steps while X's second request ran (%d steps)", last - first + 1)
                .isBetween(20L, 40L);
    }

    private static void awaitTokens(CollectingSink sink, int n) throws InterruptedException {
        for (int i = 0; i < 10_000 && sink.tokens.size() < n; i++) {
            Thread.sleep(1);
        }
        assertThat(sink.tokens.size()).as("tokens streamed").isGreaterThanOrEqualTo(n);
    }

    @Test
    void decodeStepsAreSharedByWeightWhenMoreSequencesRunThanFitAStep() {
        // no step runs until all four are queued, so none gets a head start that depends on the machine's speed
        GatedModel gated = new GatedModel(model);
        scheduler = new BatchScheduler(gated, new ScalarKernels(), new SchedulerConfig(2, 16, 64, 16, 1000), Set.of(257));
        java.util.List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CollectingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (String household : List.of("light", "heavy")) {
                double weight = household.equals("heavy") ? 3.0 : 1.0;
                CollectingSink sink = new CollectingSink() {
                    @Override
                    public boolean token(int id) {
                        order.add(household);
                        return super.token(id);
                    }
                };
                scheduler.submit(new GenerationJob(household, weight, prompt(i, 3), 60, new SamplingParams(1.0, 1.0, i)),
                        sink);
                sinks.add(sink);
            }
        }
        gated.open();
        sinks.forEach(CollectingSink::await);
        // once all four run, each step decodes 2 of them: heavy (weight 3) should get about 3 of every 4 slots
        List<String> window = order.subList(8, 88);
        long heavy = window.stream().filter("heavy"::equals).count();
        assertThat(heavy).as("heavy's share of 80 decode slots").isBetween(52L, 68L);
    }

    @Test
    void aHouseholdNeverHoldsMoreKvBlocksThanItsQuota() {
        start(new SchedulerConfig(4, 16, 64, 16, 1000));
        java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<CollectingSink> sinks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CollectingSink sink = new CollectingSink() {
                @Override
                public void admitted() {
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                }

                @Override
                public void finished(FinishReason reason, int promptTokens, int completionTokens) {
                    holding.decrementAndGet();
                    super.finished(reason, promptTokens, completionTokens);
                }
            };
            // 4 + 20 tokens = 2 blocks of 16; the quota of 3 blocks fits one such request at a time
            scheduler.submit(new GenerationJob("capped", 1.0, prompt(i, 4), 20, new SamplingParams(1.0, 1.0, i), 3), sink);
            sinks.add(sink);
        }
        sinks.forEach(CollectingSink::await);
        assertThat(most.get()).as("requests of the capped household held at once").isEqualTo(1);
        assertThatThrownBy(() -> scheduler.submit(new GenerationJob("capped", 1.0, prompt(9, 4), 60,
                SamplingParams.greedy(), 3), new CollectingSink())).hasMessageContaining("the household's quota is 3");
    }

    @Test
    void aFloodingHouseholdWaitsBehindItsOwnRequests() {
        start(new SchedulerConfig(1, 64, 64, 16, 1000));
        List<CollectingSink> flood = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CollectingSink sink = new CollectingSink();
            scheduler.submit(new GenerationJob("flood", 1.0, prompt(i, 4), 8, new SamplingParams(1.0, 1.0, i)), sink);
            flood.add(sink);
        }
        CollectingSink steady = new CollectingSink();
        scheduler.submit(new GenerationJob("steady", 1.0, prompt(99, 4), 8, new SamplingParams(1.0, 1.0, 7)), steady);
        steady.await();
        flood.forEach(CollectingSink::await);
        long floodFinishedBefore = flood.stream().filter(s -> s.finishedAt < steady.finishedAt).count();
        assertThat(floodFinishedBefore).as("flood requests served before the steady household's one").isLessThanOrEqualTo(3);
    }
}
