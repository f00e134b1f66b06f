package dev.bqsync.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;

/**
 * The Cloud Logging read client: Application Default Credentials in production; with {@code
 * LOGGING_EMULATOR_HOST} (host:port) a plaintext channel without credentials to a local service.
 *
 * <p>This is the GAPIC {@link LoggingClient} on a fixed channel we own, not the high-level {@code
 * LoggingOptions} client: for a local endpoint the latter (3.34.0, GrpcLoggingRpc) builds its channel
 * inside a try-with-resources and so closes it before the first call.
 */
public final class LoggingClients {
  public static final String EMULATOR_HOST = "LOGGING_EMULATOR_HOST";

  private LoggingClients() {}

  public static LoggingClient create(String emulatorHost) {
    try {
      if (emulatorHost == null || emulatorHost.isBlank()) {
        return LoggingClient.create();
      }
      // The client closes the fixed channel with itself: it is one of the client's background resources.
      GrpcTransportChannel channel = GrpcTransportChannel.create(
          ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build());
      return LoggingClient.create(LoggingSettings.newBuilder()
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setTransportChannelProvider(FixedTransportChannelProvider.create(channel))
          .build());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the Cloud Logging client: " + e.getMessage(), e);
    }
  }
}
