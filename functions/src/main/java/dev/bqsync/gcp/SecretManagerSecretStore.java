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

  @Override
  public void put(String secretId, String value) {
    SecretName name = SecretName.of(project, secretId);
    SecretPayload payload = SecretPayload.newBuilder().setData(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    SecretVersion added;
    try {
      added = client.addSecretVersion(name, payload);
    } catch (NotFoundException e) {
      try {
        client.createSecret(ProjectName.of(project), secretId, Secret.newBuilder()
            .setReplication(Replication.newBuilder().setAutomatic(Replication.Automatic.getDefaultInstance())).build());
      } catch (AlreadyExistsException raced) {
        // created meanwhile: fine
      }
      added = client.addSecretVersion(name, payload);
    }
    for (SecretVersion version : client.listSecretVersions(name).iterateAll()) {
      if (!version.getName().equals(added.getName()) && version.getState() == SecretVersion.State.ENABLED) {
        client.disableSecretVersion(version.getName());
      }
    }
  }
}
