package io.podctl.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on 127.0.0.1 for servers that tests start later. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago (the kernel's ephemeral range, so never a system service's port such as
     * 1883); the caller binds it soon after.
     */
    public static int reserve() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
