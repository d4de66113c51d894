package io.podctl.hal.modbus.internal;

import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.podctl.hal.modbus.BusReply;
import io.podctl.hal.modbus.BusReply.FailureKind;
import io.podctl.hal.modbus.RegisterTable;

/**
 * One request's protocol data unit (function code + data) and the rules its reply must satisfy.
 *
 * <p>Requests are encoded by j2mod's message classes. Replies are validated and decoded here rather than by
 * j2mod's response classes, because those trust the byte count of the frame (a short or lying reply
 * yields a partial or shifted register array instead of an error) and never check that a write echo matches
 * the request. Here a reply is accepted only if its function code, byte count, length and echo all match.
 *
 * <p>Immutable; built and used on the bus's calling thread.
 */
public final class Pdu {
    /** FC16 may carry at most 123 registers. */
    public static final int MAX_WRITE_REGISTERS = 123;
    /** FC15 may carry at most 1968 coils. */
    public static final int MAX_WRITE_COILS = 1968;

    private final int functionCode;
    private final int address;
    private final int count;
    private final int singleValue;
    private final byte[] bytes;

    private Pdu(ModbusRequest request, int address, int count, int singleValue) {
        this.functionCode = request.getFunctionCode();
        this.address = address;
        this.count = count;
        this.singleValue = singleValue;
        byte[] data = request.getMessage();
        this.bytes = new byte[1 + data.length];
        bytes[0] = (byte) functionCode;
        System.arraycopy(data, 0, bytes, 1, data.length);
    }

    /** FC01/02/03/04 for {@code count} items of {@code table} at 0-based {@code address}. */
    public static Pdu read(RegisterTable table, int address, int count) {
        if (count < 1 || count > table.maxReadCount()) {
            throw new IllegalArgumentException("read count " + count + " outside 1.." + table.maxReadCount());
        }
        requireRange(address, count);
        ModbusRequest request = switch (table) {
            case COIL -> new ReadCoilsRequest(address, count);
            case DISCRETE_INPUT -> new ReadInputDiscretesRequest(address, count);
            case INPUT_REGISTER -> new ReadInputRegistersRequest(address, count);
            case HOLDING_REGISTER -> new ReadMultipleRegistersRequest(address, count);
        };
        return new Pdu(request, address, count, 0);
    }

    /** FC06 for one register, FC16 for several; words are unsigned 16-bit values. */
    public static Pdu writeRegisters(int address, int[] words) {
        if (words.length < 1 || words.length > MAX_WRITE_REGISTERS) {
            throw new IllegalArgumentException("write count " + words.length + " outside 1.." + MAX_WRITE_REGISTERS);
        }
        requireRange(address, words.length);
        for (int w : words) {
            if (w < 0 || w > 0xFFFF) {
                throw new IllegalArgumentException("register value outside 0..65535: " + w);
            }
        }
        if (words.length == 1) {
            return new Pdu(new WriteSingleRegisterRequest(address, new SimpleRegister(words[0])), address, 1, words[0]);
        }
        Register[] registers = new Register[words.length];
        for (int i = 0; i < words.length; i++) {
            registers[i] = new SimpleRegister(words[i]);
        }
        return new Pdu(new WriteMultipleRegistersRequest(address, registers), address, words.length, 0);
    }

    /** FC05 for one coil, FC15 for several. */
    public static Pdu writeCoils(int address, boolean[] values) {
        if (values.length < 1 || values.length > MAX_WRITE_COILS) {
            throw new IllegalArgumentException("write count " + values.length + " outside 1.." + MAX_WRITE_COILS);
        }
        requireRange(address, values.length);
        if (values.length == 1) {
            return new Pdu(new WriteCoilRequest(address, values[0]), address, 1, values[0] ? 0xFF00 : 0x0000);
        }
        BitVector bits = new BitVector(values.length);
        for (int i = 0; i < values.length; i++) {
            bits.setBit(i, values[i]);
        }
        return new Pdu(new WriteMultipleCoilsRequest(address, bits), address, values.length, 0);
    }

    private static void requireRange(int address, int count) {
        if (address < 0 || address + count > 0x10000) {
            throw new IllegalArgumentException("address range " + address + "+" + count + " outside 0..65535");
        }
    }

    /** The function code. */
    public int functionCode() {
        return functionCode;
    }

    /** Function code followed by the request data. Do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    /** Length in bytes of a normal (non-exception) reply PDU, function code included. */
    public int normalReplyLength() {
        return switch (functionCode) {
            case 1, 2 -> 2 + (count + 7) / 8;
            case 3, 4 -> 2 + 2 * count;
            default -> 5;
        };
    }

    /** True when {@code fc} is this request's function code or its exception variant. */
    public boolean matchesFunction(int fc) {
        return fc == functionCode || fc == (functionCode | 0x80);
    }

    /**
     * Validates and decodes a reply PDU of {@code len} bytes at {@code buf[off]} (function code first).
     *
     * @return the data, an acknowledgement, an exception-response failure, or {@code null} when the reply is
     *     malformed (the caller counts it as discarded)
     */
    public BusReply decode(byte[] buf, int off, int len) {
        int fc = buf[off] & 0xFF;
        if (fc == (functionCode | 0x80)) {
            if (len != 2) {
                return null;
            }
            int code = buf[off + 1] & 0xFF;
            return BusReply.Failure.exception(code, String.format("exception %02X to %s", code, this));
        }
        if (fc != functionCode || len != normalReplyLength()) {
            return null;
        }
        switch (functionCode) {
            case 1, 2 -> {
                if ((buf[off + 1] & 0xFF) != len - 2) {
                    return null;
                }
                boolean[] bits = new boolean[count];
                for (int i = 0; i < count; i++) {
                    bits[i] = (buf[off + 2 + i / 8] >> (i % 8) & 1) != 0;
                }
                return new BusReply.Bits(bits);
            }
            case 3, 4 -> {
                if ((buf[off + 1] & 0xFF) != len - 2) {
                    return null;
                }
                int[] words = new int[count];
                for (int i = 0; i < count; i++) {
                    words[i] = word(buf, off + 2 + 2 * i);
                }
                return new BusReply.Registers(words);
            }
            case 5, 6 -> {
                if (word(buf, off + 1) != address || word(buf, off + 3) != singleValue) {
                    return null;
                }
                return new BusReply.Written(address, 1);
            }
            default -> {
                if (word(buf, off + 1) != address || word(buf, off + 3) != count) {
                    return null;
                }
                return new BusReply.Written(address, count);
            }
        }
    }

    /** A failure for a reply that was discarded as malformed. */
    public BusReply.Failure malformed(String why) {
        return BusReply.Failure.of(FailureKind.MALFORMED_REPLY, why + " (" + this + ")");
    }

    static int word(byte[] buf, int off) {
        return (buf[off] & 0xFF) << 8 | buf[off + 1] & 0xFF;
    }

    @Override
    public String toString() {
        return String.format("FC%02d at %d (%d item%s)", functionCode, address, count, count == 1 ? "" : "s");
    }
}
