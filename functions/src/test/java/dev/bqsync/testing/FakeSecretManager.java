package dev.bqsync.testing;

import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.AddSecretVersionRequest;
import com.google.cloud.secretmanager.v1.CreateSecretRequest;
import com.google.cloud.secretmanager.v1.DisableSecretVersionRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsRequest;
import com.google.cloud.secretmanager.v1.ListSecretVersionsResponse;
import com.google.cloud.secretmanager.v1.Secret;
import com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.cloud.secretmanager.v1.SecretVersion;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secret Manager as a gRPC server on loopback in the test JVM, for the real SecretManagerServiceClient:
 * secrets, versions with ENABLED/DISABLED states, "latest" meaning the newest version (refused when
 * it is disabled, as Secret Manager does).
 */
public final class FakeSecretManager extends SecretManagerServiceGrpc.SecretManagerServiceImplBase implements AutoCloseable {
  private record Version(String name, SecretPayload payload, SecretVersion.State state) {}

  private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
  private final Server server;

  public FakeSecretManager() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
  }

  public String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  public synchronized void clear() {
    secrets.clear();
  }

  /** Every payload ever stored, as text: tests check that no secret went anywhere else. */
  public synchronized List<String> allPayloads() {
    List<String> out = new ArrayList<>();
    secrets.values().forEach(list -> list.forEach(v -> out.add(v.payload().getData().toStringUtf8())));
    return out;
  }

  public synchronized List<SecretVersion.State> states(String secretName) {
    return secrets.getOrDefault(secretName, List.of()).stream().map(Version::state).toList();
  }

  @Override
  public synchronized void createSecret(CreateSecretRequest request, StreamObserver<Secret> response) {
    String name = request.getParent() + "/secrets/" + request.getSecretId();
    if (secrets.putIfAbsent(name, new ArrayList<>()) != null) {
      response.onError(Status.ALREADY_EXISTS.withDescription("Secret [" + name + "] already exists.").asRuntimeException());
      return;
    }
    response.onNext(request.getSecret().toBuilder().setName(name).build());
    response.onCompleted();
  }

  @Override
  public synchronized void addSecretVersion(AddSecretVersionRequest request, StreamObserver<SecretVersion> response) {
    List<Version> versions = secrets.get(request.getParent());
    if (versions == null) {
      response.onError(Status.NOT_FOUND.withDescription("Secret [" + request.getParent() + "] not found.").asRuntimeException());
      return;
    }
    String stored = SecretValues.used(request.getPayload().getData().toStringUtf8());
    try {
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored).elements().forEachRemaining(v -> {
        if (v.isTextual()) {
          SecretValues.used(v.asText());
        }
      });
    } catch (java.io.IOException | RuntimeException notJson) {
      // registered whole above
    }
    Version version = new Version(request.getParent() + "/versions/" + (versions.size() + 1), request.getPayload(),
        SecretVersion.State.ENABLED);
    versions.add(version);
    response.onNext(SecretVersion.newBuilder().setName(version.name()).setState(version.state()).build());
    response.onCompleted();
  }

  @Override
  public synchronized void accessSecretVersion(AccessSecretVersionRequest request,
      StreamObserver<AccessSecretVersionResponse> response) {
    String name = request.getName();
    String secret = name.substring(0, name.indexOf("/versions/"));
    List<Version> versions = secrets.get(secret);
    if (versions == null || versions.isEmpty()) {
      response.onError(Status.NOT_FOUND.withDescription("Secret Version [" + name + "] not found.").asRuntimeException());
      return;
    }
    Version version = name.endsWith("/latest") ? versions.get(versions.size() - 1)
        : versions.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    if (version == null) {
      response.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    if (version.state() != SecretVersion.State.ENABLED) {
      response.onError(Status.FAILED_PRECONDITION.withDescription(version.name() + " is in DISABLED state.")
          .asRuntimeException());
      return;
    }
    response.onNext(AccessSecretVersionResponse.newBuilder().setName(version.name()).setPayload(version.payload()).build());
    response.onCompleted();
  }

  @Override
  public synchronized void listSecretVersions(ListSecretVersionsRequest request,
      StreamObserver<ListSecretVersionsResponse> response) {
    ListSecretVersionsResponse.Builder out = ListSecretVersionsResponse.newBuilder();
    for (Version v : secrets.getOrDefault(request.getParent(), List.of())) {
      out.addVersions(SecretVersion.newBuilder().setName(v.name()).setState(v.state()));
    }
    response.onNext(out.build());
    response.onCompleted();
  }

  @Override
  public synchronized void disableSecretVersion(DisableSecretVersionRequest request, StreamObserver<SecretVersion> response) {
    String name = request.getName();
    List<Version> versions = secrets.get(name.substring(0, name.indexOf("/versions/")));
    for (int i = 0; versions != null && i < versions.size(); i++) {
      if (versions.get(i).name().equals(name)) {
        versions.set(i, new Version(name, versions.get(i).payload(), SecretVersion.State.DISABLED));
        response.onNext(SecretVersion.newBuilder().setName(name).setState(SecretVersion.State.DISABLED).build());
        response.onCompleted();
        return;
      }
    }
    response.onError(Status.NOT_FOUND.asRuntimeException());
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
