package dev.bqsync.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.port.SecretStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The secret store every reader gets from the composition root: each value read or stored is taught
 * to the redactor first (the whole payload and, for a JSON payload, each of its texts), so a secret
 * no pattern recognises is still masked wherever it would appear in a log line or run record.
 */
record LearningSecretStore(SecretStore store, SecretRedactor redactor) implements SecretStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Optional<String> latest(String secretId) {
    Optional<String> value = store.latest(secretId);
    value.ifPresent(this::learn);
    return value;
  }

  @Override
  public void put(String secretId, String value) {
    learn(value);
    store.put(secretId, value);
  }

  @Override
  public List<String> disableOlderVersions(String secretId) {
    List<String> disabled = store.disableOlderVersions(secretId);
    disabled.forEach(this::learn);
    return disabled;
  }

  @Override
  public List<String> disableAllVersions(String secretId) {
    List<String> disabled = store.disableAllVersions(secretId);
    disabled.forEach(this::learn);
    return disabled;
  }

  private void learn(String payload) {
    redactor.learn(payload);
    if (!payload.startsWith("{")) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(payload);
      node.fields().forEachRemaining(field -> {
        if (field.getValue().isTextual()) {
          redactor.learn(field.getValue().asText());
        }
      });
    } catch (IOException notJson) {
      // learned whole above; a payload that is not JSON has no parts to learn
    }
  }
}
