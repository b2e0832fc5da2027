package dev.hearth.node.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Equal-share slicing on a real model whose steps are slowed to 3 ms (a test double standing in for a
 * slower card): household A runs two sequences, B one. Best effort steps all three together, so A has
 * two thirds of the engine's time; equal share holds A to half while B is active.
 */
class EqualShareSlicingTest {
    private final DecoderModel model = DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 8,
            new ScalarKernels(), 256);

    @Test
    void equalShareHoldsAHouseholdWithMoreSequencesToHalfTheEngine() {
        assertThat(run(SlicePolicy.BEST_EFFORT).shareOfA()).as("A's share of engine time, best effort")
                .isCloseTo(2.0 / 3, within(0.02));
        assertThat(run(SlicePolicy.EQUAL_SHARE).shareOfA()).as("A's share of engine time, equal share")
                .isBetween(0.42, 0.58);
    }

    @Test
    void eachHouseholdsEngineTimeAndTimeSatOutAreCounted() {
        Run best = run(SlicePolicy.BEST_EFFORT);
        // every step's time is split among the households in it: together they took all of it
        assertThat(best.engineA() + best.engineB()).isCloseTo(best.stepSeconds(), within(0.05 * best.stepSeconds()));
        // A: two streams of 160 tokens, a third of the steps B shares and all steps after; B: a third of 60 steps
        assertThat(best.engineA() / best.engineB()).isBetween(4.0, 10.0);
        assertThat(best.heldA()).as("best effort holds nobody out").isZero();
        assertThat(best.heldB()).isZero();
        Run equal = run(SlicePolicy.EQUAL_SHARE);
        assertThat(equal.engineA() + equal.engineB()).isCloseTo(equal.stepSeconds(),
                within(0.05 * equal.stepSeconds()));
        // B stays active 5 s after its last token, so A sits out about every other step to its end
        assertThat(equal.heldA()).as("A's time sat out, equal share").isGreaterThan(0.1 * equal.engineA())
                .isLessThan(equal.wallSeconds());
    }

    /**
     * One run of {@link #run}: A's part of the engine time of the decode steps while B decoded, each
     * household's engine seconds and seconds sat out as the scheduler counts them, the steps' own
     * durations and the run's wall time.
     */
    private record Run(double shareOfA, double engineA, double engineB, double heldA, double heldB,
                       double stepSeconds, double wallSeconds) {
    }

    @Test
    void aHeavyHouseholdsPromptIsPrefilledInStepsNoLongerThanADecodeStep() throws Exception {
        List<List<String>> bestEffort = stepsPrefillingANewPromptOfA(SlicePolicy.BEST_EFFORT);
        assertThat(chunksOfA(bestEffort)).containsExactly("house-a:12");
        assertThat(bestEffort.get(0)).as("a newcomer's prompt, favoured: A's decodes wait a step")
                .doesNotContain("house-a:1");
        // under equal share, A is using up its share while B is active: its 12 tokens go 4 (the batch) a
        // step, and in no step of their own, so B's request would wait behind nothing longer
        List<List<String>> equalShare = stepsPrefillingANewPromptOfA(SlicePolicy.EQUAL_SHARE);
        assertThat(chunksOfA(equalShare)).containsExactly("house-a:4", "house-a:4", "house-a:4");
        assertThat(equalShare).allSatisfy(step -> assertThat(step).contains("house-a:1"));
    }

    private static List<String> chunksOfA(List<List<String>> steps) {
        List<String> chunks = new ArrayList<>();
        for (List<String> step : steps) {
            step.stream().filter(e -> e.startsWith("house-a:") && !e.equals("house-a:1")).forEach(chunks::add);
        }
        return chunks;
    }

    @Test
    void whileAnotherHouseholdIsActiveOnlyAHouseholdWithOneRequestGetsItsPromptPrefilledWhole() throws Exception {
        // a burst far above what the test uses: nobody uses up its share, so only the running requests decide
        StepRecordingModel recording = new StepRecordingModel(model, 1);
        try (BatchScheduler scheduler = new BatchScheduler(recording, new ScalarKernels(),
                new SchedulerConfig(4, 16, 64, 16, 1000, SlicePolicy.EQUAL_SHARE), Set.of(),
                new EngineShares(10_000_000_000L, 5_000_000_000L))) {
            CollectingSink streamOfA = new CollectingSink(40);
            scheduler.submit(new GenerationJob("house-a", 1.0, new int[] {256, 1, 2}, 150,
                    new SamplingParams(1.0, 1.0, 1)), streamOfA);
            int[] prompt = new int[12];
            java.util.Arrays.fill(prompt, 7);
            CollectingSink ofB = new CollectingSink(); // B's only request
            scheduler.submit(new GenerationJob("house-b", 1.0, prompt, 2, new SamplingParams(1.0, 1.0, 2)), ofB);
            ofB.await();
            CollectingSink secondOfA = new CollectingSink(); // A's second request while its first still runs
            scheduler.submit(new GenerationJob("house-a", 1.0, prompt, 2, new SamplingParams(1.0, 1.0, 3)), secondOfA);
            secondOfA.await();
            streamOfA.await();
        }
        List<String> chunks = new ArrayList<>();
        synchronized (recording.steps) {
            for (List<String> step : recording.steps) {
                step.stream().filter(e -> !e.endsWith(":1") && !e.equals("house-a:3")).forEach(chunks::add);
            }
        }
        assertThat(chunks).containsExactly("house-b:12", "house-a:4", "house-a:4", "house-a:4");
    }

    /** The steps prefilling a 12-token prompt A sends while two streams of A's and one of B's run. */
    private List<List<String>> stepsPrefillingANewPromptOfA(SlicePolicy policy) throws Exception {
        StepRecordingModel recording = new StepRecordingModel(model, 2);
        try (BatchScheduler scheduler = new BatchScheduler(recording, new ScalarKernels(),
                new SchedulerConfig(4, 16, 64, 16, 1000, policy), Set.of(),
                new EngineShares(20_000_000L, 5_000_000_000L))) {
            List<CollectingSink> streams = new ArrayList<>();
            for (String household : List.of("house-a", "house-a", "house-b")) {
                CollectingSink sink = new CollectingSink();
                scheduler.submit(new GenerationJob(household, 1.0, new int[] {256, streams.size(), 2}, 150,
                        new SamplingParams(1.0, 1.0, streams.size())), sink);
                streams.add(sink);
            }
            // by then A, with two streams to B's one, has used more than half of its 20 ms burst
            for (int i = 0; i < 10_000 && streams.get(0).tokens.size() < 60; i++) {
                Thread.sleep(1);
            }
            int[] prompt = new int[12];
            java.util.Arrays.fill(prompt, 7);
            CollectingSink next = new CollectingSink();
            int from = recording.steps.size(); // the streams' prompts are in the steps before
            scheduler.submit(new GenerationJob("house-a", 1.0, prompt, 2, new SamplingParams(1.0, 1.0, 3)), next);
            next.await();
            streams.forEach(CollectingSink::await);
            List<List<String>> prefilling = new ArrayList<>();
            synchronized (recording.steps) {
                for (List<String> step : recording.steps.subList(from, recording.steps.size())) {
                    if (!chunksOfA(List.of(step)).isEmpty()) {
                        prefilling.add(step);
                    }
                }
            }
            return prefilling;
        }
    }

    /** A with two streams and B with one under {@code policy}, the steps slowed to 3 ms. */
    private Run run(SlicePolicy policy) {
        StepRecordingModel recording = new StepRecordingModel(model, 3);
        long began = System.nanoTime();
        double[] counted;
        // no end token, and no saved-up burst: every step counts from the first
        try (BatchScheduler scheduler = new BatchScheduler(recording, new ScalarKernels(),
                new SchedulerConfig(4, 16, 64, 16, 1000, policy), Set.of(), new EngineShares(0, 5_000_000_000L))) {
            List<CollectingSink> a = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CollectingSink sink = new CollectingSink();
                scheduler.submit(new GenerationJob("house-a", 1.0, new int[] {256, 10 + i, 20}, 160,
                        new SamplingParams(1.0, 1.0, i)), sink);
                a.add(sink);
            }
            CollectingSink b = new CollectingSink();
            scheduler.submit(new GenerationJob("house-b", 1.0, new int[] {256, 30, 40}, 60,
                    new SamplingParams(1.0, 1.0, 9)), b);
            b.await();
            a.forEach(CollectingSink::await);
            counted = new double[] {scheduler.engineSecondsOf("house-a"), scheduler.engineSecondsOf("house-b"),
                scheduler.heldSecondsOf("house-a"), scheduler.heldSecondsOf("house-b")};
        }
        double wall = (System.nanoTime() - began) / 1e9;
        List<List<String>> steps;
        List<Long> durations;
        synchronized (recording.steps) {
            steps = List.copyOf(recording.steps);
            durations = List.copyOf(recording.durations);
        }
        // from the step after B's prompt went in to B's last decode
        int first = 0;
        int last = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains("house-b:3")) {
                first = i + 1;
            } else if (steps.get(i).contains("house-b:1")) {
                last = i;
            }
        }
        double ofA = 0;
        double all = 0;
        for (int i = first; i <= last; i++) {
            List<String> step = steps.get(i);
            if (step.stream().anyMatch(e -> !e.endsWith(":1"))) {
                continue; // only decode steps, so every entry weighs the same
            }
            long aEntries = step.stream().filter(e -> e.startsWith("house-a")).count();
            ofA += durations.get(i) * (double) aEntries / step.size();
            all += durations.get(i);
        }
        double stepSeconds = durations.stream().mapToLong(Long::longValue).sum() / 1e9;
        return new Run(ofA / all, counted[0], counted[1], counted[2], counted[3], stepSeconds, wall);
    }
}
