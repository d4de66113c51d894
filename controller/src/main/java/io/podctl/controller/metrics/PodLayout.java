package io.podctl.controller.metrics;

import io.podctl.sensors.PointDescriptor;
import java.util.List;
import java.util.Map;

/**
 * What the exporter knows of the pod from its configuration (built by the composition root, the one place that
 * reads it), fixed for the life of the controller: identity,
 * which device each point belongs to, the racks and their power points, the power and cooling points of load
 * shedding, the derate effects, and the ids of every trip, effect and permissive (so that their series exist,
 * at 0, before anything happens). Immutable.
 *
 * @param site            pod site (label {@code site})
 * @param pod             pod id (label {@code pod})
 * @param version         software version
 * @param points          every point, by board index
 * @param pointDevice     device id of each point by board index, or null for GPIO inputs
 * @param racks           the sheddable racks, in shed order
 * @param podPowerIndex   board index of the pod's total power point, or -1
 * @param flowIndex       board index of the coolant flow point of the cooling budget, or -1
 * @param maxDeltaT       largest allowed coolant temperature rise of the cooling budget, K
 * @param siteBudgetW     what the site feed allows, W; NaN without load shedding
 * @param derateEffectsW  derate effects and the power each leaves, W
 * @param effects         every declared effect
 * @param permissives     every permissive
 * @param trips           every trip that can latch
 * @param periodNanos     loop period
 * @param stallNanos      the loop counts as stalled after this long without a cycle
 */
public record PodLayout(String site, String pod, String version, List<PointDescriptor> points,
                        List<String> pointDevice, List<Rack> racks, int podPowerIndex, int flowIndex, double maxDeltaT,
                        double siteBudgetW, Map<String, Double> derateEffectsW, List<String> effects,
                        List<String> permissives, List<String> trips, long periodNanos, long stallNanos) {

    /**
     * A sheddable rack.
     *
     * @param id         its label: the rack's power output id
     * @param powerIndex board index of its power point
     */
    public record Rack(String id, int powerIndex) {
    }
}
