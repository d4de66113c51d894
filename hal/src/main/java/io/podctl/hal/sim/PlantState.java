package io.podctl.hal.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of the simulated pod's physics, taken after a step: what tests compare register
 * reads against and what a status view shows. Values are the plant's own, before register scaling,
 * overrides and freezing (the registers show these values rounded to their encoding unless a device is
 * frozen or overridden).
 *
 * @param simTime                   simulated time since start
 * @param supplyTemperatureC        secondary supply to the racks, °C
 * @param returnTemperatureC        secondary return from the racks, °C
 * @param supplySetpointC           the CDU's supply setpoint (holding register 0), °C
 * @param facilityWaterC            primary (facility water) supply temperature, °C
 * @param primaryReturnTemperatureC primary return temperature, °C
 * @param flowLpm                   secondary flow, L/min
 * @param differentialPressureKpa   secondary loop differential pressure, kPa
 * @param reservoirLevelPercent     reservoir level, %
 * @param valvePercent              primary control valve position, %
 * @param valveStuck                true while the valve is held by fault injection
 * @param pumps                     pump 1 and pump 2
 * @param racks                     rack 1..N
 * @param meter                     the feeder meter's readings
 * @param cduStatusBits             CDU StatusBits register (bit0 any alarm, bit1 low level, bit2 pump fault)
 * @param heartbeat                 CDU heartbeat register (whole simulated seconds, mod 65536)
 * @param estopPressed              E-stop pressed (its loop open)
 * @param localResetPressed         local reset button held
 * @param beaconOn                  the controller drives the beacon output high
 */
public record PlantState(Duration simTime,
                         double supplyTemperatureC, double returnTemperatureC, double supplySetpointC,
                         double facilityWaterC, double primaryReturnTemperatureC,
                         double flowLpm, double differentialPressureKpa, double reservoirLevelPercent,
                         double valvePercent, boolean valveStuck,
                         List<PumpState> pumps, List<RackState> racks, MeterState meter,
                         int cduStatusBits, int heartbeat,
                         boolean estopPressed, boolean localResetPressed, boolean beaconOn) {

    public PlantState {
        Objects.requireNonNull(simTime, "simTime");
        pumps = List.copyOf(pumps);
        racks = List.copyOf(racks);
        Objects.requireNonNull(meter, "meter");
    }

    /** Rack {@code n}, 1-based. */
    public RackState rack(int n) {
        return racks.get(n - 1);
    }

    /** Pump {@code n}, 1-based. */
    public PumpState pump(int n) {
        return pumps.get(n - 1);
    }

    /**
     * One CDU pump.
     *
     * @param number       1 or 2
     * @param commandedOn  its run command (holding register) is 1
     * @param running      speed feedback above 1 % (status bit0)
     * @param faultActive  a fault is injected now
     * @param faultLatched status bit1: set by a fault, cleared by AlarmReset once the fault has gone
     * @param speedPercent actual speed, %
     * @param powerKw      electrical power, kW
     */
    public record PumpState(int number, boolean commandedOn, boolean running, boolean faultActive,
                            boolean faultLatched, double speedPercent, double powerKw) {
    }

    /**
     * One rack and its PDU.
     *
     * @param number             1..N
     * @param contactorEnergized the controller drives its contactor output energized
     * @param demandKw           IT demand when powered, kW
     * @param powerKw            power drawn now, kW (0 unless energized and not in thermal shutdown)
     * @param thermalShutdown    the rack's own hardware shut down on coolant over-temperature; it stays
     *                           off until its contactor is opened
     * @param leak               a leak is asserted at this rack
     * @param pduVoltageV        PDU inlet line-to-line voltage, V (0 while the contactor is open)
     * @param pduCurrentA        PDU inlet line current, A
     * @param pduOutlet1CurrentA PDU outlet 1 current, A
     */
    public record RackState(int number, boolean contactorEnergized, double demandKw, double powerKw,
                            boolean thermalShutdown, boolean leak,
                            double pduVoltageV, double pduCurrentA, double pduOutlet1CurrentA) {
    }

    /** The feeder meter: line-to-neutral voltages, line currents, per-phase and total active power. */
    public record MeterState(double l1VoltageV, double l2VoltageV, double l3VoltageV,
                             double l1CurrentA, double l2CurrentA, double l3CurrentA,
                             double l1PowerW, double l2PowerW, double l3PowerW,
                             double totalPowerW, double frequencyHz,
                             double importEnergyKwh, double totalEnergyKwh) {
    }
}
