package io.podctl.controller.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * HTTP basic authentication of {@code /metrics} against one {@code username:password} line of a credentials file
 * (the format of {@code mqtt.credentialsFile}; the password may contain ':'). A wrong or missing password is
 * answered 401 with {@code WWW-Authenticate: Basic realm="podctl metrics"} by the JDK's authenticator.
 * Comparisons take the same time whatever the input. Any thread.
 */
final class BasicCredentials extends BasicAuthenticator {
    static final String REALM = "podctl metrics";

    private final byte[] username;
    private final byte[] password;

    private BasicCredentials(String username, String password) {
        super(REALM, StandardCharsets.UTF_8);
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the file; never echoes its contents in an error. */
    static BasicCredentials fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics credentials file " + file, e);
        }
        int colon = lines.size() == 1 ? lines.get(0).indexOf(':') : -1;
        if (colon <= 0) {
            throw new IllegalArgumentException("the metrics credentials file " + file
                    + " must hold exactly one line username:password");
        }
        String line = lines.get(0);
        return new BasicCredentials(line.substring(0, colon), line.substring(colon + 1).strip());
    }

    @Override
    public boolean checkCredentials(String user, String pass) {
        boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
        return userOk & passOk;
    }
}
