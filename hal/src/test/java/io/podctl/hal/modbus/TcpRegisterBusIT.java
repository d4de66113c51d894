package io.podctl.hal.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import io.podctl.hal.Clock;
import io.podctl.hal.ManualClock;
import io.podctl.hal.modbus.BusReply.Failure;
import io.podctl.hal.modbus.BusReply.FailureKind;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpRegisterBusIT {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private RegisterBus bus(int port) {
        return bus(port, Clock.system());
    }

    private RegisterBus bus(int port, Clock clock) {
        return keep(ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", port).withTransactionDeadline(DEADLINE), clock));
    }

    private J2modTcpSlave slave() throws Exception {
        SimpleProcessImage image = J2modTcpSlave.image(
                new boolean[] {true, false, true, true, false, false, false, false, true},
                new boolean[] {false, true, true},
                new int[] {0x4248, 0x0000, 65535},
                new int[] {1, 2, 3, 4, 5});
        return keep(new J2modTcpSlave(1, image));
    }

    @Test
    void readsAllFourTablesFromARealSlave() throws Exception {
        RegisterBus bus = bus(slave().port);

        assertEquals(new BusReply.Bits(new boolean[] {true, false, true, true, false, false, false, false, true}),
                bus.read(1, RegisterTable.COIL, 0, 9));
        assertEquals(new BusReply.Bits(new boolean[] {true, true}), bus.read(1, RegisterTable.DISCRETE_INPUT, 1, 2));
        assertEquals(new BusReply.Registers(new int[] {0x4248, 0, 65535}), bus.read(1, RegisterTable.INPUT_REGISTER, 0, 3));
        assertEquals(new BusReply.Registers(new int[] {3, 4}), bus.read(1, RegisterTable.HOLDING_REGISTER, 2, 2));

        BusCounters c = bus.counters();
        assertEquals(4, c.requests());
        assertEquals(4, c.replies());
        assertEquals(1, c.connects());
        assertEquals(0, c.discarded());
        assertTrue(c.lastLatencyNanos() > 0);
    }

    @Test
    void writesSingleAndMultipleRegistersAndCoils() throws Exception {
        RegisterBus bus = bus(slave().port);

        assertEquals(new BusReply.Written(0, 1), bus.writeRegisters(1, 0, new int[] {0xBEEF}));
        assertEquals(new BusReply.Written(2, 3), bus.writeRegisters(1, 2, new int[] {10, 20, 30}));
        assertEquals(new BusReply.Written(1, 1), bus.writeCoils(1, 1, new boolean[] {true}));
        assertEquals(new BusReply.Written(4, 3), bus.writeCoils(1, 4, new boolean[] {true, false, true}));

        assertEquals(new BusReply.Registers(new int[] {0xBEEF, 2, 10, 20, 30}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 5));
        assertEquals(new BusReply.Bits(new boolean[] {true, true, true, true, true, false, true}),
                bus.read(1, RegisterTable.COIL, 0, 7));
    }

    @Test
    void unmappedAddressComesBackAsException02() throws Exception {
        RegisterBus bus = bus(slave().port);

        BusReply reply = bus.read(1, RegisterTable.HOLDING_REGISTER, 100, 2);

        Failure f = assertInstanceOf(Failure.class, reply);
        assertEquals(FailureKind.EXCEPTION_RESPONSE, f.kind());
        assertEquals(ModbusException.ILLEGAL_DATA_ADDRESS, f.exceptionCode());
        assertEquals(1, bus.counters().exceptionReplies());
        // The connection survives an exception response.
        assertTrue(bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1).isOk());
        assertEquals(1, bus.counters().connects());
    }

    @Test
    void gatewayExceptionIsReportedWithItsCode() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                var req = srv.readRequest(in);
                out.write(FakeTcpServer.frame(req.transactionId(), req.unitId(), req.functionCode() | 0x80, 0x0B));
            }
        }));
        RegisterBus bus = bus(server.port());

        Failure f = assertInstanceOf(Failure.class, bus.read(7, RegisterTable.INPUT_REGISTER, 0, 1));
        assertEquals(FailureKind.EXCEPTION_RESPONSE, f.kind());
        assertEquals(ModbusException.GATEWAY_TARGET_FAILED, f.exceptionCode());
    }

    @Test
    void silentServerTimesOutWithinTheDeadlineAfterExactlyOneRequest() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            srv.readRequest(in);
            // Never answer; wait for the client to hang up.
            while (in.read() >= 0) {
                // drain
            }
        }));
        RegisterBus bus = bus(server.port());

        long t0 = System.nanoTime();
        BusReply reply = bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 2);
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        Failure f = assertInstanceOf(Failure.class, reply);
        assertEquals(FailureKind.TIMEOUT, f.kind());
        assertTrue(elapsedMs >= 290 && elapsedMs < 1500, "elapsed " + elapsedMs + " ms");
        assertEquals(1, bus.counters().timeouts());
        // One attempt, no hidden retries: the server saw exactly one request.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> server.requests.get() == 1);

        // The timed-out socket was dropped: the next call opens a new connection at once (no backoff).
        bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 2);
        assertEquals(2, server.connections());
        assertEquals(2, bus.counters().connects());
    }

    @Test
    void partialFrameThenStallTimesOut() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            var req = srv.readRequest(in);
            byte[] full = FakeTcpServer.frame(req.transactionId(), 1, FakeTcpServer.registersPdu(3, 1, 2));
            s.getOutputStream().write(full, 0, 9);
            while (in.read() >= 0) {
                // stall until the client gives up
            }
        }));
        RegisterBus bus = bus(server.port());

        long t0 = System.nanoTime();
        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 2));
        assertEquals(FailureKind.TIMEOUT, f.kind());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1500);
    }

    @Test
    void refusedConnectionFailsFastAndBacksOffExponentially() throws Exception {
        int port = J2modTcpSlave.freePort();
        ManualClock clock = new ManualClock();
        RegisterBus bus = bus(port, clock);

        Failure first = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.CONNECT_FAILED, first.kind());
        assertEquals(1, bus.counters().connectFailures());

        // Inside the first backoff (100 ms ± 20 %): refused without a connection attempt.
        Failure during = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.CONNECT_FAILED, during.kind());
        assertTrue(during.detail().contains("backoff"), during.detail());
        clock.advance(Duration.ofMillis(79));
        bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
        assertEquals(1, bus.counters().connectFailures());

        clock.advance(Duration.ofMillis(42)); // 121 ms: past 120 ms, the longest first backoff
        bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
        assertEquals(2, bus.counters().connectFailures());

        // Second backoff is 200 ms ± 20 %: still refused at +159 ms, attempted at +241 ms.
        clock.advance(Duration.ofMillis(159));
        bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
        assertEquals(2, bus.counters().connectFailures());
        clock.advance(Duration.ofMillis(82));
        bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
        assertEquals(3, bus.counters().connectFailures());

        // Far beyond the cap the interval never exceeds 5 s + 20 %.
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(6001));
            bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1);
        }
        assertEquals(13, bus.counters().connectFailures());
        assertEquals(0, bus.counters().connects());
    }

    @Test
    void garbageReplyIsDiscardedAndTheNextConnectionWorks() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                var req = srv.readRequest(in);
                if (i == 0) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(FakeTcpServer.frame(req.transactionId(), req.unitId(), FakeTcpServer.registersPdu(3, 42)));
                }
            }
        }));
        RegisterBus bus = bus(server.port());

        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.MALFORMED_REPLY, f.kind());
        assertEquals(1, bus.counters().discarded());

        assertEquals(new BusReply.Registers(new int[] {42}), bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(2, bus.counters().connects());
    }

    @Test
    void replyWithWrongRegisterCountIsMalformedNotAValue() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            while (true) {
                var req = srv.readRequest(in);
                // Asked for 2 registers, answers 1.
                s.getOutputStream().write(FakeTcpServer.frame(req.transactionId(), req.unitId(), FakeTcpServer.registersPdu(3, 7)));
            }
        }));
        RegisterBus bus = bus(server.port());

        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 2));
        assertEquals(FailureKind.MALFORMED_REPLY, f.kind());
        assertEquals(1, bus.counters().discarded());
    }

    @Test
    void serverClosingMidReplyIsALostConnection() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            var req = srv.readRequest(s.getInputStream());
            byte[] full = FakeTcpServer.frame(req.transactionId(), 1, FakeTcpServer.registersPdu(3, 1, 2, 3));
            s.getOutputStream().write(full, 0, 10);
            s.getOutputStream().flush();
            // returning closes the socket mid-reply
        }));
        RegisterBus bus = bus(server.port());

        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 3));
        assertEquals(FailureKind.CONNECTION_LOST, f.kind());
    }

    @Test
    void staleTransactionIdIsSkippedAndOnlyTheMatchingReplyCounts() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                var req = srv.readRequest(in);
                int tid = req.transactionId();
                // A late answer to an older request, one for another unit, then the real one.
                out.write(FakeTcpServer.frame(tid - 1, req.unitId(), FakeTcpServer.registersPdu(3, 666)));
                out.write(FakeTcpServer.frame(tid, req.unitId() + 1, FakeTcpServer.registersPdu(3, 777)));
                out.write(FakeTcpServer.frame(tid, req.unitId(), FakeTcpServer.registersPdu(3, 42)));
            }
        }));
        RegisterBus bus = bus(server.port());

        assertEquals(new BusReply.Registers(new int[] {42}), bus.read(5, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(2, bus.counters().discarded());
        assertEquals(1, bus.counters().replies());
    }

    @Test
    void onlyAStaleReplyBeforeTheDeadlineIsATimeout() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            var req = srv.readRequest(in);
            s.getOutputStream().write(FakeTcpServer.frame(req.transactionId() + 1, req.unitId(), FakeTcpServer.registersPdu(3, 1)));
            while (in.read() >= 0) {
                // stall
            }
        }));
        RegisterBus bus = bus(server.port());

        Failure f = assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        assertEquals(FailureKind.TIMEOUT, f.kind());
        assertEquals(1, bus.counters().discarded());
    }

    @Test
    void concurrentCallersAreSerializedAndAllGetTheirOwnAnswer() throws Exception {
        RegisterBus bus = bus(slave().port);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<BusReply>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int address = i % 5;
                results.add(pool.submit(() -> bus.read(1, RegisterTable.HOLDING_REGISTER, address, 1)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(new BusReply.Registers(new int[] {i % 5 + 1}), results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, bus.counters().replies());
        assertEquals(0, bus.counters().discarded());
    }

    @Test
    void closeUnblocksATransactionInProgress() throws Exception {
        FakeTcpServer server = keep(new FakeTcpServer((i, s, srv) -> {
            InputStream in = s.getInputStream();
            srv.readRequest(in);
            while (in.read() >= 0) {
                // never answer
            }
        }));
        RegisterBus bus = keep(ModbusBuses.tcp(
                TcpBusSettings.of("127.0.0.1", server.port()).withTransactionDeadline(Duration.ofSeconds(30)), Clock.system()));
        CompletableFuture<BusReply> pending = CompletableFuture.supplyAsync(() -> bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1));
        await().atMost(Duration.ofSeconds(2)).until(() -> server.requests.get() == 1);

        bus.close();

        BusReply reply = pending.get(2, TimeUnit.SECONDS);
        assertEquals(FailureKind.CONNECT_FAILED, assertInstanceOf(Failure.class, reply).kind());
        assertEquals(FailureKind.CONNECT_FAILED,
                assertInstanceOf(Failure.class, bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 1)).kind());
    }

    @Test
    void describesItsEndpoint() {
        RegisterBus bus = ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", 1502), Clock.system());
        assertEquals("tcp://127.0.0.1:1502", bus.describe());
        bus.close();
    }

    @Test
    void rejectsRequestsOutsideTheProtocolLimits() {
        RegisterBus bus = keep(ModbusBuses.tcp(TcpBusSettings.of("127.0.0.1", 1502), Clock.system()));
        assertThrows(IllegalArgumentException.class,
                () -> bus.read(1, RegisterTable.HOLDING_REGISTER, 0, 126));
        assertThrows(IllegalArgumentException.class,
                () -> bus.read(1, RegisterTable.COIL, 0, 2001));
        assertThrows(IllegalArgumentException.class,
                () -> bus.writeRegisters(1, 0, new int[124]));
        assertThrows(IllegalArgumentException.class,
                () -> bus.read(1, RegisterTable.HOLDING_REGISTER, 65535, 2));
        assertEquals(0, bus.counters().requests());
    }
}
