package io.sigdrift.pipeline.record;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;


/**
 * {@link CountRecord} (with its window values and examples, one per signature and window) without reflection or
 * boxing (see {@link RecordTypeInfo} for why): per record the POJO serializer walked nine fields and, for the
 * attribution values, a nested POJO per value. Layout: string source | int split | long windowStart | long
 * windowEnd | string signature | long count | int signatures | int examples (-1 = null) | examples x string |
 * int values (-1 = null) | values x (int position | string type | string value | long count | long error) |
 * int parameters (-1 = null) | parameters x (int position | string type | long total | int n | n x (string value |
 * long count)); strings as {@link ShuffleStrings} writes them (null allowed). Copies share the Strings and copy the arrays.
 */
public final class CountRecordSerializer extends TypeSerializerSingleton<CountRecord> {
    private static final long serialVersionUID = 1L;
    public static final CountRecordSerializer INSTANCE = new CountRecordSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public CountRecord createInstance() {
        return new CountRecord();
    }

    @Override
    public CountRecord copy(CountRecord from) {
        CountRecord c = CountRecord.forSignature(from.source, from.split, from.windowStart, from.windowEnd,
                from.signature, from.count);
        c.signatures = from.signatures;
        c.examples = from.examples == null ? null : from.examples.clone();
        if (from.values != null) {
            c.values = new ValueRecord[from.values.length];
            for (int i = 0; i < c.values.length; i++) {
                ValueRecord v = from.values[i];
                c.values[i] = v == null ? null : copy(v);
            }
        }
        if (from.parameters != null) {
            c.parameters = new ParameterRecord[from.parameters.length];
            for (int i = 0; i < c.parameters.length; i++) {
                ParameterRecord p = from.parameters[i];
                c.parameters[i] = p == null ? null : copy(p);
            }
        }
        return c;
    }

    private static ValueRecord copy(ValueRecord v) {
        ValueRecord r = new ValueRecord();
        r.position = v.position;
        r.type = v.type;
        r.value = v.value;
        r.count = v.count;
        r.error = v.error;
        return r;
    }

    private static ParameterRecord copy(ParameterRecord p) {
        ParameterRecord r = new ParameterRecord();
        r.position = p.position;
        r.type = p.type;
        r.total = p.total;
        r.values = p.values == null ? null : p.values.clone();
        r.counts = p.counts == null ? null : p.counts.clone();
        return r;
    }

    @Override
    public CountRecord copy(CountRecord from, CountRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CountRecord r, DataOutputView out) throws IOException {
        ShuffleStrings.write(r.source, out);
        out.writeInt(r.split);
        out.writeLong(r.windowStart);
        out.writeLong(r.windowEnd);
        ShuffleStrings.write(r.signature, out);
        out.writeLong(r.count);
        out.writeInt(r.signatures);
        if (r.examples == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.examples.length);
            for (String e : r.examples) {
                ShuffleStrings.write(e, out);
            }
        }
        if (r.values == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.values.length);
            for (ValueRecord v : r.values) {
                out.writeInt(v.position);
                ShuffleStrings.write(v.type, out);
                ShuffleStrings.write(v.value, out);
                out.writeLong(v.count);
                out.writeLong(v.error);
            }
        }
        if (r.parameters == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.parameters.length);
            for (ParameterRecord p : r.parameters) {
                out.writeInt(p.position);
                ShuffleStrings.write(p.type, out);
                out.writeLong(p.total);
                // values and counts are parallel arrays (ParameterRecord.of): one length for both
                int n = p.values == null ? 0 : p.values.length;
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    ShuffleStrings.write(p.values[i], out);
                    out.writeLong(p.counts[i]);
                }
            }
        }
    }

    @Override
    public CountRecord deserialize(DataInputView in) throws IOException {
        CountRecord c = new CountRecord();
        c.source = ShuffleStrings.read(in);
        c.split = in.readInt();
        c.windowStart = in.readLong();
        c.windowEnd = in.readLong();
        c.signature = ShuffleStrings.read(in);
        c.count = in.readLong();
        c.signatures = in.readInt();
        int n = in.readInt();
        if (n >= 0) {
            c.examples = new String[n];
            for (int i = 0; i < n; i++) {
                c.examples[i] = ShuffleStrings.read(in);
            }
        }
        int m = in.readInt();
        if (m >= 0) {
            c.values = new ValueRecord[m];
            for (int i = 0; i < m; i++) {
                ValueRecord v = new ValueRecord();
                v.position = in.readInt();
                v.type = ShuffleStrings.read(in);
                v.value = ShuffleStrings.read(in);
                v.count = in.readLong();
                v.error = in.readLong();
                c.values[i] = v;
            }
        }
        int q = in.readInt();
        if (q >= 0) {
            c.parameters = new ParameterRecord[q];
            for (int i = 0; i < q; i++) {
                ParameterRecord p = new ParameterRecord();
                p.position = in.readInt();
                p.type = ShuffleStrings.read(in);
                p.total = in.readLong();
                int k = in.readInt();
                p.values = new String[k];
                p.counts = new long[k];
                for (int j = 0; j < k; j++) {
                    p.values[j] = ShuffleStrings.read(in);
                    p.counts[j] = in.readLong();
                }
                c.parameters[i] = p;
            }
        }
        return c;
    }

    @Override
    public CountRecord deserialize(CountRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<CountRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot (no configuration: the layout has one version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CountRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** Attached to {@link CountRecord} with {@code @TypeInfo}. */
    public static final class Factory extends TypeInfoFactory<CountRecord> {
        @Override
        public TypeInformation<CountRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RecordTypeInfo<>(CountRecord.class, INSTANCE);
        }
    }
}
