package dev.bqsync.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import java.io.IOException;

/**
 * The Secret Manager client: Application Default Credentials in production; with
 * {@code SECRET_MANAGER_EMULATOR_HOST} a plaintext channel without credentials to a local fake.
 */
public final class SecretManagerClients {
  private SecretManagerClients() {}

  public static SecretManagerServiceClient create(String emulatorHost) {
    try {
      if (emulatorHost == null || emulatorHost.isBlank()) {
        return SecretManagerServiceClient.create();
      }
      return SecretManagerServiceClient.create(SecretManagerServiceSettings.newBuilder()
          .setEndpoint(emulatorHost)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(emulatorHost)
              .setChannelConfigurator(builder -> builder.usePlaintext()).build())
          .build());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the Secret Manager client: " + e.getMessage(), e);
    }
  }
}
