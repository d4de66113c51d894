package io.podctl.controller.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.Durations;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * A HIL scenario file: timed steps that inject faults into the simulated plant (or the broker, or the pod's wall
 * clock) and expectations on what an outside observer sees (MQTT topics and events, output pins), with bounds
 * measured on the monotonic clock. Read by {@link ScenarioLoader}; the JSON Schema is generated from these records.
 *
 * @param scenario  what the scenario shows, one line
 * @param pod       the pod file
 * @param suite     fast or long
 * @param timeScale plant physics speed
 * @param commission whether to push the reset button once after start-up
 * @param plot      points plotted in the report
 * @param steps     the steps
 */
@Doc("A HIL scenario: timed faults and expectations on one simulated pod (docs/scenarios.md).")
public record ScenarioFile(
        @Required @Doc("What the scenario shows, one line; names it in progress lines and the report.") String scenario,
        @Doc("The pod file, relative to this file; default: the bundled simulated pod (examples/sim-pod.yaml).")
        String pod,
        @Doc("fast: run by mvn verify; long: only by the full scenario run (default long).") Suite suite,
        @Range(min = 0.1, max = 100) @Doc("Plant physics speed relative to real time (default 1); the controller always"
                + " runs in real time.") Double timeScale,
        @Doc("Push the pod's reset button once every safety input is healthy after start-up, as a technician"
                + " commissioning it would (default true).") Boolean commission,
        @Doc("Point ids (as published on MQTT, e.g. cdu.supplyTemp) plotted in the report (default: supply"
                + " temperature, flow and total power).") List<String> plot,
        @Required @Doc("The steps, run in order.") List<Step> steps) {

    public ScenarioFile {
        suite = suite == null ? Suite.LONG : suite;
        timeScale = timeScale == null ? 1.0 : timeScale;
        commission = commission == null ? Boolean.TRUE : commission;
        plot = plot == null || plot.isEmpty() ? List.of("cdu.supplyTemp", "cdu.flow", "meter.totalPower") : List.copyOf(plot);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Which run a scenario belongs to. */
    public enum Suite {
        /** Short enough for every build. */
        @JsonProperty("fast") FAST,
        /** Run by the full scenario run only. */
        @JsonProperty("long") LONG
    }

    /**
     * One step: when it starts, and exactly one action or expectation.
     *
     * @param at      absolute from the scenario's start, or relative (+) to the previous step
     * @param name    a label
     * @param waitFor wait for a mode (the key wait)
     * @param fault   device fault
     * @param line    RS-485 line condition
     * @param gpio    field wiring
     * @param plant   plant condition
     * @param broker  broker action
     * @param clock   wall-clock step
     * @param command a command
     * @param expect  an expectation
     */
    @Doc("One step: an optional start time and exactly one of wait, fault, line, gpio, plant, broker, clock, command,"
            + " expect.")
    public record Step(
            @Pattern(value = "\\+?" + Durations.PATTERN, hint = "a duration from the scenario's start (5s) or after the"
                    + " previous step (+1s)", rule = "invalid-time") @Doc("When the step starts: from the scenario's"
                    + " start (5s) or after the previous step ended (+1s); default: as soon as the previous step ended.")
            String at,
            @Doc("A label for progress lines and the report (default: the step's kind and details).") String name,
            @JsonProperty("wait") @Doc("Wait until the pod publishes a mode.") Wait waitFor,
            @Doc("Make a Modbus device misbehave (or clear its faults).") Fault fault,
            @Doc("Put noise on an RS-485 line (an RTU bus of the pod file), or take it off.") Line line,
            @Doc("Change the field wiring: an input's level, chatter, a cut wire, a welded contactor.") Gpio gpio,
            @Doc("Change the plant: a pump, the facility water, a rack's load, a supply sensor.") Plant plant,
            @Doc("Act on the broker the run started (not with --broker).") BrokerAction broker,
            @Doc("Step the pod's wall clock; its monotonic clock is untouched.") Clock clock,
            @Doc("Send a command over MQTT and check its reply code.") Command command,
            @Doc("What an outside observer must see, within a bound from the last action step.") Expect expect) {
    }

    /**
     * @param mode   the mode
     * @param within how long
     */
    @Doc("Wait until the published state's mode is this one.")
    public record Wait(
            @Required @Doc("The mode.") Mode mode,
            @Doc("How long to wait at most (default 30s).") Duration within) {
        public Wait {
            within = within == null ? Duration.ofSeconds(30) : within;
        }
    }

    /** The pod's modes, as published. */
    public enum Mode { STARTING, RUNNING, DEGRADED, TRIPPED, MAINTENANCE, SHUTDOWN }

    /**
     * @param device   device id
     * @param mode     the fault
     * @param ms       delay
     * @param code     exception code
     * @param point    point for nan and wordSwap
     * @param duration zeros duration
     */
    @Doc("A fault of one Modbus device of the simulated plant, through its emulator.")
    public record Fault(
            @Required @Doc("The device id, as in the pod file (cdu, meter, pdu1..).") String device,
            @Required @Doc("The fault; clear removes every fault and override of the device.") FaultMode mode,
            @Range(min = 1, max = 60000) @Doc("delay: how late every reply is, milliseconds.") Integer ms,
            @Range(min = 1, max = 255) @Doc("exception: the Modbus exception code (2 illegal address, 4 device"
                    + " failure, 6 busy, 11 gateway target failed ...).") Integer code,
            @Doc("nan and wordSwap: the point (its id in the device, e.g. supplyTemp) whose registers it affects.")
            String point,
            @Doc("zeros: how long the device answers zeros after its reboot (default 5s).") Duration duration) {
    }

    /**
     * @param bus  the RTU bus
     * @param mode its condition
     */
    @Doc("The electrical condition of an RS-485 line: an RTU bus of the pod file, which the simulated pod serves on a"
            + " simulated line.")
    public record Line(
            @Required @Doc("The bus id, as in the pod file; an RTU bus.") String bus,
            @Required @Doc("noise: stray bytes ahead of the replies and one frame in ten garbled in each direction, on"
                    + " every unit of the line; quiet: a clean line again.") LineMode mode) {
    }

    /** What {@link Line} can do. */
    public enum LineMode { @JsonProperty("noise") NOISE, @JsonProperty("quiet") QUIET }

    /** What {@link Fault} can do, one emulator fault each. */
    public enum FaultMode {
        @JsonProperty("silent") SILENT,
        @JsonProperty("refuse") REFUSE,
        @JsonProperty("garbage") GARBAGE,
        @JsonProperty("closeMidReply") CLOSE_MID_REPLY,
        @JsonProperty("badCrc") BAD_CRC,
        @JsonProperty("wrongTid") WRONG_TID,
        @JsonProperty("wrongUnit") WRONG_UNIT,
        @JsonProperty("exception") EXCEPTION,
        @JsonProperty("zeros") ZEROS,
        @JsonProperty("frozen") FROZEN,
        @JsonProperty("nan") NAN,
        @JsonProperty("delay") DELAY,
        @JsonProperty("wordSwap") WORD_SWAP,
        @JsonProperty("ignoreWrites") IGNORE_WRITES,
        @JsonProperty("clear") CLEAR
    }

    /**
     * @param input     input id
     * @param level     level
     * @param chatter   toggles
     * @param wire      wire state
     * @param output    output id
     * @param contactor contactor state
     */
    @Doc("The field wiring of one GPIO input or one output's contactor.")
    public record Gpio(
            @Doc("The input id, as in the pod file (leak.rack2, estop, reset.button).") String input,
            @Doc("What the field device does: active (a leak, a pressed E-stop or button) or normal.") Level level,
            @Range(min = 1, max = 1000) @Doc("Toggle the input this many times, 5 ms apart, then leave it normal:"
                    + " contact bounce.") Integer chatter,
            @Doc("The input's wire: cut (reads as an open loop) or repaired.") Wire wire,
            @Doc("The output id of a rack contactor (rack1.power ..).") String output,
            @Doc("The contactor: welded (stays closed), stuckOpen, or normal.") Contactor contactor) {
    }

    /** An input's field level. */
    public enum Level { @JsonProperty("active") ACTIVE, @JsonProperty("normal") NORMAL }

    /** A wire's state. */
    public enum Wire { @JsonProperty("cut") CUT, @JsonProperty("repaired") REPAIRED }

    /** A contactor's state. */
    public enum Contactor { @JsonProperty("welded") WELDED, @JsonProperty("stuckOpen") STUCK_OPEN,
        @JsonProperty("normal") NORMAL }

    /**
     * @param pump          pump number
     * @param action        pump action
     * @param facilityWater facility water degC
     * @param rack          rack number
     * @param loadKw        rack demand kW
     * @param sensor        supply sensor
     * @param sensorFault   sensor fault
     * @param drift         drift degC per minute
     */
    @Doc("A condition of the simulated plant.")
    public record Plant(
            @Range(min = 1, max = 2) @Doc("A CDU pump (1 duty, 2 standby), with action.") Integer pump,
            @Doc("What the pump does: stop, start, fail (a pump fault), repair.") PumpAction action,
            @Range(min = 0, max = 90) @Doc("The facility water temperature, degC (20 at start).") Double facilityWater,
            @Range(min = 1, max = 4) @Doc("A rack, with loadKw.") Integer rack,
            @Range(min = 0, max = 200) @Doc("The rack's IT load demand, kW (80 at start).") Double loadKw,
            @Doc("One of the CDU's three supply-temperature sensors (A, B, C), with sensorFault, drift or repair.")
            Sensor sensor,
            @Doc("The sensor fails: openCircuit or shortCircuit.") SensorFailure sensorFault,
            @Doc("The sensor drifts by this much per minute, degC.") Double drift,
            @Doc("Repair the sensor.") Boolean repair) {
    }

    /** A pump action. */
    public enum PumpAction { @JsonProperty("stop") STOP, @JsonProperty("start") START, @JsonProperty("fail") FAIL,
        @JsonProperty("repair") REPAIR }

    /** The CDU's supply sensors. */
    public enum Sensor { A, B, C }

    /** A sensor failure. */
    public enum SensorFailure { @JsonProperty("openCircuit") OPEN_CIRCUIT, @JsonProperty("shortCircuit") SHORT_CIRCUIT }

    /** What can be done to the broker a run started. */
    public enum BrokerAction {
        /** SIGTERM, then start it again on the same port. */
        @JsonProperty("restart") RESTART,
        /** SIGSTOP: the broker freezes, connections stay open. */
        @JsonProperty("pause") PAUSE,
        /** SIGCONT after a pause. */
        @JsonProperty("resume") RESUME,
        /** SIGKILL: the broker crashes. */
        @JsonProperty("kill") KILL,
        /** Start it again after a kill. */
        @JsonProperty("start") START
    }

    /** @param wallJump the step */
    @Doc("A step of the pod's wall clock.")
    public record Clock(
            @Required @Pattern(value = "[+-]?" + Durations.PATTERN, hint = "a signed duration, e.g. -2h or +30min",
                    rule = "invalid-duration") @Doc("How far the wall clock jumps, signed (-2h).") String wallJump) {
    }

    /**
     * @param name     command
     * @param identity identity
     * @param args     JSON args
     * @param expect   reply code
     * @param within   reply bound
     */
    @Doc("A command published on {root}/cmd/{name}/{identity}, valid for 4 s, and the reply code it must get.")
    public record Command(
            @Required @Doc("The command (reset, ack, shelve, mode, bypass, ...).") String name,
            @Doc("Who sends it (default operator).") String identity,
            @Doc("The command's args as a JSON object, e.g. '{\"trip\": \"leak.rack2\"}'.") String args,
            @Doc("The reply code it must get (default ACCEPTED).") ReplyCode expect,
            @Doc("How long the reply may take (default 5s).") Duration within) {
        public Command {
            identity = identity == null ? "operator" : identity;
            expect = expect == null ? ReplyCode.ACCEPTED : expect;
            within = within == null ? Duration.ofSeconds(5) : within;
        }
    }

    /** Reply codes of the MQTT contract (docs/mqtt.md). */
    public enum ReplyCode { ACCEPTED, MALFORMED, UNKNOWN_COMMAND, INVALID_ARGS, OUT_OF_RANGE, EXPIRED, DUPLICATE,
        FORBIDDEN, CONDITION_ACTIVE, LOCAL_RESET_REQUIRED, BUSY, RETAINED_NOT_ALLOWED, CLOCK_UNSYNCHRONIZED }

    /**
     * @param trip          latched trip
     * @param outputs       output levels
     * @param event         event type
     * @param source        event source
     * @param firstOut      first out
     * @param alarm         alarm id
     * @param alarmState    alarm state
     * @param mode          mode
     * @param point         point id
     * @param quality       quality
     * @param eventsGapFree gap free
     * @param within        bound
     */
    @Doc("What an outside observer must see: every condition given here, all true at once, within the bound from the"
            + " last action step (fault, gpio, plant, broker, clock, command).")
    public record Expect(
            @Doc("A protection id whose trip the retained state shows latched.") String trip,
            @Doc("Output pins that must be energized (on) and de-energized (off).") Outputs outputs,
            @Doc("An event type on {root}/events (TRIP_LATCHED, ALARM_RAISED, DEVICE, ...), with source.") String event,
            @Doc("The event's source (a protection, alarm or device id).") String source,
            @Doc("With trip or event+source: the latched trip is (or is not) the first out.") Boolean firstOut,
            @Doc("An alarm id whose retained topic must show alarmState.") String alarm,
            @Doc("The alarm's state (default: any active one, ACTIVE_UNACKED or ACTIVE_ACKED).") AlarmState alarmState,
            @Doc("The mode the retained state must show.") Mode mode,
            @Doc("A point id (as on MQTT, e.g. cdu.supplyTemp) whose retained topic must show quality.") String point,
            @Doc("The point's quality (GOOD, STALE, COMM_FAIL, INVALID, FROZEN ...).") String quality,
            @Doc("Every event seen so far has the next seq: none lost, duplicates allowed.") Boolean eventsGapFree,
            @Doc("The bound, from the last action step, monotonic clock (default 10s: a wait, not a claim).")
            Duration within) {
    }

    /**
     * @param on  energized
     * @param off de-energized
     */
    @Doc("Output pins by output id.")
    public record Outputs(
            @Doc("Outputs that must be energized.") List<String> on,
            @Doc("Outputs that must be de-energized.") List<String> off) {
        public Outputs {
            on = on == null ? List.of() : List.copyOf(on);
            off = off == null ? List.of() : List.copyOf(off);
        }
    }

    /** Alarm states of ISA-18.2, as published. */
    public enum AlarmState { NORMAL, ACTIVE_UNACKED, ACTIVE_ACKED, RETURNED_UNACKED }
}
