package io.tensorpool.api;

import io.tensorpool.config.BadRecordPolicy;
import io.tensorpool.config.Compression;
import io.tensorpool.config.ConfigLoader;
import io.tensorpool.config.ErrorPolicy;
import io.tensorpool.config.InputConfig;
import io.tensorpool.config.InputFormat;
import io.tensorpool.config.JobConfig;
import io.tensorpool.config.OutputConfig;
import io.tensorpool.config.OutputDType;
import io.tensorpool.config.OutputLayout;
import io.tensorpool.config.TensorSpec;
import io.tensorpool.config.WriteMode;
import io.tensorpool.kernel.PoolOp;
import io.tensorpool.kernel.PoolPipeline;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to pool and how: the job's config model without the paths. The tensor spec
 * ({@code input.tensor}), the operators ({@code ops}), the output encoding ({@code output.layout},
 * {@code output.dtype}) and the error policy ({@code errors}), with the job's defaults and
 * every rule the job's config loader checks. Immutable and serializable.
 *
 * <p>From YAML, in the job config's own syntax (the paths may be left out, and are ignored if given):
 * <pre>{@code
 * PoolingSpec spec = PoolingSpec.fromYaml("""
 *     input: {tensor: {column: x, layout: list, shape_column: shape}}
 *     ops: [{op: max_pool2d, kernel_size: 3, stride: 2, padding: 1}]
 *     errors: {on_bad_record: skip}
 *     """);
 * }</pre>
 * or in code with {@link #builder()}.
 *
 * <p>Under {@code errors.on_bad_record: quarantine} no quarantine is written: the rejected rows
 * are offered as a dataset ({@link PooledDataset#rejected()}) and {@code quarantine_path} is not
 * needed.
 */
public final class PoolingSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final JobConfig config;

    private PoolingSpec(JobConfig config) {
        this.config = config;
    }

    /**
     * The spec in a job config's YAML syntax: {@code input.tensor}, {@code ops}, and optionally
     * {@code output.layout}, {@code output.dtype} and {@code errors}.
     *
     * @throws io.tensorpool.config.ConfigException with the job's one-line message when the spec is invalid
     */
    public static PoolingSpec fromYaml(String yaml) {
        return new PoolingSpec(ConfigLoader.poolingFromYaml(yaml, "pooling spec"));
    }

    /** A builder for a spec in code; {@link Builder#build()} checks it with the same rules as {@link #fromYaml}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code input.tensor}. */
    public TensorSpec tensor() {
        return config.input().tensor();
    }

    /** {@code ops}. */
    public PoolPipeline ops() {
        return config.pipeline();
    }

    /** {@code errors}. */
    public ErrorPolicy errors() {
        return config.errors();
    }

    /** The job config this spec stands for, with placeholder paths; for the API's own use. */
    JobConfig config() {
        return config;
    }

    /** The spec as canonical JSON: equal for specs with the same effect. */
    @Override
    public String toString() {
        return config.toCanonicalJson();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolingSpec spec && spec.config.toCanonicalJson().equals(config.toCanonicalJson());
    }

    @Override
    public int hashCode() {
        return config.toCanonicalJson().hashCode();
    }

    /** Builds a {@link PoolingSpec} from the config model's own types. */
    public static final class Builder {
        private TensorSpec tensor;
        private final List<PoolOp> ops = new ArrayList<>();
        private OutputLayout layout = OutputLayout.LIST;
        private OutputDType dtype = OutputDType.KEEP;
        private BadRecordPolicy onBadRecord = BadRecordPolicy.FAIL;
        private double maxBadFraction;

        private Builder() {
        }

        /** {@code input.tensor}: the tensor column, its layout and its shape. */
        public Builder tensor(TensorSpec tensor) {
            this.tensor = Objects.requireNonNull(tensor, "tensor");
            return this;
        }

        /** Appends an operator to {@code ops}. */
        public Builder op(PoolOp op) {
            ops.add(Objects.requireNonNull(op, "op"));
            return this;
        }

        /** {@code output.layout} and {@code output.dtype}; list and the pooled type by default. */
        public Builder output(OutputLayout layout, OutputDType dtype) {
            this.layout = Objects.requireNonNull(layout, "layout");
            this.dtype = Objects.requireNonNull(dtype, "dtype");
            return this;
        }

        /** {@code errors.on_bad_record} and {@code errors.max_bad_fraction}; fail and 0 by default. */
        public Builder errors(BadRecordPolicy onBadRecord, double maxBadFraction) {
            this.onBadRecord = Objects.requireNonNull(onBadRecord, "onBadRecord");
            this.maxBadFraction = maxBadFraction;
            return this;
        }

        /**
         * @throws io.tensorpool.config.ConfigException when the spec breaks a rule of the config
         *         (the same message {@link #fromYaml} gives)
         * @throws NullPointerException when no tensor spec was given
         */
        public PoolingSpec build() {
            Objects.requireNonNull(tensor, "tensor: call tensor(TensorSpec) first");
            String quarantine = onBadRecord == BadRecordPolicy.QUARANTINE ? ConfigLoader.DATASET_REJECTED : null;
            JobConfig drafted = new JobConfig(
                    new InputConfig(ConfigLoader.DATASET_INPUT, InputFormat.PARQUET, tensor),
                    new PoolPipeline(List.copyOf(ops)),
                    new OutputConfig(ConfigLoader.DATASET_OUTPUT, WriteMode.ERROR, Compression.SNAPPY, layout, dtype),
                    new ErrorPolicy(onBadRecord, quarantine, maxBadFraction));
            // One set of rules: the drafted config is checked by loading its canonical form.
            return new PoolingSpec(ConfigLoader.poolingFromYaml(drafted.toCanonicalJson(), "pooling spec"));
        }
    }
}
