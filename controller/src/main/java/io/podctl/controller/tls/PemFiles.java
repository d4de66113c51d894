package io.podctl.controller.tls;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and private keys from PEM files with plain JDK APIs, for every TLS endpoint of the controller (the
 * MQTT link, the metrics endpoint).
 *
 * <p>Keys: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA, EC or EdDSA) and PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}, the output of older {@code openssl genrsa}). Other formats are refused with a
 * hint to convert them ({@code openssl pkcs8 -topk8 -nocrypt}); a PEM parser library would not earn its place
 * for that.
 *
 * <p>Stateless; any thread.
 */
public final class PemFiles {
    /** The TLS versions every endpoint enables. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemFiles() {
    }

    /** Trust managers whose only anchors are the CA certificate(s) in {@code caFile}. */
    public static TrustManagerFactory trustOnly(Path caFile) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate ca : readCertificates(caFile)) {
            trust.setCertificateEntry("ca-" + i++, ca);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf;
    }

    /** Key managers presenting the certificate chain in {@code certFile} with the private key in {@code keyFile}. */
    public static KeyManagerFactory identity(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
        Certificate[] chain = readCertificates(certFile).toArray(new Certificate[0]);
        if (chain.length == 0) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        char[] password = new char[0];
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("identity", readPrivateKey(keyFile), password, chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, password);
        return kmf;
    }

    /** Every certificate in a PEM file; throws with a message naming the file. */
    public static Collection<? extends Certificate> readCertificates(Path file) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The private key of a PEM file: unencrypted PKCS#8 (RSA, EC, EdDSA) or PKCS#1 RSA; other formats are
     * refused with the command that converts them.
     */
    public static PrivateKey readPrivateKey(Path file) throws GeneralSecurityException, IOException {
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
}
