package io.podctl.controller.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The broker user name and password, never from the main configuration: from the file named by
 * {@code mqtt.credentialsFile} (one line {@code username:password}; the password may contain ':'), else from
 * the environment variables {@value #USERNAME_VARIABLE} and {@value #PASSWORD_VARIABLE}, else none.
 *
 * @param username user name
 * @param password password (the caller should clear it when done)
 */
public record MqttCredentials(String username, char[] password) {
    /** Environment variable holding the user name when no credentials file is configured. */
    public static final String USERNAME_VARIABLE = "PODCTL_MQTT_USERNAME";
    /** Environment variable holding the password when no credentials file is configured. */
    public static final String PASSWORD_VARIABLE = "PODCTL_MQTT_PASSWORD";

    /**
     * The credentials to use, or null for none.
     *
     * @param credentialsFile the configured file (already resolved against the configuration's directory), or
     *                        null
     * @param environment     the process environment ({@code System.getenv()})
     * @throws UncheckedIOException     if the configured file cannot be read
     * @throws IllegalArgumentException if the file is not one {@code username:password} line, or only one of the
     *                                  two variables is set
     */
    public static MqttCredentials resolve(String credentialsFile, Map<String, String> environment) {
        if (credentialsFile != null) {
            return fromFile(Path.of(credentialsFile));
        }
        String user = environment.get(USERNAME_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        if (user == null && password == null) {
            return null;
        }
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("set both " + USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE
                    + ", or neither");
        }
        return new MqttCredentials(user, password.toCharArray());
    }

    private static MqttCredentials fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT credentials file " + file, e);
        }
        int colon = lines.size() == 1 ? lines.get(0).indexOf(':') : -1;
        if (colon <= 0) {
            // Never echo the line: it holds the secret.
            throw new IllegalArgumentException("the MQTT credentials file " + file
                    + " must hold exactly one line username:password");
        }
        String line = lines.get(0);
        return new MqttCredentials(line.substring(0, colon), line.substring(colon + 1).strip().toCharArray());
    }

    @Override
    public String toString() {
        return "MqttCredentials[username=" + username + ", password=***]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttCredentials c && c.username.equals(username) && Arrays.equals(c.password, password);
    }

    @Override
    public int hashCode() {
        return username.hashCode();
    }
}
