package io.podctl.controller.mqtt.paho;

import io.podctl.controller.mqtt.LinkSettings;
import io.podctl.controller.tls.PemFiles;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the TLS socket factory for {@code ssl://} brokers from PEM files with plain JDK APIs: the CA
 * certificate(s) become the only trust anchors, an optional client certificate chain and private key the
 * client identity. Protocols are limited to TLS 1.3 and 1.2. Hostname verification is not done here; the link
 * turns on Paho's HTTPS endpoint identification.
 *
 * <p>Keys: as {@link PemFiles} reads them.
 *
 * <p>Stateless; read at each connection attempt so that renewed files are picked up without a restart.
 */
final class PemTls {

    private static final List<String> PROTOCOLS = PemFiles.PROTOCOLS;

    private PemTls() {
    }

    /** A socket factory for the given material; throws with a message naming the file on any problem. */
    static SSLSocketFactory socketFactory(LinkSettings.Tls tls) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = PemFiles.trustOnly(tls.caFile());
        KeyManagerFactory kmf = null;
        if (tls.certFile() != null || tls.keyFile() != null) {
            if (tls.certFile() == null || tls.keyFile() == null) {
                throw new GeneralSecurityException("a client certificate needs both certFile and keyFile");
            }
            kmf = PemFiles.identity(tls.certFile(), tls.keyFile());
        }

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new ProtocolLimitingFactory(context.getSocketFactory());
    }

    /** Enables only TLS 1.3 and 1.2 on every socket it creates. */
    private static final class ProtocolLimitingFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        ProtocolLimitingFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket limit(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
                ssl.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return limit(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return limit(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return limit(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return limit(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

}
