package io.podctl.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for TLS tests, made with the {@code openssl} command line: a CA, certificates it signs,
 * keys in the formats a pod may be given (PKCS#8 and the traditional PKCS#1 RSA form). Fails, not skips, when
 * openssl is missing.
 */
public final class Pki {

    private final Path dir;

    /** A key and the certificate for it. */
    public record Issued(Path cert, Path key) {
    }

    /**
     * @param dir where the files go (a test's temporary directory)
     */
    public Pki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA named {@code name}: {@code name.crt}, {@code name.key}. */
    public Issued ca(String name) {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=" + name);
        return new Issued(cert, key);
    }

    /**
     * A certificate signed by {@code ca}.
     *
     * @param keyType         {@code rsa-pkcs8}, {@code rsa-pkcs1} or {@code ec-pkcs8}
     * @param subjectAltNames e.g. {@code IP:127.0.0.1}, or null for none
     */
    public Issued issue(Issued ca, String name, String keyType, String subjectAltNames) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        switch (keyType) {
            case "rsa-pkcs8" -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", key.toString());
            case "rsa-pkcs1" -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
            case "ec-pkcs8" -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", key.toString());
            default -> throw new IllegalArgumentException(keyType);
        }
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(),
                "-CAkey", ca.key().toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2"));
        if (subjectAltNames != null) {
            Path ext = dir.resolve(name + ".ext");
            write(ext, "subjectAltName=" + subjectAltNames + "\n");
            sign.addAll(List.of("-extfile", ext.toString()));
        }
        openssl(sign.toArray(String[]::new));
        return new Issued(cert, key);
    }

    /**
     * A certificate signed by {@code ca} that expired long ago (valid January 2024 only), made with
     * {@code openssl ca} because {@code openssl x509} of OpenSSL 3.0 cannot set the start date.
     *
     * @param subjectAltNames e.g. {@code IP:127.0.0.1}, or null for none
     */
    public Issued issueExpired(Issued ca, String name, String subjectAltNames) {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path db = dir.resolve(name + ".index");
        Path serial = dir.resolve(name + ".serial");
        Path conf = dir.resolve(name + ".cnf");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        write(db, "");
        write(serial, "1000\n");
        write(conf, "[ca]\ndefault_ca = test\n[test]\ndatabase = " + db + "\nnew_certs_dir = " + dir
                + "\nserial = " + serial + "\ndefault_md = sha256\npolicy = any\nunique_subject = no\n"
                + "[any]\ncommonName = supplied\n[ext]\n"
                + (subjectAltNames != null ? "subjectAltName = " + subjectAltNames + "\n" : "")
                + "basicConstraints = CA:false\n");
        openssl("ca", "-batch", "-config", conf.toString(), "-cert", ca.cert().toString(), "-keyfile",
                ca.key().toString(), "-in", csr.toString(), "-out", cert.toString(), "-startdate", "20240101000000Z",
                "-enddate", "20240201000000Z", "-extensions", "ext", "-notext");
        return new Issued(cert, key);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Path out = dir.resolve("openssl.out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl hung: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + cmd + "\n" + Files.readString(out));
            }
        } catch (IOException e) {
            throw new IllegalStateException("openssl not found: apt-get install openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
