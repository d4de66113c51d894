package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.util.List;

/**
 * A device model's register map and device-level defaults, from a profile file ({@code {name}.yaml}). Devices
 * name it with {@code profile:}; the loader merges it into their {@link DeviceConfig}.
 *
 * @param name              profile name, the file's base name
 * @param description       what device this is
 * @param wordOrder         word order of the device's multi-register values
 * @param maxBlockRegisters largest block read the device accepts
 * @param maxHole           most unused registers a coalesced block may bridge
 * @param forbidden         address ranges the device rejects
 * @param points            the device's points
 * @param highAddressesAreWire true when the map's holding addresses 40001..49999 and input addresses
 *                          30001..39999 are real wire addresses, not the manual's 1-based register numbers
 */
@Doc("A device profile: the register map of one device model and its device-level defaults.")
public record DeviceProfile(
        @Doc("Profile name; must equal the file's base name.") @Required
        @Identifier(IdKind.SIMPLE) String name,
        @Doc("What device this is (vendor, model, register map source).") String description,
        @Doc("Word order of multi-register values (ABCD, CDAB, BADC, DCBA).") WordOrder wordOrder,
        @Doc("Largest block read the device accepts, 1..125 registers.") @Range(min = 1, max = 125)
        Integer maxBlockRegisters,
        @Doc("Most unused registers a coalesced block may bridge, >= 0.") @Range(min = 0, max = 125) Integer maxHole,
        @Doc("Address ranges the device rejects.") List<AddressRange> forbidden,
        @Doc("The device's points.") List<PointConfig> points,
        @Doc("True when holding addresses 40001..49999 and input addresses 30001..39999 are this device's real "
                + "0-based wire addresses (e.g. a SunSpec map at 40000), not the manual's 1-based register numbers: "
                + "no warning for them (default false).")
        Boolean highAddressesAreWire) {

    public DeviceProfile {
        description = description != null ? description : "";
        forbidden = forbidden != null ? List.copyOf(forbidden) : List.of();
        points = points != null ? List.copyOf(points) : List.of();
        highAddressesAreWire = highAddressesAreWire != null ? highAddressesAreWire : false;
    }
}
