package io.tensorpool.kernel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several pipelines applied to the same record, each output computed from the input, or from
 * another output when a {@link MaxPoolShortcut} gives the same bits (a 1/4 max pool from the 1/2
 * one). Each output takes the finest other output it can be composed from, the one leaving the
 * least work; pipelines the shortcut does not cover are always computed from the input.
 *
 * <p>{@link #order} lists the outputs so that each comes after the output it is composed from.
 */
public final class SharedScales implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<PoolPipeline> pipelines;
    /** Per output: the output it is composed from, or -1 for the input. */
    private final int[] sources;
    private final MaxPoolShortcut[] shortcuts;
    private final int[] order;

    private SharedScales(List<PoolPipeline> pipelines, int[] sources, MaxPoolShortcut[] shortcuts, int[] order) {
        this.pipelines = pipelines;
        this.sources = sources;
        this.shortcuts = shortcuts;
        this.order = order;
    }

    /** Every pipeline computed from the input: one pipeline, as a config with {@code ops} has. */
    public static SharedScales direct(List<PoolPipeline> pipelines) {
        int[] sources = new int[pipelines.size()];
        java.util.Arrays.fill(sources, -1);
        return new SharedScales(List.copyOf(pipelines), sources, new MaxPoolShortcut[pipelines.size()],
                java.util.stream.IntStream.range(0, pipelines.size()).toArray());
    }

    /** The pipelines with every exact shortcut between them taken. */
    public static SharedScales shared(List<PoolPipeline> pipelines) {
        int count = pipelines.size();
        int[] sources = new int[count];
        MaxPoolShortcut[] shortcuts = new MaxPoolShortcut[count];
        for (int i = 0; i < count; i++) {
            sources[i] = -1;
            long bestArea = 0;
            for (int j = 0; j < count; j++) {
                Optional<MaxPoolShortcut> shortcut = j == i ? Optional.empty()
                        : MaxPoolShortcut.between(pipelines.get(j), pipelines.get(i));
                if (shortcut.isPresent()) {
                    IntPair fine = ((MaxPool2d) pipelines.get(j).ops().get(0)).kernelSize();
                    long area = (long) fine.h() * fine.w();
                    if (area > bestArea) {
                        bestArea = area;
                        sources[i] = j;
                        shortcuts[i] = shortcut.get();
                    }
                }
            }
        }
        // A source's kernel strictly divides its output's, so the sources form no cycle: finer first.
        List<Integer> ordered = new ArrayList<>();
        boolean[] placed = new boolean[count];
        while (ordered.size() < count) {
            for (int i = 0; i < count; i++) {
                if (!placed[i] && (sources[i] < 0 || placed[sources[i]])) {
                    placed[i] = true;
                    ordered.add(i);
                }
            }
        }
        return new SharedScales(List.copyOf(pipelines), sources, shortcuts,
                ordered.stream().mapToInt(Integer::intValue).toArray());
    }

    public List<PoolPipeline> pipelines() {
        return pipelines;
    }

    public int size() {
        return pipelines.size();
    }

    /** The outputs in an order where each follows its source. */
    public int[] order() {
        return order.clone();
    }

    /** The output that {@code output} is composed from, or -1 when it is computed from the input. */
    public int source(int output) {
        return sources[output];
    }

    /** The shortcut that composes {@code output} from its source, or null when it is computed from the input. */
    public MaxPoolShortcut shortcut(int output) {
        return shortcuts[output];
    }

    /** Every output for {@code input}, in pipeline order, each bit for bit its pipeline's {@link PoolPipeline#apply}. */
    public PoolResult[] apply(Tensor input) {
        PoolResult[] results = new PoolResult[pipelines.size()];
        for (int i : order) {
            results[i] = sources[i] < 0 ? pipelines.get(i).apply(input)
                    : new PoolResult(shortcuts[i].apply(input, results[sources[i]].values(), null), null);
        }
        return results;
    }
}
