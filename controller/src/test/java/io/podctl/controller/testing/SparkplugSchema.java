package io.podctl.controller.testing;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent decoder (and encoder) of Sparkplug B payloads for tests: protobuf-java's own parser over a
 * descriptor built from the Sparkplug B 3.0 schema ({@code sparkplug_b.proto}: messages Payload, Metric,
 * PropertySet, PropertyValue, MetaData with the schema's field numbers and types; DataSet, Template and the
 * extension values are left out and would parse as unknown fields). Nothing here shares code with the
 * controller's hand-written encoder.
 */
public final class SparkplugSchema {
    private static final Descriptors.Descriptor PAYLOAD = build();
    private static final Descriptors.Descriptor METRIC = PAYLOAD.findNestedTypeByName("Metric");

    private SparkplugSchema() {
    }

    /** A decoded metric: the fields tests look at. Value is the set one of the oneof, or null. */
    public record Metric(String name, long timestamp, int datatype, boolean historical, boolean isNull, Object value,
                         Map<String, Object> properties) {
    }

    /** A decoded payload; seq is -1 when absent. */
    public record Payload(long timestamp, long seq, List<Metric> metrics) {
        public Metric metric(String name) {
            return metrics.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
        }

        public boolean has(String name) {
            return metrics.stream().anyMatch(m -> m.name().equals(name));
        }
    }

    private static FieldDescriptorProto field(String name, int number, Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(Label.LABEL_OPTIONAL).build();
    }

