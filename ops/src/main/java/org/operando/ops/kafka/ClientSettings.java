package org.operando.ops.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client settings shared by every role: the bootstrap servers and any standard client properties (TLS, SASL,
 * ...) from a properties file, passed through untouched.
 */
public record ClientSettings(String bootstrapServers, Map<String, Object> extra) {
    public ClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers may not be empty; expected host:port[,host:port]");
        }
        extra = Map.copyOf(extra);
    }

    public static ClientSettings of(String bootstrapServers, Path propertiesFile) {
        Map<String, Object> extra = new HashMap<>();
        if (propertiesFile != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                props.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read Kafka client properties " + propertiesFile, e);
            }
            props.forEach((k, v) -> extra.put(k.toString(), v));
        }
        return new ClientSettings(bootstrapServers, extra);
    }

    /** A fresh mutable map of client configuration. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
