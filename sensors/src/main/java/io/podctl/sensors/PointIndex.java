package io.podctl.sensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A fixed list of points and the index of each by id, for the boards. Immutable; any thread. */
final class PointIndex {
    private final PointDescriptor[] points;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final String kind;

    /**
     * @param pointList the points, ids unique
     * @param kind      what the points are, for messages ("point", "text point")
     */
    PointIndex(List<PointDescriptor> pointList, String kind) {
        this.points = pointList.toArray(PointDescriptor[]::new);
        this.kind = kind;
        for (int i = 0; i < points.length; i++) {
            if (indexById.put(points[i].id(), i) != null) {
                throw new IllegalArgumentException("duplicate point id " + points[i].id());
            }
        }
    }

    int size() {
        return points.length;
    }

    PointDescriptor descriptor(int index) {
        return points[index];
    }

    List<PointDescriptor> descriptors() {
        return List.of(points);
    }

    OptionalInt indexOf(String pointId) {
        Integer i = indexById.get(pointId);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    int requireIndex(String pointId) {
        Integer i = indexById.get(pointId);
        if (i == null) {
            throw new IllegalArgumentException("unknown " + kind + " " + pointId);
        }
        return i;
    }
}
