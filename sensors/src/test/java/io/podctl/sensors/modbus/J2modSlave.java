package io.podctl.sensors.modbus;

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

/** A real j2mod Modbus TCP slave on 127.0.0.1 and a free port (test fixture; j2mod stays out of main code). */
final class J2modSlave implements AutoCloseable {
    final int port;
    final SimpleProcessImage image = new SimpleProcessImage();
    private final ModbusSlave slave;

    J2modSlave(int unitId, int coils, int discretes, int[] inputs, int[] holdings) throws Exception {
        for (int i = 0; i < coils; i++) {
            image.addDigitalOut(new SimpleDigitalOut(i % 2 == 0));
        }
        for (int i = 0; i < discretes; i++) {
            image.addDigitalIn(new SimpleDigitalIn(i % 3 == 0));
        }
        for (int w : inputs) {
            image.addInputRegister(new SimpleInputRegister(w));
        }
        for (int w : holdings) {
            image.addRegister(new SimpleRegister(w));
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(unitId, image);
        slave.open();
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }
}
