package io.tensorpool.job;

import io.tensorpool.kernel.PoolResult;
import io.tensorpool.kernel.ShapeTooLargeException;
import io.tensorpool.kernel.Tensor;
import io.tensorpool.tensor.BadRecordException;
import io.tensorpool.tensor.spark.ListCells;
import io.tensorpool.tensor.RecordReasons;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The per-partition function: pools every record of a partition of internal rows, lazily, one
 * row in, at most one row out. It holds only the broadcast plan, the counters and the quarantine
 * writer's description, never the session or the job, so it serialises small.
 *
 * <p>Internal rows keep the tensor cells as Spark's own arrays, so reading and writing them are
 * memory copies with no per-element boxing. Passthrough values are handed on as they are: the
 * scan that consumes our rows copies each one before it asks for the next input row.
 *
 * <p>Counts are kept in the task and reported once, after the partition's last row, as one
 * {@link PartitionCounts}; a rejected record under quarantine is written on the spot to the
 * attempt's quarantine file, whose name travels with those counts.
 */
final class PartitionPooler implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<RecordPlan> plan;
    private final RunCounters counters;
    private final QuarantineFiles quarantine;
    private final StructType rejectedSchema;

    /** @param quarantine where rejected rows go under {@code on_bad_record: quarantine}, else null */
    PartitionPooler(Broadcast<RecordPlan> plan, RunCounters counters, QuarantineFiles quarantine) {
        this(plan, counters, quarantine, null);
    }

    private PartitionPooler(Broadcast<RecordPlan> plan, RunCounters counters, QuarantineFiles quarantine,
                            StructType rejectedSchema) {
        this.plan = plan;
        this.counters = counters;
        this.quarantine = quarantine;
        this.rejectedSchema = rejectedSchema;
    }

    /**
     * The reverse of a pooler: yields, for every record the plan rejects, its quarantine row
     * ({@link QuarantineFiles#rejectedRow}), and nothing for the records it pools.
     *
     * @param rejectedSchema the quarantine's schema for the input ({@link QuarantineFiles#schemaOf})
     */
    static PartitionPooler rejectedRows(Broadcast<RecordPlan> plan, RunCounters counters, StructType rejectedSchema) {
        return new PartitionPooler(plan, counters, null, rejectedSchema);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        return new PooledRows(rows, plan.value(), counters, quarantine, rejectedSchema);
    }

    /** Pools rows as they are pulled; skipped records are passed over. */
    private static final class PooledRows implements Iterator<InternalRow> {
        private final Iterator<InternalRow> input;
        private final RecordPlan plan;
        private final List<OutputSlot> slots;
        private final RunCounters counters;
        private final QuarantineFiles quarantine;
        private final StructType rejectedSchema;
        private final TaskArrays arrays = new TaskArrays();
        private final Map<String, Long> badRecords = new TreeMap<>();
        private final Map<String, Long> outputShapes = new TreeMap<>();
        private long recordsIn;
        private long recordsOut;
        private QuarantineFiles.TaskFile quarantineFile;
        private boolean reported;
        private int[] lastShape;
        private String lastShapeKey;
        private InternalRow next;

        PooledRows(Iterator<InternalRow> input, RecordPlan plan, RunCounters counters, QuarantineFiles quarantine,
                   StructType rejectedSchema) {
            this.input = input;
            this.rejectedSchema = rejectedSchema;
            this.plan = plan;
            this.slots = plan.slots();
            this.counters = counters;
            this.quarantine = quarantine;
        }

        @Override
        public boolean hasNext() {
            while (next == null && input.hasNext()) {
                next = poolRecord(input.next());
            }
            if (next == null && !reported) {
                report();
            }
            return next != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow row = next;
            next = null;
            return row;
        }

        /** After the last row: finishes the quarantine file and reports the partition's counts, once. */
        private void report() {
            reported = true;
            String file = quarantineFile == null ? null : quarantineFile.close();
            counters.add(new PartitionCounts(TaskContext.getPartitionId(), recordsIn, recordsOut, badRecords,
                    outputShapes, file));
        }

        /** The output row for {@code row}, or null when the record is skipped. */
        private InternalRow poolRecord(InternalRow row) {
            recordsIn++;
            Object[] values = new Object[slots.size()];
            PoolResult[] results;
            try {
                results = runOperators(plan.decoder().decode(row, arrays));
                for (int i = 0; i < values.length; i++) {
                    values[i] = valueOf(slots.get(i), row, results);
                }
            } catch (BadRecordException e) {
                return reject(row, e.reason(), e.getMessage(), e);
            }
            recordsOut++;
            if (results.length == 1) {
                outputShapes.merge(shapeKey(results[0].values().shape()), 1L, Long::sum);
            } else {
                for (int i = 0; i < results.length; i++) {
                    outputShapes.merge(plan.outputNames().get(i) + " " + Arrays.toString(results[i].values().shape()),
                            1L, Long::sum);
                }
            }
            return rejectedSchema != null ? null : new GenericInternalRow(values);
        }

        /** The shape as the run report counts it; records nearly always repeat the last one's. */
        private String shapeKey(int[] shape) {
            if (!Arrays.equals(shape, lastShape)) {
                lastShape = shape;
                lastShapeKey = Arrays.toString(shape);
            }
            return lastShapeKey;
        }

        /**
         * Runs the operators of every output; the kernels reject a record whose shape a window does
         * not fit, or whose output would be larger than one array holds (the whole record, whichever
         * output it is).
         */
        private PoolResult[] runOperators(Tensor tensor) {
            try {
                return arrays.poolAll(plan.scales(), tensor);
            } catch (ShapeTooLargeException e) {
                throw new BadRecordException(RecordReasons.SHAPE_TOO_LARGE, e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException(RecordReasons.TOO_SMALL_FOR_WINDOW, e.getMessage(), e);
            }
        }

        private static Object valueOf(OutputSlot slot, InternalRow row, PoolResult[] results) {
            if (slot instanceof OutputSlot.Passthrough passthrough) {
                return row.isNullAt(passthrough.ordinal()) ? null : row.get(passthrough.ordinal(), passthrough.type());
            } else if (slot instanceof OutputSlot.PooledTensor tensor) {
                return tensor.encoder().encode(results[tensor.output()].values());
            } else if (slot instanceof OutputSlot.PooledShape shape) {
                return ListCells.writeShape(results[shape.output()].values().shape());
            } else if (slot instanceof OutputSlot.Constant constant) {
                return UTF8String.fromString(constant.value());
            } else {
                return ListCells.writeIndices(results[((OutputSlot.Indices) slot).output()].indices());
            }
        }

        private InternalRow reject(InternalRow row, String reason, String problem, Exception cause) {
            badRecords.merge(reason, 1L, Long::sum);
            // A dataset that is not a file scan has no file and row: the partition and the
            // record's offset in it name the record instead.
            boolean fromFile = !row.isNullAt(plan.fileOrdinal());
            String file = fromFile ? row.getUTF8String(plan.fileOrdinal()).toString()
                    : "partition " + TaskContext.getPartitionId();
            long index = fromFile && !row.isNullAt(plan.rowOrdinal()) ? row.getLong(plan.rowOrdinal())
                    : fromFile ? -1 : recordsIn - 1;
            if (rejectedSchema != null) {
                return QuarantineFiles.rejectedRow(rejectedSchema, row, new RejectedRecord(file, index, reason, problem));
            }
            switch (plan.onBadRecord()) {
                case SKIP:
                    return null;
                case QUARANTINE:
                    // Without a writer (the library API, which offers the rejected rows as a
                    // dataset of their own) the record is only left out.
                    if (quarantine == null) {
                        return null;
                    }
                    if (quarantineFile == null) {
                        quarantineFile = quarantine.open();
                    }
                    quarantineFile.write(row, new RejectedRecord(file, index, reason, problem));
                    return null;
                default:
                    break;
            }
            throw JobErrors.recordRejected(reason, index, file, problem, cause);
        }
    }
}
