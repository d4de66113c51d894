package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.PartialWhenSet;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * One Modbus device (a unit on a bus) and the points read from it.
 *
 * <p>When the device names a {@code profile}, the loader has already merged it: the profile's points (with the
 * device's field-by-field overrides), and the profile's device-level values for every key the device leaves
 * out ({@code wordOrder}, {@code maxBlockRegisters}, {@code maxHole}, {@code forbidden}, {@code description},
 * {@code highAddressesAreWire}).
 *
 * @param id                 unique device id; point ids are {@code {device id}.{point id}}
 * @param description        free text
 * @param bus                id of the bus it is on
 * @param unitId             Modbus unit id, 1..247 (default 1)
 * @param pollPeriod         how often its points are read (default 1 s)
 * @param pollOffset         phase offset of the first poll after start (default 0)
 * @param retries            retries per block within one poll (default 1)
 * @param wordOrder          word and byte order of multi-register values (default ABCD)
 * @param maxBlockRegisters  largest block read the device accepts (default 125)
 * @param maxHole            most unused registers a coalesced block may bridge (default 8)
 * @param profile            name of the profile its points came from, if any
 * @param points             its points, profile points already merged with overrides
 * @param forbidden          address ranges the device rejects; no block read may include any of them
 * @param highAddressesAreWire true when holding addresses 40001..49999 and input addresses 30001..39999 are
 *                           the device's real wire addresses (a SunSpec map at 40000, say), not the manual's
 *                           1-based register numbers: the loader then does not warn about them (default false)
 */
@Doc("One Modbus device (a unit on a bus) and the points read from it.")
public record DeviceConfig(
        @Doc("Unique device id; its points are {device}.{point} pod-wide.") @Required
        @Identifier(IdKind.SIMPLE) String id,
        @Doc("Free text for people (default: the profile's description).") String description,
        @Doc("Id of the bus the device is on.") @Required @Identifier(IdKind.SIMPLE) String bus,
        @Doc("Modbus unit id, 1..247 (default 1).") @Range(min = 1, max = 247) Integer unitId,
        @Doc("How often its points are read (default 1s); longer than the bus timeout.")
        @DurationRange(positive = true) Duration pollPeriod,
        @Doc("Phase offset of the first poll after start, spreads load (default 0s).") Duration pollOffset,
        @Doc("Retries per block within one poll, 0..3 (default 1).") @Range(min = 0, max = 3) Integer retries,
        @Doc("Byte order of multi-register values: ABCD big-endian, CDAB word-swapped, BADC byte-swapped, "
                + "DCBA little-endian (default: the profile's, else ABCD).") WordOrder wordOrder,
        @Doc("Largest block read the device accepts, 1..125 registers (default: the profile's, else 125).")
        @Range(min = 1, max = 125) Integer maxBlockRegisters,
        @Doc("Most unused registers a coalesced block may bridge, >= 0 (default: the profile's, else 8).")
        @Range(min = 0, max = 125) Integer maxHole,
        @Doc("Name of a device profile (shipped, or a file in a profiles directory) providing points and "
                + "device defaults.") @Identifier(IdKind.SIMPLE) String profile,
        @Doc("Its points; with a profile, an entry whose id matches a profile point overrides its fields, "
                + "other entries add points.") @PartialWhenSet("profile") List<PointConfig> points,
        @Doc("Address ranges the device rejects; block reads never include them (default: the profile's).")
        List<AddressRange> forbidden,
        @Doc("True when holding addresses 40001..49999 and input addresses 30001..39999 are this device's real "
                + "0-based wire addresses, not the manual's 1-based register numbers: no warning for them "
                + "(default: the profile's, else false).")
        Boolean highAddressesAreWire) {

    public DeviceConfig {
        description = description != null ? description : "";
        unitId = unitId != null ? unitId : 1;
        pollPeriod = pollPeriod != null ? pollPeriod : Duration.ofSeconds(1);
        pollOffset = pollOffset != null ? pollOffset : Duration.ZERO;
        retries = retries != null ? retries : 1;
        wordOrder = wordOrder != null ? wordOrder : WordOrder.ABCD;
        maxBlockRegisters = maxBlockRegisters != null ? maxBlockRegisters : 125;
        maxHole = maxHole != null ? maxHole : 8;
        points = points != null ? List.copyOf(points) : List.of();
        forbidden = forbidden != null ? List.copyOf(forbidden) : List.of();
        highAddressesAreWire = highAddressesAreWire != null ? highAddressesAreWire : false;
    }

    /** The shape before {@code forbidden} was added: no forbidden ranges. */
    public DeviceConfig(String id, String description, String bus, Integer unitId, Duration pollPeriod,
                        Duration pollOffset, Integer retries, WordOrder wordOrder, Integer maxBlockRegisters,
                        Integer maxHole, String profile, List<PointConfig> points) {
        this(id, description, bus, unitId, pollPeriod, pollOffset, retries, wordOrder, maxBlockRegisters, maxHole,
                profile, points, null, null);
    }

    /** The pod-wide id of one of this device's points. */
    public String qualifiedPointId(PointConfig point) {
        return id + "." + point.id();
    }

    /** True when a block read of {@code count} registers (or bits) from {@code start} in {@code table} touches a forbidden range. */
    public boolean isForbidden(Table table, int start, int count) {
        for (AddressRange r : forbidden) {
            if (r.overlaps(table, start, count)) {
                return true;
            }
        }
        return false;
    }
}
