package io.podctl.config;

import java.time.Duration;
import java.util.List;

/**
 * One Modbus device (a unit on a bus) and the points read from it.
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
 */
public record DeviceConfig(String id, String description, String bus, Integer unitId, Duration pollPeriod,
                           Duration pollOffset, Integer retries, WordOrder wordOrder, Integer maxBlockRegisters,
                           Integer maxHole, String profile, List<PointConfig> points) {
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
    }

    /** The pod-wide id of one of this device's points. */
    public String qualifiedPointId(PointConfig point) {
        return id + "." + point.id();
    }
}