    private static FieldDescriptorProto message(String name, int number, String typeName, boolean repeated) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(Type.TYPE_MESSAGE)
                .setTypeName(typeName).setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL).build();
    }

    private static Descriptors.Descriptor build() {
        String p = ".org.eclipse.tahu.protobuf.Payload.";
        DescriptorProto propertyValue = DescriptorProto.newBuilder().setName("PropertyValue")
                .addField(field("type", 1, Type.TYPE_UINT32))
                .addField(field("is_null", 2, Type.TYPE_BOOL))
                .addField(field("int_value", 3, Type.TYPE_UINT32))
                .addField(field("long_value", 4, Type.TYPE_UINT64))
                .addField(field("float_value", 5, Type.TYPE_FLOAT))
                .addField(field("double_value", 6, Type.TYPE_DOUBLE))
                .addField(field("boolean_value", 7, Type.TYPE_BOOL))
                .addField(field("string_value", 8, Type.TYPE_STRING))
                .addField(message("propertyset_value", 9, p + "PropertySet", false))
                .build();
        DescriptorProto propertySet = DescriptorProto.newBuilder().setName("PropertySet")
                .addField(FieldDescriptorProto.newBuilder().setName("keys").setNumber(1).setType(Type.TYPE_STRING)
                        .setLabel(Label.LABEL_REPEATED))
                .addField(message("values", 2, p + "PropertyValue", true))
                .build();
        DescriptorProto metaData = DescriptorProto.newBuilder().setName("MetaData")
                .addField(field("is_multi_part", 1, Type.TYPE_BOOL))
                .addField(field("content_type", 2, Type.TYPE_STRING))
                .addField(field("size", 3, Type.TYPE_UINT64))
                .addField(field("seq", 4, Type.TYPE_UINT64))
                .addField(field("file_name", 5, Type.TYPE_STRING))
                .addField(field("file_type", 6, Type.TYPE_STRING))
                .addField(field("md5", 7, Type.TYPE_STRING))
                .addField(field("description", 8, Type.TYPE_STRING))
                .build();
        DescriptorProto metric = DescriptorProto.newBuilder().setName("Metric")
                .addField(field("name", 1, Type.TYPE_STRING))
                .addField(field("alias", 2, Type.TYPE_UINT64))
                .addField(field("timestamp", 3, Type.TYPE_UINT64))
                .addField(field("datatype", 4, Type.TYPE_UINT32))
                .addField(field("is_historical", 5, Type.TYPE_BOOL))
                .addField(field("is_transient", 6, Type.TYPE_BOOL))
                .addField(field("is_null", 7, Type.TYPE_BOOL))
                .addField(message("metadata", 8, p + "MetaData", false))
                .addField(message("properties", 9, p + "PropertySet", false))
                .addField(field("int_value", 10, Type.TYPE_UINT32))
                .addField(field("long_value", 11, Type.TYPE_UINT64))
                .addField(field("float_value", 12, Type.TYPE_FLOAT))
                .addField(field("double_value", 13, Type.TYPE_DOUBLE))
                .addField(field("boolean_value", 14, Type.TYPE_BOOL))
                .addField(field("string_value", 15, Type.TYPE_STRING))
                .addField(field("bytes_value", 16, Type.TYPE_BYTES))
                .build();
        DescriptorProto payload = DescriptorProto.newBuilder().setName("Payload")
                .addNestedType(propertyValue).addNestedType(propertySet).addNestedType(metaData)
                .addNestedType(metric)
                .addField(field("timestamp", 1, Type.TYPE_UINT64))
                .addField(message("metrics", 2, p + "Metric", true))
                .addField(field("seq", 3, Type.TYPE_UINT64))
                .addField(field("uuid", 4, Type.TYPE_STRING))
                .addField(field("body", 5, Type.TYPE_BYTES))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("sparkplug_b.proto")
                .setPackage("org.eclipse.tahu.protobuf").setSyntax("proto2").addMessageType(payload).build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("Payload");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes with protobuf-java; fails the test on bytes that are not a valid payload. */
    public static Payload decode(byte[] bytes) {
        DynamicMessage m;
        try {
            m = DynamicMessage.parseFrom(PAYLOAD, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a Sparkplug B payload: " + e.getMessage(), e);
        }
        Descriptors.FieldDescriptor seqField = PAYLOAD.findFieldByName("seq");
        long seq = m.hasField(seqField) ? (Long) m.getField(seqField) : -1;
        List<Metric> metrics = new ArrayList<>();
        for (Object o : (List<?>) m.getField(PAYLOAD.findFieldByName("metrics"))) {
            metrics.add(metric((DynamicMessage) o));
        }
        return new Payload((Long) m.getField(PAYLOAD.findFieldByName("timestamp")), seq, metrics);
    }

    private static Metric metric(DynamicMessage m) {
        Object value = null;
        for (String f : List.of("int_value", "long_value", "float_value", "double_value", "boolean_value",
                "string_value")) {
            Descriptors.FieldDescriptor fd = METRIC.findFieldByName(f);
            if (m.hasField(fd)) {
                value = m.getField(fd);
            }
        }
        Map<String, Object> props = new LinkedHashMap<>();
        Descriptors.FieldDescriptor pf = METRIC.findFieldByName("properties");
        if (m.hasField(pf)) {
            DynamicMessage set = (DynamicMessage) m.getField(pf);
            List<?> keys = (List<?>) set.getField(set.getDescriptorForType().findFieldByName("keys"));
            List<?> values = (List<?>) set.getField(set.getDescriptorForType().findFieldByName("values"));
            for (int i = 0; i < keys.size(); i++) {
                DynamicMessage v = (DynamicMessage) values.get(i);
                Object pv = null;
                for (Descriptors.FieldDescriptor fd : v.getDescriptorForType().getFields()) {
                    if (fd.getNumber() >= 3 && v.hasField(fd)) {
                        pv = v.getField(fd);
                    }
                }
                props.put((String) keys.get(i), pv);
            }
        }
        return new Metric((String) m.getField(METRIC.findFieldByName("name")),
                (Long) m.getField(METRIC.findFieldByName("timestamp")),
                (Integer) m.getField(METRIC.findFieldByName("datatype")),
                (Boolean) m.getField(METRIC.findFieldByName("is_historical")),
                (Boolean) m.getField(METRIC.findFieldByName("is_null")), value, props);
    }

    /** An NCMD payload written with protobuf-java: one Boolean metric (e.g. {@code Node Control/Rebirth}). */
    public static byte[] command(long timestamp, String metric, Object value) {
        DynamicMessage.Builder mb = DynamicMessage.newBuilder(METRIC)
                .setField(METRIC.findFieldByName("name"), metric);
        if (value instanceof Boolean b) {
            mb.setField(METRIC.findFieldByName("datatype"), 11).setField(METRIC.findFieldByName("boolean_value"), b);
        } else {
            mb.setField(METRIC.findFieldByName("datatype"), 12)
                    .setField(METRIC.findFieldByName("string_value"), String.valueOf(value));
        }
        return DynamicMessage.newBuilder(PAYLOAD).setField(PAYLOAD.findFieldByName("timestamp"), timestamp)
                .addRepeatedField(PAYLOAD.findFieldByName("metrics"), mb.build()).build().toByteArray();
    }
}
