package io.podctl.hal.sim.internal;

import io.podctl.hal.sim.PlantState;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimSignal;
import io.podctl.hal.sim.SupplySensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pod's physics as a deterministic function of its inputs and time: no I/O, no threads, no clock.
 * {@link io.podctl.hal.sim.SimulatedPod} feeds it the contactor outputs and the CDU's holding registers,
 * calls {@link #step}, and publishes the results. The equations are documented on
 * {@link io.podctl.hal.sim.SimulatedPod}; the constants below are the lumped model's parameters.
 *
 * <p>Threading: not thread-safe; the owner serializes access.
 */
public final class PodPhysics {
    /** Specific heat of water, J/(kg·K). */
    public static final double WATER_CP = 4186.0;
    /** Coolant density, kg/L (water; the 1 % variation over 20–45 °C is ignored). */
    public static final double WATER_DENSITY = 1.0;
    /** Coolant in the racks' cold plates and manifolds (the rack node), kg. */
    public static final double RACK_COOLANT_KG = 60.0;
    /** Coolant in the CDU, reservoir and pipes (the loop node), kg. */
    public static final double LOOP_COOLANT_KG = 250.0;
    /** Secondary flow per percent of pump speed, per running pump, L/min (330 L/min at 75 %). */
    public static final double FLOW_PER_PERCENT_LPM = 4.4;
    /** Loop differential pressure at {@link #DP_REFERENCE_FLOW_LPM}, kPa (1.2 bar); ΔP grows with flow². */
    public static final double DP_AT_REFERENCE_KPA = 120.0;
    public static final double DP_REFERENCE_FLOW_LPM = 330.0;
    /** Time constant of pump speed following its target (spin-up and spin-down), s. */
    public static final double PUMP_TIME_CONSTANT_S = 1.5;
    /** Pump speed at which {@link SimPodSettings.Physics#pumpPowerKw()} is drawn, %. */
    public static final double PUMP_RATED_SPEED_PERCENT = 75.0;
    /** Speed feedback above which a pump reports "running", %. */
    public static final double PUMP_RUNNING_THRESHOLD_PERCENT = 1.0;
    /** Heat exchanger effectiveness with the primary valve fully open. */
    public static final double HX_MAX_EFFECTIVENESS = 0.9;
    /** Facility-water flow through the heat exchanger with the valve fully open, L/min. */
    public static final double PRIMARY_NOMINAL_FLOW_LPM = 400.0;
    /** The CDU's supply-temperature PI controller: proportional gain, valve fraction per K. */
    public static final double VALVE_KP_PER_K = 0.05;
    /** Integral gain, valve fraction per (K·s). */
    public static final double VALVE_KI_PER_K_S = 0.004;
    /** Valve actuator rate limit, fraction per second (20 s full stroke). */
    public static final double VALVE_SLEW_PER_S = 0.05;
    /** Coolant temperature at which rack hardware shuts itself down, °C. */
    public static final double RACK_THERMAL_SHUTDOWN_C = 75.0;
    /** Outlets of a rack PDU sharing its load equally (for outlet 1's current). */
    public static final int PDU_OUTLETS = 24;
    /** Longest integration substep, s; longer steps are split evenly. */
    public static final double MAX_SUBSTEP_S = 0.1;
    /** Half-width of the uniform noise on each phase voltage, V. */
    public static final double VOLTAGE_NOISE_V = 0.5;
    /** Half-width of the uniform noise on the frequency, Hz. */
    public static final double FREQUENCY_NOISE_HZ = 0.02;
    /**
     * Half-width of the uniform noise of the CDU's return and primary temperature sensors, °C: it moves their
     * 0.1 °C last digit every few samples, as a PT1000 and its converter do, so a sensor stuck at one value stands
     * out. (The supply sensors have their own, {@link TemperatureSensor#NOISE_C}.)
     */
    public static final double SENSOR_NOISE_C = 0.15;
    /** Half-width of the noise of the CDU's flow meter, L/min. */
    public static final double SENSOR_NOISE_LPM = 1.5;
    /** Half-width of the noise of the CDU's differential pressure sensor, kPa. */
    public static final double SENSOR_NOISE_KPA = 1.5;
    /** Half-width of the ripple the feeder meter sees on its power readings, W (the racks' load is never flat). */
    public static final double POWER_NOISE_W = 200.0;

    private static final double SQRT3 = Math.sqrt(3.0);

    private final SimPodSettings.Physics p;
    private final int racks;
    private final SplittableRandom noise;
    private final TemperatureSensor[] supplySensors = new TemperatureSensor[SupplySensor.values().length];
    /** Measurement noise of the other sensors below, drawn apart from the voltage noise so that stays as it was. */
    private final SplittableRandom sensorNoise;
    private final double[] sensorNoiseNow = new double[SimSignal.values().length];

    // inputs
    private final boolean[] contactor;
    private final double[] demandKw;
    private final boolean[] leak;
    private final boolean[] thermalShutdown;
    private final boolean[] pumpCommand = new boolean[2];
    private final boolean[] pumpFault = new boolean[2];
    private final boolean[] pumpFaultLatched = new boolean[2];
    private final double[] pumpSpeed = new double[2];
    private double pumpSpeedSetpoint;
    private double supplySetpointC;
    private double facilityWaterC;
    private double valveStuckFraction = Double.NaN;
    private double supplyHeldC = Double.NaN;
    private boolean alarmResetRequested;

    // state
    private long simNanos;
    private double supplyC;
    private double returnC;
    private double valve;
    private double valveIntegral;
    private double reservoirPercent;
    private double energyKwh;
    private final double[] phaseVoltage = new double[3];
    private double frequencyHz;

    /** Starts in equilibrium with the racks off: supply and return at the setpoint, pump 1 at speed. */
    public PodPhysics(SimPodSettings.Physics physics, int racks) {
        this.p = physics;
        this.racks = racks;
        this.noise = new SplittableRandom(physics.noiseSeed());
        this.sensorNoise = new SplittableRandom(physics.noiseSeed() ^ 0x5E75_0125L);
        this.contactor = new boolean[racks];
        this.demandKw = new double[racks];
        this.leak = new boolean[racks];
        this.thermalShutdown = new boolean[racks];
        Arrays.fill(demandKw, physics.rackDemandKw());
        this.pumpSpeedSetpoint = physics.pumpSpeedPercent();
        this.supplySetpointC = physics.supplySetpointC();
        this.facilityWaterC = physics.facilityWaterC();
        this.pumpCommand[0] = true;
        this.pumpSpeed[0] = physics.pumpSpeedPercent();
        this.supplyC = physics.supplySetpointC();
        this.returnC = physics.supplySetpointC();
        this.reservoirPercent = physics.reservoirLevelPercent();
        for (int i = 0; i < supplySensors.length; i++) {
            // Each sensor its own generator: failing or drifting one leaves the others' readings as they were.
            supplySensors[i] = new TemperatureSensor(physics.noiseSeed() + 1 + i);
        }
        drawNoise();
    }

    // ---- inputs ----

    public void setContactor(int rack, boolean energized) {
        contactor[rack - 1] = energized;
    }

    /** Whether rack {@code rack}'s contactor is closed (its rack powered). */
    public boolean contactor(int rack) {
        return contactor[rack - 1];
    }

    public void setDemandKw(int rack, double kw) {
        demandKw[rack - 1] = kw;
    }

    public void setLeak(int rack, boolean active) {
        leak[rack - 1] = active;
    }

    public boolean leak(int rack) {
        return leak[rack - 1];
    }

    public void setPumpCommand(int pump, boolean run) {
        pumpCommand[pump - 1] = run;
    }

    public void setPumpFault(int pump, boolean active) {
        pumpFault[pump - 1] = active;
    }

    public void setPumpSpeedSetpoint(double percent) {
        pumpSpeedSetpoint = percent;
    }

    public void setSupplySetpointC(double c) {
        supplySetpointC = c;
    }

    public void setFacilityWaterC(double c) {
        facilityWaterC = c;
    }

    /** Holds the valve at {@code percent}, or releases it to the controller with {@code null}. */
    public void setValveStuck(Double percent) {
        valveStuckFraction = percent == null ? Double.NaN : percent / 100.0;
    }

    /**
     * Makes the supply sensors measure {@code celsius} instead of the loop's supply temperature (each still adds
     * its own noise, bias and fault), or lets them measure the loop again with {@code null}. The physics go on.
     */
    public void holdSupplyAtSensors(Double celsius) {
        supplyHeldC = celsius == null ? Double.NaN : celsius;
    }

    /** One of the supply-temperature sensors, to fail, drift or repair. */
    public TemperatureSensor supplySensor(SupplySensor which) {
        return supplySensors[which.ordinal()];
    }

    /** Clears latched alarms whose cause has gone, at the start of the next step. */
    public void requestAlarmReset() {
        alarmResetRequested = true;
    }

    // ---- time ----

    /** Advances the physics by {@code dt} (split into substeps of at most {@link #MAX_SUBSTEP_S}). */
    public void step(Duration dt) {
        if (dt.isNegative()) {
            throw new IllegalArgumentException("cannot step backwards: " + dt);
        }
        if (alarmResetRequested) {
            alarmResetRequested = false;
            for (int i = 0; i < 2; i++) {
                pumpFaultLatched[i] = pumpFault[i];
            }
        }
        double seconds = dt.toNanos() / 1e9;
        int n = Math.max(1, (int) Math.ceil(seconds / MAX_SUBSTEP_S));
        double h = seconds / n;
        for (int i = 0; i < n; i++) {
            substep(h);
        }
        simNanos += dt.toNanos();
        for (TemperatureSensor sensor : supplySensors) {
            sensor.step(seconds);
        }
        drawNoise();
    }

    private void substep(double h) {
        double follow = 1.0 - Math.exp(-h / PUMP_TIME_CONSTANT_S);
        for (int i = 0; i < 2; i++) {
            if (pumpFault[i]) {
                pumpFaultLatched[i] = true;
            }
            double target = pumpCommand[i] && !pumpFault[i] ? pumpSpeedSetpoint : 0.0;
            pumpSpeed[i] += (target - pumpSpeed[i]) * follow;
            if (target == 0.0 && pumpSpeed[i] < 0.01) {
                pumpSpeed[i] = 0.0;
            }
        }
        double massFlow = massFlowKgPerS();

        if (Double.isNaN(valveStuckFraction)) {
            // Feed-forward from the heat the CDU sees coming back (return temperature against its setpoint, as
            // real CDUs measure it), plus a PI trim: a rack start does not wait for the integral to wind up.
            double feedForward = returnC > facilityWaterC + 0.5
                    ? clamp((returnC - supplySetpointC) / (HX_MAX_EFFECTIVENESS * (returnC - facilityWaterC)), 0, 1)
                    : 0.0;
            double error = supplyC - supplySetpointC;
            valveIntegral = clamp(valveIntegral + VALVE_KI_PER_K_S * error * h, -0.5, 0.5);
            double demand = clamp(feedForward + VALVE_KP_PER_K * error + valveIntegral, 0, 1);
            valve += clamp(demand - valve, -VALVE_SLEW_PER_S * h, VALVE_SLEW_PER_S * h);
        } else {
            valve = clamp(valveStuckFraction, 0, 1);
        }

        for (int r = 0; r < racks; r++) {
            if (!contactor[r]) {
                thermalShutdown[r] = false;
            } else if (returnC >= RACK_THERMAL_SHUTDOWN_C) {
                thermalShutdown[r] = true;
            }
        }
        double itW = 0;
        for (int r = 1; r <= racks; r++) {
            itW += rackPowerKw(r) * 1000.0;
        }
        double pumpW = (pumpPowerKw(1) + pumpPowerKw(2)) * 1000.0;
        double capacityFlow = massFlow * WATER_CP;
        double hxW = HX_MAX_EFFECTIVENESS * valve * capacityFlow * (returnC - facilityWaterC);
        double dReturn = (itW + capacityFlow * (supplyC - returnC)) / (RACK_COOLANT_KG * WATER_CP);
        double dSupply = (capacityFlow * (returnC - supplyC) - hxW + pumpW) / (LOOP_COOLANT_KG * WATER_CP);
        returnC += dReturn * h;
        supplyC += dSupply * h;

        int leaking = 0;
        for (boolean l : leak) {
            leaking += l ? 1 : 0;
        }
        reservoirPercent = Math.max(0, reservoirPercent - p.leakLossPercentPerSecond() * leaking * h);
        energyKwh += totalPowerW() * h / 3.6e6;
    }

    private void drawNoise() {
        for (int i = 0; i < 3; i++) {
            phaseVoltage[i] = p.phaseVoltageV() + noise.nextDouble(-VOLTAGE_NOISE_V, VOLTAGE_NOISE_V);
        }
        frequencyHz = p.frequencyHz() + noise.nextDouble(-FREQUENCY_NOISE_HZ, FREQUENCY_NOISE_HZ);
        for (SimSignal s : SimSignal.values()) {
            double half = sensorNoiseHalfWidth(s);
            sensorNoiseNow[s.ordinal()] = half == 0 ? 0 : sensorNoise.nextDouble(-half, half);
        }
    }

    /** Half-width of the measurement noise a simulated device adds to signal {@code s}; 0 for exact signals. */
    public static double sensorNoiseHalfWidth(SimSignal s) {
        return switch (s) {
            case CDU_RETURN_TEMPERATURE, CDU_PRIMARY_SUPPLY_TEMPERATURE, CDU_PRIMARY_RETURN_TEMPERATURE ->
                    SENSOR_NOISE_C;
            case CDU_FLOW -> SENSOR_NOISE_LPM;
            case CDU_DIFFERENTIAL_PRESSURE -> SENSOR_NOISE_KPA;
            case METER_TOTAL_POWER -> POWER_NOISE_W;
            case METER_L1_POWER, METER_L2_POWER, METER_L3_POWER -> POWER_NOISE_W / 3;
            default -> 0.0;
        };
    }

    /**
     * The measurement noise on signal {@code s} since the last step, in its unit: what its sensor adds to the
     * physical value (the plant state itself is exact). Flow, pressure and power readings of a stopped plant stay
     * at 0, as a real sensor's zero cut-off keeps them.
     */
    public double sensorNoise(SimSignal s) {
        double n = sensorNoiseNow[s.ordinal()];
        boolean stopped = switch (s) {
            case CDU_FLOW, CDU_DIFFERENTIAL_PRESSURE -> flowLpm() < 1.0;
            case METER_TOTAL_POWER, METER_L1_POWER, METER_L2_POWER, METER_L3_POWER -> totalPowerW() < 1.0;
            default -> false;
        };
        return stopped ? 0.0 : n;
    }

    // ---- outputs ----

    public Duration simTime() {
        return Duration.ofNanos(simNanos);
    }

    public double supplyC() {
        return supplyC;
    }

    public double returnC() {
        return returnC;
    }

    /** What supply sensor {@code which} reports, °C (infinite when it has failed, see {@link TemperatureSensor}). */
    public double supplySensorC(SupplySensor which) {
        return supplySensor(which).read(Double.isNaN(supplyHeldC) ? supplyC : supplyHeldC);
    }

    public double supplySetpointC() {
        return supplySetpointC;
    }

    public double facilityWaterC() {
        return facilityWaterC;
    }

    /** Primary return: facility water warmed by the heat taken from the loop; never above the secondary return. */
    public double primaryReturnC() {
        if (valve < 0.005) {
            return facilityWaterC;
        }
        // Q / (ṁ_primary·cp) with Q = ε_max·v·ṁ·cp·ΔT and ṁ_primary = v·ṁ_nominal: the valve cancels.
        double primaryNominalKgPerS = PRIMARY_NOMINAL_FLOW_LPM / 60.0 * WATER_DENSITY;
        double rise = HX_MAX_EFFECTIVENESS * massFlowKgPerS() / primaryNominalKgPerS * (returnC - facilityWaterC);
        double t = facilityWaterC + rise;
        return clamp(t, Math.min(facilityWaterC, returnC), Math.max(facilityWaterC, returnC));
    }

    public double flowLpm() {
        return FLOW_PER_PERCENT_LPM * (pumpSpeed[0] + pumpSpeed[1]);
    }

    /** Secondary mass flow, kg/s. */
    public double massFlowKgPerS() {
        return flowLpm() / 60.0 * WATER_DENSITY;
    }

    /** Secondary loop differential pressure, kPa. */
    public double differentialPressureKpa() {
        double f = flowLpm() / DP_REFERENCE_FLOW_LPM;
        return DP_AT_REFERENCE_KPA * f * f;
    }

    public double reservoirPercent() {
        return reservoirPercent;
    }

    public double valvePercent() {
        return valve * 100.0;
    }

    public boolean valveStuck() {
        return !Double.isNaN(valveStuckFraction);
    }

    public double pumpSpeedPercent(int pump) {
        return pumpSpeed[pump - 1];
    }

    public double pumpPowerKw(int pump) {
        double s = pumpSpeed[pump - 1] / PUMP_RATED_SPEED_PERCENT;
        return p.pumpPowerKw() * s * s * s;
    }

    /** Pump status register: bit0 running, bit1 fault (latched), bit2 commanded on. */
    public int pumpStatusBits(int pump) {
        int i = pump - 1;
        return (pumpSpeed[i] > PUMP_RUNNING_THRESHOLD_PERCENT ? 1 : 0)
                | (pumpFaultLatched[i] ? 2 : 0)
                | (pumpCommand[i] ? 4 : 0);
    }

    /** CDU status register: bit0 any alarm, bit1 low reservoir level, bit2 pump fault. */
    public int cduStatusBits() {
        boolean low = reservoirPercent < p.lowLevelPercent();
        boolean pumpFaultAlarm = pumpFaultLatched[0] || pumpFaultLatched[1];
        return (low || pumpFaultAlarm ? 1 : 0) | (low ? 2 : 0) | (pumpFaultAlarm ? 4 : 0);
    }

    /** Whole simulated seconds, wrapping at 65536. */
    public int heartbeat() {
        return (int) ((simNanos / 1_000_000_000L) & 0xFFFF);
    }

    public double rackPowerKw(int rack) {
        int r = rack - 1;
        return contactor[r] && !thermalShutdown[r] ? demandKw[r] : 0.0;
    }

    public double totalPowerW() {
        double kw = p.auxiliaryKw() + pumpPowerKw(1) + pumpPowerKw(2);
        for (int r = 1; r <= racks; r++) {
            kw += rackPowerKw(r);
        }
        return kw * 1000.0;
    }

    public double phaseVoltageV(int phase) {
        return phaseVoltage[phase - 1];
    }

    /** Line current of one phase, A: a third of the total power at that phase's voltage (power factor 1). */
    public double phaseCurrentA(int phase) {
        return phasePowerW() / phaseVoltage[phase - 1];
    }

    /** Active power of each phase, W: the load is balanced. */
    public double phasePowerW() {
        return totalPowerW() / 3.0;
    }

    public double frequencyHz() {
        return frequencyHz;
    }

    public double energyKwh() {
        return energyKwh;
    }

    /** PDU inlet line-to-line voltage, V; 0 while the rack's contactor is open. */
    public double pduVoltageV(int rack) {
        if (!contactor[rack - 1]) {
            return 0.0;
        }
        return SQRT3 * (phaseVoltage[0] + phaseVoltage[1] + phaseVoltage[2]) / 3.0;
    }

    /** PDU inlet line current, A: P / (√3·V_LL). */
    public double pduCurrentA(int rack) {
        double v = pduVoltageV(rack);
        return v == 0.0 ? 0.0 : rackPowerKw(rack) * 1000.0 / (SQRT3 * v);
    }

    /** Current of PDU outlet 1, A: one of {@link #PDU_OUTLETS} equal single-phase loads at V_LN. */
    public double pduOutlet1CurrentA(int rack) {
        double v = pduVoltageV(rack);
        return v == 0.0 ? 0.0 : rackPowerKw(rack) * 1000.0 / PDU_OUTLETS / (v / SQRT3);
    }

    /** A snapshot; the GPIO-side flags come from the caller, who knows the wiring. */
    public PlantState snapshot(boolean estopPressed, boolean localResetPressed, boolean beaconOn) {
        List<PlantState.PumpState> pumps = new ArrayList<>(2);
        for (int i = 1; i <= 2; i++) {
            pumps.add(new PlantState.PumpState(i, pumpCommand[i - 1], pumpSpeed[i - 1] > PUMP_RUNNING_THRESHOLD_PERCENT,
                    pumpFault[i - 1], pumpFaultLatched[i - 1], pumpSpeed[i - 1], pumpPowerKw(i)));
        }
        List<PlantState.RackState> rackStates = new ArrayList<>(racks);
        for (int r = 1; r <= racks; r++) {
            rackStates.add(new PlantState.RackState(r, contactor[r - 1], demandKw[r - 1], rackPowerKw(r),
                    thermalShutdown[r - 1], leak[r - 1], pduVoltageV(r), pduCurrentA(r), pduOutlet1CurrentA(r)));
        }
        PlantState.MeterState meter = new PlantState.MeterState(
                phaseVoltageV(1), phaseVoltageV(2), phaseVoltageV(3),
                phaseCurrentA(1), phaseCurrentA(2), phaseCurrentA(3),
                phasePowerW(), phasePowerW(), phasePowerW(),
                totalPowerW(), frequencyHz, energyKwh, energyKwh);
        return new PlantState(simTime(), supplyC, returnC, supplySetpointC, facilityWaterC, primaryReturnC(),
                flowLpm(), differentialPressureKpa(), reservoirPercent, valvePercent(), valveStuck(),
                pumps, rackStates, meter, cduStatusBits(), heartbeat(), estopPressed, localResetPressed, beaconOn);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
