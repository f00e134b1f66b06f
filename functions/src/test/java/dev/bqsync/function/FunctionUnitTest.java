package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.core.FailureKind;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.EventLog;
import dev.bqsync.sync.CrmSectionOutcome;
import dev.bqsync.sync.CrmSyncJob;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.Refusal;
import dev.bqsync.sync.SectionOutcome;
import dev.bqsync.sync.UsagePullJob;
import java.io.ByteArrayInputStream;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;

/**
 * The function classes on their own, in the style of Google's function samples: a mocked
 * {@link HttpRequest} and {@link HttpResponse}, the use case mocked too, no server and no emulator.
 * What is checked is the function's own job: methods, bodies, and the verdict's HTTP status.
 */
class FunctionUnitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<LogEvent> logged = new ArrayList<>();
  private final EventLog log = logged::add;
  private final UsagePullJob usage = mock(UsagePullJob.class);
  private final CrmSyncJob crm = mock(CrmSyncJob.class);
  private HttpRequest request;
  private HttpResponse response;
  private StringWriter written;

  @BeforeEach
  void mocks() throws Exception {
    request = mock(HttpRequest.class);
    response = mock(HttpResponse.class);
    written = new StringWriter();
    when(response.getWriter()).thenReturn(new BufferedWriter(written));
    when(request.getFirstHeader(any())).thenReturn(Optional.empty());
  }

  private void post(String body) throws Exception {
    when(request.getMethod()).thenReturn("POST");
    when(request.getInputStream()).thenReturn(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private int status() {
    ArgumentCaptor<Integer> status = ArgumentCaptor.forClass(Integer.class);
    verify(response).setStatusCode(status.capture());
    return status.getValue();
  }

  private JsonNode answer() throws Exception {
    return JSON.readTree(written.toString());
  }

  private void serveUsage() throws Exception {
    new UsagePullFunction(usage, "proj", log).service(request, response);
  }

  @Test
  void onlyPostIsTaken() throws Exception {
    when(request.getMethod()).thenReturn("GET");

    serveUsage();

    assertThat(status()).isEqualTo(405);
    assertThat(answer().get("error").asText()).contains("use POST");
    verifyNoInteractions(usage);
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithoutParserInternals() throws Exception {
    post("{\"tenantId\": acme}");

    serveUsage();

    assertThat(status()).isEqualTo(400);
    assertThat(answer().get("error").asText()).contains("not valid JSON (line 1, column")
        .doesNotContain("Unrecognized token").doesNotContain("[Source");
    verifyNoInteractions(usage);
  }

  @Test
  void anUnknownFieldIsRefusedByName() throws Exception {
    post("{\"tenantId\": \"acme\", \"forse\": true}");

    serveUsage();

    assertThat(status()).isEqualTo(400);
    assertThat(answer().get("error").asText()).contains("unknown field \"forse\"").contains("force, sectionId, tenantId");
    verifyNoInteractions(usage);
  }

  @Test
  void theBodyBecomesTheJobRequest() throws Exception {
    post("{\"tenantId\": \"acme\", \"sectionId\": \"logins\", \"force\": true}");
    when(usage.run(any(), any())).thenReturn(result(RunStatus.OK, null));

    serveUsage();

    ArgumentCaptor<JobRequest> asked = ArgumentCaptor.forClass(JobRequest.class);
    verify(usage).run(asked.capture(), any());
    assertThat(asked.getValue()).isEqualTo(JobRequest.usage("acme", "logins", true));
    assertThat(status()).isEqualTo(200);
    assertThat(answer().get("sections").get(0).get("status").asText()).isEqualTo("OK");
  }

  @ParameterizedTest(name = "{0} {1} answers {2}")
  @CsvSource({
      "OK, , 200",
      "PARTIAL, , 200",
      "FAILED, NEEDS_PERSON, 200",
      "FAILED, TRANSIENT, 503",
      "FAILED, BUG, 500",
      "ALREADY_RUNNING, , 200"})
  void eachVerdictHasItsStatus(RunStatus status, FailureKind kind, int expected) throws Exception {
    post("{\"tenantId\": \"acme\"}");
    when(usage.run(any(), any())).thenReturn(result(status, kind));

    serveUsage();

    assertThat(status()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} answers {1}")
  @CsvSource({"INVALID_REQUEST, 400", "NOT_FOUND, 404", "SWITCHED_OFF, 200"})
  void eachRefusalHasItsStatus(Refusal refusal, int expected) throws Exception {
    post("{\"tenantId\": \"acme\"}");
    when(usage.run(any(), any())).thenReturn(new JobResult<>("acme", null, refusal, "because", List.of()));

    serveUsage();

    assertThat(status()).isEqualTo(expected);
    assertThat(answer().get("message").asText()).isEqualTo("because");
  }

  @Test
  void aFailureThatEscapesTheJobIsABug() throws Exception {
    post("{\"tenantId\": \"acme\"}");
    when(usage.run(any(), any())).thenThrow(new IllegalStateException("boom"));

    serveUsage();

    assertThat(status()).isEqualTo(500);
    assertThat(answer().get("error").asText()).contains("IllegalStateException").contains("logged with its stack");
    assertThat(logged).singleElement().satisfies(e -> {
      assertThat(e.severity()).isEqualTo(Severity.ERROR);
      assertThat(e.error()).hasMessage("boom");
    });
  }

  @Test
  void theCrmFunctionTakesDryRunAndRefusesForce() throws Exception {
    post("{\"tenantId\": \"acme\", \"dryRun\": true}");
    when(crm.run(any(), any())).thenReturn(new JobResult<>("acme", "r1", null, null,
        List.of(CrmSectionOutcome.simple("companies", RunStatus.OK, null))));

    new CrmSyncFunction(crm, "proj", log).service(request, response);

    ArgumentCaptor<JobRequest> asked = ArgumentCaptor.forClass(JobRequest.class);
    verify(crm).run(asked.capture(), any());
    assertThat(asked.getValue().dryRun()).isTrue();
    assertThat(status()).isEqualTo(200);

    mocks();
    post("{\"tenantId\": \"acme\", \"force\": true}");
    new CrmSyncFunction(crm, "proj", log).service(request, response);
    assertThat(status()).isEqualTo(400);
    assertThat(answer().get("error").asText()).contains("unknown field \"force\"");
  }

  private static JobResult<SectionOutcome> result(RunStatus status, FailureKind kind) {
    return new JobResult<>("acme", "r1", null, null,
        List.of(SectionOutcome.ended("logins", status, kind == null ? null : "what happened", kind, null)));
  }
}
