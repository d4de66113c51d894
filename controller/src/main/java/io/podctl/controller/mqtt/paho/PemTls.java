package io.podctl.controller.mqtt.paho;

import io.podctl.controller.mqtt.LinkSettings;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the TLS socket factory for {@code ssl://} brokers from PEM files with plain JDK APIs: the CA
 * certificate(s) become the only trust anchors, an optional client certificate chain and private key the
 * client identity. Protocols are limited to TLS 1.3 and 1.2. Hostname verification is not done here; the link
 * turns on Paho's HTTPS endpoint identification.
 *
 * <p>Keys: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or EdDSA) and PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, the output of older {@code openssl genrsa}). Other formats are refused with a
 * hint to convert them ({@code openssl pkcs8 -topk8 -nocrypt}); a PEM parser library would not earn its place
 * for that.
 *
 * <p>Stateless; read at each connection attempt so that renewed files are picked up without a restart.
 */
final class PemTls {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemTls() {
    }

    /** A socket factory for the given material; throws with a message naming the file on any problem. */
    static SSLSocketFactory socketFactory(LinkSettings.Tls tls) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate ca : readCertificates(tls.caFile())) {
            trust.setCertificateEntry("ca-" + i++, ca);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + tls.caFile());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        KeyManagerFactory kmf = null;
        if (tls.certFile() != null || tls.keyFile() != null) {
            if (tls.certFile() == null || tls.keyFile() == null) {
                throw new GeneralSecurityException("a client certificate needs both certFile and keyFile");
            }
            Certificate[] chain = readCertificates(tls.certFile()).toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new GeneralSecurityException("no certificate in " + tls.certFile());
            }
            char[] password = new char[0];
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("client", readPrivateKey(tls.keyFile()), password, chain);
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, password);
        }

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new ProtocolLimitingFactory(context.getSocketFactory());
    }

    static Collection<? extends Certificate> readCertificates(Path file) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws GeneralSecurityException, IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new GeneralSecurityException("no PEM block in " + file);
        }
        String type = m.group(1);
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> wrapPkcs1Rsa(der);
            default -> throw new GeneralSecurityException(file + " holds a '" + type + "' block; convert it to"
                    + " unencrypted PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
        };
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm; the encoding names it but KeyFactory offers no lookup by OID
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm in " + file);
    }

    /**
     * PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: SEQUENCE { INTEGER 0, AlgorithmIdentifier
     * rsaEncryption NULL, OCTET STRING pkcs1 }.
     */
    static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] octets = derElement(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return derElement(0x30, body);
    }

    private static byte[] derElement(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
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
