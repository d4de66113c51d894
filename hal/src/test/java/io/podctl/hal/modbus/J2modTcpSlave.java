package io.podctl.hal.modbus;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A real j2mod Modbus TCP slave on 127.0.0.1 and a free port, with one process image per unit. */
final class J2modTcpSlave implements AutoCloseable {
    final int port;
    private final ModbusSlave slave;

    J2modTcpSlave(int unitId, SimpleProcessImage image) throws Exception {
        // j2mod cannot report the port it bound, so take a free one from the OS first.
        this.port = freePort();
        this.slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(unitId, image);
        slave.open();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Coils 0..n-1, discrete inputs, input registers and holding registers, all from address 0. */
    static SimpleProcessImage image(boolean[] coils, boolean[] discretes, int[] inputs, int[] holdings) {
        SimpleProcessImage image = new SimpleProcessImage();
        for (boolean c : coils) {
            image.addDigitalOut(new SimpleDigitalOut(c));
        }
        for (boolean d : discretes) {
            image.addDigitalIn(new SimpleDigitalIn(d));
        }
        for (int w : inputs) {
            image.addInputRegister(new SimpleInputRegister(w));
        }
        for (int w : holdings) {
            image.addRegister(new SimpleRegister(w));
        }
        return image;
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
