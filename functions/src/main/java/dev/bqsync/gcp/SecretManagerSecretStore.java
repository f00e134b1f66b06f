package dev.bqsync.gcp;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.secretmanager.v1.ProjectName;
import com.google.cloud.secretmanager.v1.Replication;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretName;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.cloud.secretmanager.v1.SecretVersionName;
import com.google.protobuf.ByteString;
import dev.bqsync.port.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tenant secrets in Secret Manager, in the CRM's project, one secret per tenant (Terraform creates
 * them; a missing one is created on first write). Every write is a new version, and the older
 * enabled versions are disabled, so only the latest token is usable.
 */
public final class SecretManagerSecretStore implements SecretStore {
  private final SecretManagerServiceClient client;
  private final String project;

  public SecretManagerSecretStore(SecretManagerServiceClient client, String project) {
    this.client = client;
    this.project = project;
  }

  @Override
  public Optional<String> latest(String secretId) {
    try {
      var response = client.accessSecretVersion(SecretVersionName.of(project, secretId, "latest"));
      return Optional.of(response.getPayload().getData().toString(StandardCharsets.UTF_8));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (com.google.api.gax.rpc.FailedPreconditionException e) {
      return Optional.empty(); // the latest version is disabled or destroyed
    }
  }

  /**
   * Adds a version, creating the secret when it does not exist (the operator's CLI; in production
   * Terraform creates the tenants' secrets). It only adds: the OAuth function may add refresh-token
   * versions and nothing else ({@link #disableOlderVersions} is for those that may read them).
   */
  @Override
  public void put(String secretId, String value) {
    SecretName name = SecretName.of(project, secretId);
    SecretPayload payload = SecretPayload.newBuilder().setData(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    try {
      client.addSecretVersion(name, payload);
    } catch (NotFoundException e) {
      try {
        client.createSecret(ProjectName.of(project), secretId, Secret.newBuilder()
            .setReplication(Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance())).build());
      } catch (AlreadyExistsException raced) {
        // created meanwhile: fine
      }
      client.addSecretVersion(name, payload);
    }
  }

  @Override
  public List<String> disableOlderVersions(String secretId) {
    return disable(secretId, 1);
  }

  @Override
  public List<String> disableAllVersions(String secretId) {
    return disable(secretId, 0);
  }

  /** Disables every enabled version but the newest {@code keep}, returning what they held. */
  private List<String> disable(String secretId, int keep) {
    List<SecretVersion> enabled = new ArrayList<>();
    try {
      for (SecretVersion version : client.listSecretVersions(SecretName.of(project, secretId)).iterateAll()) {
        if (version.getState() == SecretVersion.State.ENABLED) {
          enabled.add(version);
        }
      }
    } catch (NotFoundException e) {
      return List.of();
    }
    enabled.sort(Comparator.comparingLong(SecretManagerSecretStore::number));
    List<String> disabled = new ArrayList<>();
    for (SecretVersion version : enabled.subList(0, Math.max(0, enabled.size() - keep))) {
      try {
        disabled.add(client.accessSecretVersion(version.getName()).getPayload().getData().toString(StandardCharsets.UTF_8));
        client.disableSecretVersion(version.getName());
      } catch (NotFoundException | com.google.api.gax.rpc.FailedPreconditionException gone) {
        // disabled or destroyed meanwhile by another instance: nothing left to do for it
      }
    }
    return disabled;
  }

  private static long number(SecretVersion version) {
    String name = version.getName();
    return Long.parseLong(name.substring(name.lastIndexOf('/') + 1));
  }
}
