package io.podctl.sensors;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest {@link DeviceStatus} of every device, and the {@link SuspectValues} their pollers found. Pollers
 * replace a device's status when it changes; the loop and the publisher read it. A change counter lets readers
 * notice changes without comparing.
 *
 * <p>Threading: thread-safe; {@link #update} from poller threads, reads from any thread.
 */
public final class DeviceStatusBoard {
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    private final List<String> deviceIds;
    private final AtomicLong changes = new AtomicLong();
    private final SuspectValues suspects = new SuspectValues();

    /** A board for these devices, all {@link DeviceHealth#UNKNOWN} at {@code nowNanos}. */
    public DeviceStatusBoard(List<String> deviceIds, long nowNanos) {
        this.deviceIds = List.copyOf(deviceIds);
        for (String id : deviceIds) {
            statuses.put(id, DeviceStatus.unknown(id, nowNanos));
        }
    }

    /** Records a new status for its device; counts a change when the health or the reason differs. */
    public void update(DeviceStatus status) {
        DeviceStatus previous = statuses.put(status.deviceId(), status);
        if (previous == null || previous.health() != status.health() || !previous.reason().equals(status.reason())) {
            changes.incrementAndGet();
        }
    }

    /** The current status of a device. */
    public DeviceStatus get(String deviceId) {
        DeviceStatus s = statuses.get(deviceId);
        if (s == null) {
            throw new IllegalArgumentException("unknown device " + deviceId);
        }
        return s;
    }

    /** The device ids, in configuration order. */
    public List<String> deviceIds() {
        return deviceIds;
    }

    /** Every status, in configuration order. */
    public List<DeviceStatus> all() {
        return deviceIds.stream().map(statuses::get).toList();
    }

    /** The readings these devices' pollers do not believe. */
    public SuspectValues suspects() {
        return suspects;
    }

    /** Increments whenever a device's health or reason changes. */
    public long changeCount() {
        return changes.get();
    }
}
