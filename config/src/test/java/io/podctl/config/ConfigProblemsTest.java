package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small file per rule (and a few with many problems), each with the exact line, column, severity, rule
 * and message of every problem the loader must report, in order.
 */
class ConfigProblemsTest {

    private final ConfigLoader loader = new ConfigLoader();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryProblemAtItsLocation(String name, String yaml, List<String> expected) {
        LoadResult result = loader.parse(yaml, "t.yaml");

        assertEquals(String.join("\n", expected),
                String.join("\n", result.problems().stream().map(ConfigProblem::toString).toList()));
        boolean hasError = result.problems().stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
        assertEquals(hasError, result instanceof LoadResult.Invalid, "Invalid exactly when there is an error");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("truncated-flow", """
                pod:
                  site: lab
                  id: [p1
                """,
                List.of(
                "t.yaml:4:1: error: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence started at 3:7) [yaml-syntax]")),
            Arguments.of("truncated-quote", """
                pod:
                  site: "lab
                """,
                List.of(
                "t.yaml:3:1: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar started at 2:9) [yaml-syntax]")),
            Arguments.of("tab-indent", """
                pod:
                \tsite: lab
                """,
                List.of(
                "t.yaml:2:1: error: YAML syntax error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token) [yaml-syntax]")),
            Arguments.of("empty-file", "",
                List.of(
                "t.yaml:1:1: error: the file is empty [empty-file]")),
            Arguments.of("duplicate-key", """
                pod: {site: lab, id: p1}
                loop:
                  period: 100ms
                  period: 200ms
                """,
                List.of(
                "t.yaml:4:3: error: key 'period' is written twice (first at line 3); remove one [duplicate-key]")),
            Arguments.of("alias", """
                pod: {site: &s lab, id: *s}
                """,
                List.of(
                "t.yaml:1:25: error: YAML aliases (*s) are not supported: write the value out [yaml-alias]")),
            Arguments.of("top-level-list", """
                - pod
                """,
                List.of(
                "t.yaml:1:1: error: expected a mapping (pod, loop, mqtt, buses, devices, gpio, safety, protections, authorization, persistence, logging, votingGroups, effects, permissives, loadShedding, setpoints, console, metrics) for the file, got a list [wrong-type]")),
            Arguments.of("unknown-key-did-you-mean", """
                pod: {site: lab, id: p1}
                buses:
                  - id: b1
                    tcp: {host: 10.0.0.5}
                    timout: 200ms
                devices:
                  - id: d1
                    bus: b1
                    pollPeriodd: 1s
                """,
                List.of(
                "t.yaml:5:5: error: unknown key 'timout' in buses[0]; did you mean 'timeout'? [unknown-key]",
                "t.yaml:9:5: error: unknown key 'pollPeriodd' in devices[0]; did you mean 'pollPeriod'? [unknown-key]")),
            Arguments.of("unknown-key-listed", """
                pod: {site: lab, id: p1, colour: blue}
                """,
                List.of(
                "t.yaml:1:26: error: unknown key 'colour' in pod; allowed keys: site, id, description [unknown-key]")),
            Arguments.of("inline-secret", """
                pod: {site: lab, id: p1}
                mqtt:
                  brokers: [tcp://broker:1883]
                  username: pod1
                  password: hunter2
                """,
                List.of(
                "t.yaml:4:3: error: unknown key 'username' in mqtt: secrets are never inline: use mqtt.credentialsFile [unknown-key]",
                "t.yaml:5:3: error: unknown key 'password' in mqtt: secrets are never inline: use mqtt.credentialsFile [unknown-key]")),
            Arguments.of("wrong-types", """
                pod: {site: lab, id: p1}
                buses: {id: b1}
                gpio:
                  inputs:
                    - {id: leak, pin: seventeen, activeLow: yes}
                  outputs: rack1
                protections:
                  - {id: t, point: leak, condition: high, alarm: hot, trip: .nan}
                """,
                List.of(
                "t.yaml:2:8: error: expected a list for buses, got a mapping [wrong-type]",
                "t.yaml:5:23: error: expected an integer for gpio.inputs[0].pin, got 'seventeen' [wrong-type]",
                "t.yaml:5:45: error: expected true or false for gpio.inputs[0].activeLow, got 'yes' [wrong-type]",
                "t.yaml:6:12: error: expected a list for gpio.outputs, got 'rack1' [wrong-type]",
                "t.yaml:8:50: error: expected a number for protections[0].alarm, got 'hot' [wrong-type]",
                "t.yaml:8:61: error: expected a finite number for protections[0].trip, got '.nan' [wrong-type]")),
            Arguments.of("missing-required", """
                loop: {period: 100ms}
                devices:
                  - id: d1
                    points:
                      - {id: p, table: holding, address: 0}
                      -
                """,
                List.of(
                "t.yaml:1:1: error: missing required key 'pod' at the top level [missing-required]",
                "t.yaml:3:5: error: missing required key 'bus' in devices[0] [missing-required]",
                "t.yaml:5:9: error: missing required key 'type' in devices[0].points[0] [missing-required]",
                "t.yaml:6:8: error: empty list entry devices[0].points[1]; remove it or give it a value [missing-required]")),
            Arguments.of("missing-value", """
                pod:
                  site:
                  id: p1
                """,
                List.of(
                "t.yaml:2:3: error: 'pod.site' needs a value [missing-required]")),
            Arguments.of("enum-typos", """
                pod: {site: lab, id: p1}
                buses:
                  - id: line
                    rtu: {port: /dev/ttyUSB0, parity: evn, baud: 12345}
                devices:
                  - id: d1
                    bus: line
                    wordOrder: abcd
                    points:
                      - {id: p, table: holding, address: 0, type: flaot32}
                protections:
                  - {id: t, point: d1.p, condition: hihg, trip: 1}
                """,
                List.of(
                "t.yaml:4:39: error: 'evn' is not allowed for buses[0].rtu.parity; did you mean 'even'? Allowed: none, even, odd [bad-enum]",
                "t.yaml:4:50: error: '12345' is not allowed for buses[0].rtu.baud. Allowed: 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 [bad-enum]",
                "t.yaml:8:16: error: 'abcd' is not allowed for devices[0].wordOrder; did you mean 'ABCD'? Allowed: ABCD, CDAB, BADC, DCBA [bad-enum]",
                "t.yaml:10:51: error: 'flaot32' is not allowed for devices[0].points[0].type; did you mean 'float32'? Allowed: bool, int16, uint16, int32, uint32, int64, float32, float64, string [bad-enum]",
                "t.yaml:12:37: error: 'hihg' is not allowed for protections[0].condition; did you mean 'high'? Allowed: high, low, active, deviation, rate, disagreement [bad-enum]")),
            Arguments.of("out-of-range", """
                pod: {site: lab, id: p1}
                buses:
                  - {id: b1, tcp: {host: h, port: 70000}}
                devices:
                  - id: d1
                    bus: b1
                    unitId: 0
                    retries: 4
                    maxBlockRegisters: 126
                    maxHole: -1
                    points:
                      - {id: p, table: holding, address: 65536, type: bool, bit: 16}
                gpio:
                  outputs:
                    - {id: o, pin: 28}
                protections:
                  - {id: t, point: d1.p, condition: high, trip: 1, hysteresis: -0.5}
                """,
                List.of(
                "t.yaml:3:35: error: buses[0].tcp.port must be between 1 and 65535, got 70000 [out-of-range]",
                "t.yaml:7:13: error: devices[0].unitId must be between 1 and 247, got 0 [out-of-range]",
                "t.yaml:8:14: error: devices[0].retries must be between 0 and 3, got 4 [out-of-range]",
                "t.yaml:9:24: error: devices[0].maxBlockRegisters must be between 1 and 125, got 126 [out-of-range]",
                "t.yaml:10:14: error: devices[0].maxHole must be between 0 and 125, got -1 [out-of-range]",
                "t.yaml:12:42: error: devices[0].points[0].address must be between 0 and 65535, got 65536 [out-of-range]",
                "t.yaml:12:66: error: devices[0].points[0].bit must be between 0 and 15, got 16 [out-of-range]",
                "t.yaml:15:20: error: gpio.outputs[0].pin must be between 0 and 27, got 28 [out-of-range]",
                "t.yaml:17:64: error: protections[0].hysteresis must be at least 0, got -0.5 [negative-hysteresis]")),
            Arguments.of("durations", """
                pod: {site: lab, id: p1}
                loop: {period: 5ms, overrunLogInterval: 0s}
                buses:
                  - {id: b1, tcp: {host: h}, timeout: 2 sec}
                devices:
                  - {id: d1, bus: b1, pollPeriod: 2, pollOffset: -1s}
                gpio:
                  inputs:
                    - {id: i, pin: 4, debounce: 1.5s}
                mqtt: {keepAlive: -10s, stateInterval: 1.5}
                """,
                List.of(
                "t.yaml:2:16: error: loop.period must be between 10ms and 10s, got 5ms [out-of-range]",
                "t.yaml:2:41: error: loop.overrunLogInterval must be greater than zero, got 0s [zero-period]",
                "t.yaml:4:39: error: malformed duration '2 sec' for buses[0].timeout: write a number and a unit: us, ms, s, min (or m), h, e.g. 100ms or 1.5s [bad-duration]",
                "t.yaml:6:35: error: '2' has no unit: add a unit to devices[0].pollPeriod, e.g. 2s or 2ms [bad-duration]",
                "t.yaml:6:50: error: devices[0].pollOffset must be zero or more, got -1s [out-of-range]",
                "t.yaml:9:33: error: gpio.inputs[0].debounce must be at most 1s, got 1.5s [out-of-range]",
                "t.yaml:10:19: error: mqtt.keepAlive must be greater than zero, got -10s [zero-period]",
                "t.yaml:10:40: error: '1.5' has no unit: add a unit to mqtt.stateInterval, e.g. 1.5s or 1.5ms [bad-duration]")),
            Arguments.of("names-and-uris", """
                pod: {site: lab/1, id: 'pod 1'}
                mqtt:
                  brokers: [mqtt://broker:1883, tcp://broker, 'ssl://broker:99999']
                  topicRoot: podctl/+/x
                """,
                List.of(
                "t.yaml:1:13: error: 'lab/1' is not a valid pod.site: letters, digits, '-' and '_' only (it is used in MQTT topics) [invalid-name]",
                "t.yaml:1:24: error: 'pod 1' is not a valid pod.id: letters, digits, '-' and '_' only (it is used in MQTT topics) [invalid-name]",
                "t.yaml:3:13: error: 'mqtt://broker:1883' is not a valid mqtt.brokers[0]: tcp://host:port or ssl://host:port [bad-broker-uri]",
                "t.yaml:3:33: error: 'tcp://broker' is not a valid mqtt.brokers[1]: tcp://host:port or ssl://host:port [bad-broker-uri]",
                "t.yaml:4:14: error: 'podctl/+/x' is not a valid mqtt.topicRoot: topic levels separated by single '/', each of letters, digits, '.', '_', '-', {site} and {pod}; no spaces, '+', '#' or '$', no leading or trailing '/' [bad-topic]")),
            Arguments.of("duplicate-ids", """
                pod: {site: lab, id: p1}
                buses:
                  - {id: b1, tcp: {host: h}}
                  - {id: b1, tcp: {host: h2}}
                devices:
                  - id: d1
                    bus: b1
                    points:
                      - {id: p, table: holding, address: 0, type: uint16}
                      - {id: p, table: holding, address: 1, type: uint16}
                  - {id: d1, bus: b1, unitId: 2, points: [{id: q, table: holding, address: 0, type: uint16}]}
                gpio:
                  inputs: [{id: x, pin: 4}]
                  outputs: [{id: x, pin: 5}]
                protections:
                  - {id: t, point: x, condition: active, deenergize: [x]}
                  - {id: t, point: x, condition: active, severity: alarm}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:4:10: error: bus id 'b1' is used twice (first at line 3) [duplicate-id]",
                "t.yaml:10:14: error: point id 'p' is used twice in device 'd1' (first at line 9) [duplicate-id]",
                "t.yaml:11:10: error: device id 'd1' is used twice (first at line 6) [duplicate-id]",
                "t.yaml:14:18: error: GPIO id 'x' is used twice (first at line 13) [duplicate-id]",
                "t.yaml:17:10: error: protection id 't' is used twice (first at line 16) [duplicate-id]",
                "t.yaml:17:10: warning: protection 't' can trip (onBadData: trip) but de-energizes nothing: list outputs in deenergize [no-deenergize]")),
            Arguments.of("pod-wide-point-ids", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - {id: leak, bus: b1, points: [{id: rack1, table: discrete, address: 0, type: bool}]}
                gpio:
                  inputs: [{id: leak.rack1, pin: 4}]
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:6:17: error: point id 'leak.rack1' of a GPIO input is also a device point (line 4); point ids are unique pod-wide [duplicate-id]")),
            Arguments.of("references", """
                pod: {site: lab, id: p1}
                buses: [{id: cdu-net, tcp: {host: h}}]
                devices:
                  - {id: cdu, bus: cdu-nett, points: [{id: supplyTemp, table: input, address: 0, type: int16}]}
                gpio:
                  inputs: [{id: estop, pin: 4}]
                  outputs: [{id: rack1.power, pin: 5}]
                safety: {localResetInput: reset.button}
                protections:
                  - {id: t1, point: cdu.supplyTmp, condition: high, trip: 40, deenergize: [rack1.powr]}
                  - {id: t2, point: pump.speed, condition: high, alarm: 1, onBadData: alarm}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:2:14: warning: no device is on bus 'cdu-net' [unused-bus]",
                "t.yaml:4:20: error: device 'cdu' refers to bus 'cdu-nett', which does not exist; did you mean 'cdu-net'? [unknown-reference]",
                "t.yaml:8:27: error: safety.localResetInput refers to GPIO input 'reset.button', which does not exist; known: estop [unknown-reference]",
                "t.yaml:10:21: error: protection 't1' refers to point 'cdu.supplyTmp', which does not exist; did you mean 'cdu.supplyTemp'? [unknown-reference]",
                "t.yaml:10:76: error: protection 't1' refers to GPIO output 'rack1.powr', which does not exist; did you mean 'rack1.power'? [unknown-reference]",
                "t.yaml:11:21: error: protection 't2' refers to point 'pump.speed', which does not exist; known: cdu.supplyTemp, estop [unknown-reference]")),
            Arguments.of("buses", """
                pod: {site: lab, id: p1}
                buses:
                  - {id: none}
                  - {id: both, tcp: {host: h}, rtu: {port: /dev/ttyS0}}
                  - {id: slow, tcp: {host: h}, timeout: 1s}
                  - {id: idle, tcp: {host: h}}
                  - {id: shared, rtu: {port: /dev/ttyUSB0}}
                devices:
                  - {id: a, bus: slow, pollPeriod: 500ms, points: [{id: p, table: coil, address: 0, type: bool}]}
                  - {id: b, bus: slow, pollPeriod: 2s, points: [{id: p, table: coil, address: 0, type: bool}]}
                  - {id: m1, bus: shared, unitId: 3, points: [{id: p, table: coil, address: 0, type: bool}]}
                  - {id: m2, bus: shared, unitId: 3, points: [{id: p, table: coil, address: 0, type: bool}]}
                  - {id: m3, bus: shared, unitId: 4}
                  - {id: c, bus: none, points: [{id: p, table: coil, address: 0, type: bool}]}
                  - {id: d, bus: both, points: [{id: p, table: coil, address: 0, type: bool}]}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:3:5: error: bus 'none' needs exactly one of tcp and rtu [bus-transport]",
                "t.yaml:4:32: error: bus 'both' has both tcp and rtu; a bus is one or the other [bus-transport]",
                "t.yaml:5:41: error: timeout 1s of bus 'slow' must be shorter than pollPeriod 500ms of device 'a' [timeout-exceeds-poll]",
                "t.yaml:6:10: warning: no device is on bus 'idle' [unused-bus]",
                "t.yaml:10:5: error: devices 'a' and 'b' both use unit 1 on bus 'slow' [duplicate-unit]",
                "t.yaml:12:35: error: devices 'm1' and 'm2' both use unit 3 on bus 'shared' [duplicate-unit]",
                "t.yaml:13:10: warning: device 'm3' has no points: give it a profile or points [no-points]")),
            // Addresses written in hex are named so, with the wire address beside them.
            Arguments.of("points", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: d1
                    bus: b1
                    forbidden: [{table: holding, from: 0x64, to: 0x6D}, {table: input, from: 9, to: 5}]
                    points:
                      - {id: end, table: holding, address: 0xFFFF, type: float32}
                      - {id: flag, table: holding, address: 0, type: bool}
                      - {id: word, table: holding, address: 1, type: uint16, bit: 3}
                      - {id: coil1, table: coil, address: 0, type: uint16}
                      - {id: coil2, table: coil, address: 1, type: bool, bit: 2}
                      - {id: name, table: holding, address: 2, type: string}
                      - {id: num, table: holding, address: 20, type: int16, length: 4}
                      - {id: zero, table: holding, address: 21, type: int16, scale: 0}
                      - {id: range, table: holding, address: 22, type: int16, min: 10, max: 10}
                      - {id: reserved, table: holding, address: 0x63, type: uint32}
                      - {id: wide, table: holding, address: 0x1e, type: float32}
                      - {id: inside, table: holding, address: 31, type: uint16}
                      - {id: status, table: holding, address: 40, type: uint16}
                      - {id: b0, table: holding, address: 40, type: bool, bit: 0}
                      - {id: b0again, table: holding, address: 40, type: bool, bit: 0}
                      - {id: b1, table: holding, address: 40, type: bool, bit: 1}
                      - {id: coil3, table: coil, address: 5, type: bool}
                      - {id: coil3b, table: coil, address: 0x0005, type: bool}
                      - {id: inputTwin, table: input, address: 30, type: float32}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:6:57: error: forbidden range 9..5 is empty: 'from' must not be above 'to' [low-above-high]",
                "t.yaml:8:44: error: point 'end' of device 'd1' at holding 0xFFFF (wire 65535) occupies 2 registers, past the last address 65535 [address-overflow]",
                "t.yaml:9:9: error: point 'flag' of device 'd1' is a bool in the holding table: say which bit of the register with 'bit: 0..15' [bit-required]",
                "t.yaml:10:67: error: point 'word' of device 'd1': 'bit' is only for type bool [bit-not-allowed]",
                "t.yaml:11:52: error: point 'coil1' of device 'd1' is in the coil table, which holds single bits: its type must be bool [bit-table-type]",
                "t.yaml:12:63: error: point 'coil2' of device 'd1': 'bit' is only for bool points in input or holding registers; a coil address is already one bit [bit-not-allowed]",
                "t.yaml:13:9: error: point 'name' of device 'd1' is a string: give its length in registers with 'length' [length-required]",
                "t.yaml:14:69: error: point 'num' of device 'd1': 'length' is only for type string [length-not-allowed]",
                "t.yaml:15:69: error: point 'zero' of device 'd1': scale 0 would make every reading 0 [zero-scale]",
                "t.yaml:16:68: error: point 'range' of device 'd1': min 10 must be below max 10 [low-above-high]",
                "t.yaml:17:49: error: point 'reserved' of device 'd1' reads holding 0x63..0x64 (wire 99..100), inside holding 0x64..0x6D (wire 100..109), which the device rejects [forbidden-address]",
                "t.yaml:19:47: error: point 'inside' of device 'd1' overlaps the registers of point 'wide' (holding 0x1e..0x1f (wire 30..31)) [register-overlap]",
                "t.yaml:22:48: error: point 'b0again' of device 'd1' uses the same register bit as point 'b0' (holding 40 bit 0) [register-overlap]",
                "t.yaml:25:44: error: point 'coil3b' of device 'd1' uses the same coil as point 'coil3' (coil 5) [register-overlap]")),
            Arguments.of("value-rules", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: 10.0.0.2}}]
                devices:
                  - id: d1
                    bus: b1
                    unitId: 1
                    points:
                      - {id: flag, table: coil, address: 0, type: bool, decimals: 1, counter: true}
                      - {id: temp, table: input, address: 0, type: int16, frozenAfter: 50, frozenCheckOff: steady}
                      - {id: level, table: input, address: 1, type: uint16, frozenCheckOff: ' '}
                      - {id: name, table: input, address: 3, type: string, length: 2, frozenCheckOff: text}
                      - {id: energy, table: input, address: 5, type: float32, counter: true, decimals: 2,
                         redfish: 'PowerDistribution/Mains/{n}/EnergykWh'}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:8:67: error: point 'flag' of device 'd1' is a bool: 'decimals' is for numbers only [numeric-only]",
                "t.yaml:8:79: error: point 'flag' of device 'd1' is a bool and cannot count [numeric-only]",
                "t.yaml:9:92: error: point 'temp' of device 'd1' has both frozenAfter and frozenCheckOff: either it is checked after 50 unchanged samples or it is not checked [frozen-conflict]",
                "t.yaml:10:77: error: point 'level' of device 'd1': frozenCheckOff needs the reason this value may hold still (it is shown to the safety reviewer) [missing-reason]",
                "t.yaml:11:87: error: point 'name' of device 'd1' is a string: frozen-value checks are for measured numbers only [numeric-only]")),
            Arguments.of("value-rules-structure", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: 10.0.0.2}}]
                devices:
                  - id: d1
                    bus: b1
                    unitId: 1
                    points:
                      - {id: fine, table: input, address: 2, type: uint16, decimals: 11}
                      - {id: odd, table: input, address: 7, type: uint16, redfish: supply temperature}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:8:70: error: devices[0].points[0].decimals must be between 0 and 10, got 11 [out-of-range]",
                "t.yaml:9:68: error: 'supply temperature' is not a valid devices[0].points[1].redfish: a Redfish resource and property path such as CoolingUnit/Pumps/{n}/PumpSpeedPercent [invalid-name]")),
            Arguments.of("gpio-polarity", """
                pod: {site: lab, id: p1}
                gpio:
                  inputs:
                    - {id: leak1, pin: 17, pull: none}
                    - {id: leak2, pin: 18, pull: down, contact: normallyClosed, activeLow: false}
                    - {id: door, pin: 19, pull: up, contact: normallyOpen, activeLow: false}
                    - {id: estop, pin: 20, pull: up, activeLow: true}
                    - {id: smoke, pin: 21, pull: none, activeLow: true}
                  outputs:
                    - {id: rack1.power, pin: 5}
                protections:
                  - {id: estop, point: estop, condition: active, deenergize: [rack1.power]}
                  - {id: smoke, point: smoke, condition: active, severity: trip, deenergize: [rack1.power]}
                  - {id: door, point: door, condition: active, severity: alarm, onBadData: alarm}
                  - {id: leak2, point: leak2, condition: active, deenergize: [rack1.power]}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:4:34: error: input 'leak1' has pull none, so the board cannot tell what an open loop reads: say activeLow (and contact: normallyClosed if the loop opens when active) [polarity-unknown]",
                "t.yaml:5:76: error: input 'leak2': a normallyClosed contact with pull down is active low (an open loop reads low), but activeLow is false: fix the contact, the pull or activeLow [contact-polarity]",
                "t.yaml:6:71: error: input 'door': a normallyOpen contact with pull up is active low (an open loop reads high), but activeLow is false: fix the contact, the pull or activeLow [contact-polarity]",
                "t.yaml:12:24: warning: protection 'estop' trips on input 'estop', which is not a supervised loop: a cut wire reads inactive and goes unseen; wire it normally-closed (contact: normallyClosed) [unsupervised-input]",
                "t.yaml:13:24: warning: protection 'smoke' trips on input 'smoke', which is not a supervised loop: a cut wire reads inactive and goes unseen; wire it normally-closed (contact: normallyClosed) [unsupervised-input]")),
            Arguments.of("gpio-feedback", """
                pod: {site: lab, id: p1}
                gpio:
                  inputs:
                    - {id: rack1.closed, pin: 16, pull: down, contact: normallyOpen}
                    - {id: reset.button, pin: 25, pull: down, contact: normallyOpen}
                  outputs:
                    - {id: rack1.power, pin: 5, feedback: rack1.closed, followTime: 100ms}
                    - {id: rack2.power, pin: 6, feedback: rack1.closed}
                    - {id: rack3.power, pin: 13, feedback: rack3.closd}
                    - {id: rack4.power, pin: 19, feedback: reset.button, followTime: 2s}
                safety: {localResetInput: reset.button}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:7:69: warning: output 'rack1.power': followTime 100ms is not longer than the feedback's debounce plus one loop period (120ms): every switch would raise the feedback alarm [follow-time-short]",
                "t.yaml:8:43: error: output 'rack2.power': input 'rack1.closed' is already the feedback of output 'rack1.power'; each load has its own contact [feedback-reused]",
                "t.yaml:9:44: error: feedback of output 'rack3.power' refers to GPIO input 'rack3.closd', which does not exist; did you mean 'rack1.closed'? [unknown-reference]",
                "t.yaml:10:44: error: output 'rack4.power': input 'reset.button' is the local reset button, not a feedback contact [feedback-reused]")),
            Arguments.of("manual-address", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: d1
                    bus: b1
                    points:
                      - {id: setpoint, table: holding, address: 40001, type: int16}
                      - {id: temp, table: input, address: 39999, type: int16}
                      - {id: lastHolding, table: holding, address: 49999, type: uint16}
                      - {id: sunspecBase, table: holding, address: 40000, type: uint16}
                      - {id: aboveManual, table: holding, address: 50000, type: uint16}
                      - {id: holdingAsInput, table: input, address: 40002, type: uint16}
                      - {id: inputBelow, table: input, address: 30000, type: uint16}
                      - {id: coilHigh, table: coil, address: 40003, type: bool}
                  - id: d2
                    bus: b1
                    unitId: 2
                    highAddressesAreWire: true
                    points:
                      - {id: model, table: holding, address: 40002, type: uint16}
                      - {id: status, table: input, address: 30001, type: uint16}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:7:49: warning: point 'setpoint' of device 'd1': holding address 40001 looks like the manual's 1-based register number, which is wire address 0; write 'address: 0', or set 'highAddressesAreWire: true' on the device if 40001 is the wire address [manual-address]",
                "t.yaml:8:43: warning: point 'temp' of device 'd1': input address 39999 looks like the manual's 1-based register number, which is wire address 9998; write 'address: 9998', or set 'highAddressesAreWire: true' on the device if 39999 is the wire address [manual-address]",
                "t.yaml:9:52: warning: point 'lastHolding' of device 'd1': holding address 49999 looks like the manual's 1-based register number, which is wire address 9998; write 'address: 9998', or set 'highAddressesAreWire: true' on the device if 49999 is the wire address [manual-address]")),
            Arguments.of("gpio-pins", """
                pod: {site: lab, id: p1}
                gpio:
                  inputs:
                    - {id: leak1, pin: 17}
                    - {id: leak2, pin: 17}
                  outputs:
                    - {id: rack1.power, pin: 5}
                    - {id: rack2.power, pin: 17}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:5:24: error: pin 17 of input 'leak2' is already used by input 'leak1' (line 4) [pin-reused]",
                "t.yaml:8:30: error: pin 17 of output 'rack2.power' is already used by input 'leak1' (line 4) [pin-reused]")),
            Arguments.of("protections", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: cdu
                    bus: b1
                    points:
                      - {id: temp, table: input, address: 0, type: int16, scale: 0.1, min: -20, max: 100}
                      - {id: flow, table: input, address: 1, type: uint16, min: 0, max: 2000}
                      - {id: running, table: input, address: 2, type: bool, bit: 0}
                gpio:
                  inputs: [{id: estop, pin: 4}]
                  outputs: [{id: rack1.power, pin: 5}]
                protections:
                  - {id: noLimits, point: cdu.temp, condition: high, onBadData: ignore}
                  - {id: hotFirst, point: cdu.temp, condition: high, alarm: 45, trip: 40, deenergize: [rack1.power]}
                  - {id: lowFirst, point: cdu.flow, condition: low, alarm: 100, trip: 150, deenergize: [rack1.power]}
                  - {id: activeLimits, point: estop, condition: active, trip: 1, deenergize: [rack1.power]}
                  - {id: analogActive, point: cdu.temp, condition: active, severity: alarm, onBadData: alarm}
                  - {id: digitalHigh, point: cdu.running, condition: high, alarm: 1, onBadData: alarm}
                  - {id: severityOnHigh, point: cdu.temp, condition: high, alarm: 30, severity: alarm, onBadData: alarm}
                  - {id: tripsNothing, point: cdu.temp, condition: high, trip: 50}
                  - {id: alarmOnly, point: cdu.temp, condition: high, alarm: 35}
                  - {id: localReset, point: estop, condition: active, reset: local, deenergize: [rack1.power]}
                  - {id: lowTooHigh, point: cdu.temp, condition: low, alarm: 50, onBadData: alarm}
                  - {id: unreachable, point: cdu.temp, condition: high, trip: 120, deenergize: [rack1.power]}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:14:48: error: protection 'noLimits': a high protection needs a warning, an alarm or a trip level [missing-limit]",
                "t.yaml:15:61: error: protection 'hotFirst': alarm 45 is at or above the trip 40; the alarm must come first [alarm-beyond-trip]",
                "t.yaml:16:60: error: protection 'lowFirst': alarm 100 is at or below the trip 150; the alarm must come first [alarm-beyond-trip]",
                "t.yaml:17:57: error: protection 'activeLimits' is an active condition and has no limits: remove warning/alarm/trip and set severity: warning, alarm or trip [limits-on-active]",
                "t.yaml:18:31: error: protection 'analogActive' watches 'cdu.temp', which is not digital: condition active needs a GPIO input or a bool point [not-digital]",
                "t.yaml:19:30: error: protection 'digitalHigh' watches 'cdu.running', which is digital: use condition: active [not-analog]",
                "t.yaml:20:71: warning: protection 'severityOnHigh': severity applies to active conditions only; a high protection warns at 'warning', alarms at 'alarm' and trips at 'trip' [severity-ignored]",
                "t.yaml:21:10: warning: protection 'tripsNothing' can trip (trip limit) but de-energizes nothing: list outputs in deenergize [no-deenergize]",
                "t.yaml:22:10: warning: protection 'alarmOnly' can trip (onBadData: trip) but de-energizes nothing: list outputs in deenergize, or set onBadData: alarm [no-deenergize]",
                "t.yaml:23:62: error: protection 'localReset' is reset locally but safety.localResetInput names no reset input [missing-local-reset]",
                "t.yaml:24:62: error: low alarm 50 of protection 'lowTooHigh' is not below the high limit 30 of protection 'severityOnHigh' on 'cdu.temp' [low-above-high]",
                "t.yaml:25:63: warning: protection 'unreachable': trip 120 is outside the valid range of 'cdu.temp' (max 100); it is reached only as bad data [limit-outside-range]")),
            Arguments.of("authorization-empty", """
                pod: {site: lab, id: p1}
                authorization:
                  view: [viewer]
                  operate: []
                  safetyReset:
                """,
                List.of(
                "t.yaml:4:12: error: command class 'operate' lists no identities: name who may use it, or remove the key to refuse it to everyone [no-identities]",
                "t.yaml:5:15: error: command class 'safetyReset' lists no identities: name who may use it, or remove the key to refuse it to everyone [no-identities]")),
            Arguments.of("authorization-missing", """
                pod: {site: lab, id: p1}
                """,
                List.of(
                "t.yaml:1:1: warning: no authorization section: all commands will be refused (deny-all) [deny-all]")),
            Arguments.of("mqtt-tls", """
                pod: {site: lab, id: p1}
                mqtt:
                  brokers: [ssl://broker:8883, tcp://backup:1883]
                  credentialsFile: /nonexistent/podctl/mqtt.credentials
                  tls: {certFile: /nonexistent/podctl/pod.pem}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:3:13: error: broker 'ssl://broker:8883' uses ssl:// and needs mqtt.tls.caFile to verify the broker [tls-required]",
                "t.yaml:4:20: warning: mqtt.credentialsFile '/nonexistent/podctl/mqtt.credentials' does not exist [file-missing]",
                "t.yaml:5:3: error: mqtt.tls needs certFile and keyFile together (a client certificate and its key) [tls-incomplete]",
                "t.yaml:5:19: warning: mqtt.tls.certFile '/nonexistent/podctl/pod.pem' does not exist [file-missing]")),
            // Ids become topic levels, file names and metric labels: bounded, ASCII, and never echoed whole.
            Arguments.of("identifier-bounds", """
                pod: {site: lab, id: %s}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: d1
                    bus: b1
                    points:
                      - {id: %s, table: holding, address: 0, type: uint16}
                      - {id: ok, table: holding, address: 1, type: uint16, unit: "deg\\tC"}
                protections:
                  - {id: t, point: d1.ok, condition: high, alarm: 1, onBadData: alarm, deenergize: [rack/1]}
                authorization: {view: [ops, "op/1"], operate: [%s]}
                mqtt: {clientId: "pod 1", sparkplugGroup: %s}
                """.formatted("p".repeat(240), "x".repeat(1 << 20), "o".repeat(65), "g".repeat(33)),
                List.of(
                "t.yaml:1:22: error: 'pppppppppppppppppppppppp…' (240 characters) is too long for pod.id: at most 32 characters [name-too-long]",
                "t.yaml:7:14: error: 'xxxxxxxxxxxxxxxxxxxxxxxx…' (1048576 characters) is too long for devices[0].points[0].id: at most 64 characters [name-too-long]",
                "t.yaml:8:66: error: 'deg\\tC' is not a valid devices[0].points[1].unit: printable characters (it is a label in payloads) [invalid-name]",
                "t.yaml:10:85: error: 'rack/1' is not a valid protections[0].deenergize[0]: an id: letters, digits, '-' and '_', in parts separated by single dots [invalid-name]",
                "t.yaml:11:29: error: 'op/1' is not a valid authorization.view[1]: letters, digits, '.', '_', '@' and '-' only (it is a topic level) [invalid-name]",
                "t.yaml:11:48: error: 'oooooooooooooooooooooooo…' (65 characters) is too long for authorization.operate[0]: at most 64 characters [name-too-long]",
                "t.yaml:12:18: error: 'pod 1' is not a valid mqtt.clientId: letters, digits, '.', '_' and '-' only (it is used in MQTT topics) [invalid-name]",
                "t.yaml:12:43: error: 'ggggggggggggggggggggggggggggggggg' is too long for mqtt.sparkplugGroup: at most 32 characters [name-too-long]")),
            Arguments.of("topic-root-length", """
                pod: {site: %s, id: %s}
                mqtt: {topicRoot: "fleet/{site}/{site}/{pod}/{pod}"}
                authorization: {view: [ops]}
                """.formatted("s".repeat(32), "p".repeat(32)),
                List.of(
                "t.yaml:2:19: error: mqtt.topicRoot with {site} and {pod} filled in is 137 characters long: at most 128, so that command topics stay within 256 bytes [name-too-long]")),
            // Refused where the limit is crossed, not at 0:0 (the parser's own bound of 1000 has no location).
            Arguments.of("nesting-flow", "pod: {site: lab, id: p1}\ngpio: " + "[".repeat(5000) + "]".repeat(5000) + "\n",
                List.of(
                "t.yaml:2:38: error: mappings and lists are nested more than 32 levels deep here (a pod file needs 5); the file is not read further [yaml-nesting]")),
            Arguments.of("nesting-block", "pod: {site: lab, id: p1}\n" + IntStream.range(0, 40)
                    .mapToObj(i -> "  ".repeat(i) + "k" + i + ":\n").collect(Collectors.joining()) + "  ".repeat(40) + "v: 1\n",
                List.of(
                "t.yaml:34:65: error: mappings and lists are nested more than 32 levels deep here (a pod file needs 5); the file is not read further [yaml-nesting]")),
            // Decimal or 0x hex only: YAML 1.1's octal, binary and underscores read differently in YAML 1.2 tools.
            Arguments.of("number-format", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h, port: 0502}}]
                devices:
                  - id: d1
                    bus: b1
                    unitId: 0b11
                    points:
                      - {id: a, table: holding, address: 1_000, type: uint16}
                      - {id: b, table: holding, address: 0x9C41, type: uint16}
                      - {id: c, table: holding, address: 40002, type: uint16}
                      - {id: d, table: holding, address: 0157, type: uint16}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:2:39: error: '0502' for buses[0].tcp.port: a leading 0 makes it octal 322 in YAML 1.1 but 502 in YAML 1.2; write the number you mean without the leading 0 (or in 0x hex) [number-format]",
                "t.yaml:6:13: error: '0b11' for devices[0].unitId is a YAML 1.1 form (3 here) that YAML 1.2 tools read as text; write 3 (or in 0x hex) [number-format]",
                "t.yaml:8:42: error: '1_000' for devices[0].points[0].address is a YAML 1.1 form (1000 here) that YAML 1.2 tools read as text; write 1000 (or in 0x hex) [number-format]",
                "t.yaml:11:42: error: '0157' for devices[0].points[3].address: a leading 0 makes it octal 111 in YAML 1.1 but 157 in YAML 1.2; write the number you mean without the leading 0 (or in 0x hex) [number-format]")),
            // Manuals number registers in decimal: an address written in hex is a wire address, never "manual".
            Arguments.of("manual-address-hex", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: d1
                    bus: b1
                    points:
                      - {id: sunspec, table: holding, address: 0x9C41, type: uint16}
                      - {id: manual, table: holding, address: 40002, type: uint16}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:8:47: warning: point 'manual' of device 'd1': holding address 40002 looks like the manual's 1-based register number, which is wire address 1; write 'address: 1', or set 'highAddressesAreWire: true' on the device if 40002 is the wire address [manual-address]")),
            Arguments.of("text-points", """
                pod: {site: lab, id: p1}
                buses: [{id: b1, tcp: {host: h}}]
                devices:
                  - id: cdu
                    bus: b1
                    points:
                      - {id: serial, table: holding, address: 0x100, type: string, length: 8}
                      - {id: temp, table: input, address: 0, type: int16, unit: degC}
                      - {id: temp2, table: input, address: 1, type: int16, unit: degC}
                      - {id: setpoint, table: holding, address: 0, type: int16}
                gpio:
                  outputs: [{id: rack1.power, pin: 5}]
                votingGroups:
                  - {id: supply, vote: 1oo2, discrepancyBand: 1, points: [cdu.temp, cdu.serial]}
                effects:
                  - {id: fw, write: {point: cdu.serial, value: 1}}
                  - {id: fw2, write: {point: cdu.setpoint, value: 1, confirmPoint: cdu.serial, confirmValue: 1}}
                protections:
                  - {id: sn, point: cdu.serial, condition: high, trip: 1, deenergize: [rack1.power]}
                  - {id: dev, point: cdu.temp, condition: deviation, setpointPoint: cdu.serial, alarm: 2, onBadData: alarm}
                permissives:
                  - {id: p, point: cdu.serial, min: 1, gates: [rack1.power]}
                setpoints:
                  - {point: cdu.serial, min: 0, max: 1}
                loadShedding:
                  budgetW: 100000
                  powerPoint: cdu.serial
                  racks: [{output: rack1.power, powerPoint: cdu.temp}]
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:14:69: error: voting group 'supply' votes on 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:16:29: error: effect 'fw' writes 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:17:68: error: effect 'fw2' is confirmed by 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:19:21: error: protection 'sn' watches 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:20:69: error: protection 'dev' takes its setpoint from 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:22:20: error: permissive 'p' proves 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:24:13: error: setpoint writes 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]",
                "t.yaml:27:15: error: loadShedding reads 'cdu.serial', which is text (type string): text points are published for people and never act; use a numeric or bool point [text-point]")),
            Arguments.of("console-addresses", """
                pod: {site: lab, id: p1}
                console: {listen: 'localhost', brokerUrl: 'mqtt://broker:9001'}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:2:19: error: 'localhost' is not a valid console.listen: host:port, e.g. 127.0.0.1:8080 (IPv6 in brackets) [bad-listen]",
                "t.yaml:2:43: error: 'mqtt://broker:9001' is not a valid console.brokerUrl: ws://host:port/path or wss://host:port/path [bad-broker-uri]")),
            Arguments.of("console-ports", """
                pod: {site: lab, id: p1}
                console: {enabled: true, listen: '127.0.0.1:0', brokerUrl: 'wss://broker:70000/mqtt'}
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:2:34: error: console port 0 of '127.0.0.1:0' must be between 1 and 65535 [bad-listen]",
                "t.yaml:2:60: error: broker port 70000 of 'wss://broker:70000/mqtt' must be between 1 and 65535 [bad-broker-uri]")),
            Arguments.of("console-exposed", """
                pod: {site: lab, id: p1}
                console:
                  enabled: true
                  listen: 0.0.0.0:8080
                  brokerUrl: ws://broker.lab.example:9001/mqtt
                authorization: {view: [ops]}
                """,
                List.of(
                "t.yaml:4:11: warning: the console is served over plain HTTP on 0.0.0.0:8080: anyone on the network could alter the page an operator types a broker password into; keep 127.0.0.1 and serve it through a TLS web server (docs/console.md) [console-exposed]",
                "t.yaml:5:14: warning: 'ws://broker.lab.example:9001/mqtt' is not encrypted: operators' broker passwords would cross the network in clear; use wss:// [console-plain-ws]")),
            Arguments.of("console-local", """
                pod: {site: lab, id: p1}
                console: {enabled: true, listen: '[::1]:8443', brokerUrl: 'ws://127.0.0.1:9001'}
                authorization: {view: [ops]}
                """,
                List.of()),
            Arguments.of("many-problems", """
                pod: {site: lab, id: p1}
                loop: {period: 0ms}
                buses:
                  - {id: b1, tcp: {host: h, port: 0}}
                devices:
                  - {id: d1, bus: b1, unitId: 300, pollPeriod: 1, profile: sdm603}
                  - {id: d2, bus: b1, pollPerod: 1s}
                protections:
                  - {id: t, point: d1.x, condition: hgh}
                """,
                List.of(
                "t.yaml:2:16: error: loop.period must be greater than zero, got 0ms [zero-period]",
                "t.yaml:4:35: error: buses[0].tcp.port must be between 1 and 65535, got 0 [out-of-range]",
                "t.yaml:6:31: error: devices[0].unitId must be between 1 and 247, got 300 [out-of-range]",
                "t.yaml:6:48: error: '1' has no unit: add a unit to devices[0].pollPeriod, e.g. 1s or 1ms [bad-duration]",
                "t.yaml:6:60: error: unknown profile 'sdm603'; did you mean 'sdm630'? Known profiles: liebert-dcd, pod-cdu, raritan-px, sdm630, seahawk-leak [unknown-profile]",
                "t.yaml:7:23: error: unknown key 'pollPerod' in devices[1]; did you mean 'pollPeriod'? [unknown-key]",
                "t.yaml:9:37: error: 'hgh' is not allowed for protections[0].condition; did you mean 'high'? Allowed: high, low, active, deviation, rate, disagreement [bad-enum]"))
        );
    }
}
