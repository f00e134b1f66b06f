package dev.bqsync.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each shape the redactor must catch, each learned value, and ordinary text it must leave alone. */
class SecretRedactorTest {
  private final SecretRedactor redactor = new SecretRedactor();

  @Test
  void secretNamedJsonPairsLoseTheirValueAndKeepTheirName() {
    String json = "{\"clientSecret\": \"s3cr3t-value\", \"refreshToken\":\"abc\\\"def\", \"accessToken\" : \"tok-1\", "
        + "\"client_secret\":\"cs\", \"refresh_token\": \"rt\", \"access_token\": \"at\", \"code\": \"c-123\", "
        + "\"tenantId\": \"acme\"}";

    String out = redactor.redact(json);

    assertThat(out).contains("\"clientSecret\": \"[REDACTED]\"", "\"refreshToken\":\"[REDACTED]\"",
        "\"accessToken\" : \"[REDACTED]\"", "\"client_secret\":\"[REDACTED]\"", "\"refresh_token\": \"[REDACTED]\"",
        "\"access_token\": \"[REDACTED]\"", "\"code\": \"[REDACTED]\"", "\"tenantId\": \"acme\"");
    assertThat(out).doesNotContain("s3cr3t", "def", "tok-1", "\"cs\"", "\"rt\"", "\"at\"", "c-123");
  }

  @Test
  void basicAuthorisationHeadersAreMasked() {
    String credentials = Base64.getEncoder().encodeToString("client-id:client-secret-value".getBytes(StandardCharsets.UTF_8));

    assertThat(redactor.redact("Authorization: Basic " + credentials)).isEqualTo("Authorization: Basic [REDACTED]");
    assertThat(redactor.redact("basic " + credentials + " sent")).isEqualTo("basic [REDACTED] sent");
    assertThat(redactor.redact("Basic information about the run")).isEqualTo("Basic information about the run");
  }

  @Test
  void googleCodesAndTokensAreMaskedPlainAndUrlEncoded() {
    assertThat(redactor.redact("got 4/0AX4XfWhK3abcdefghijkl here")).isEqualTo("got [REDACTED] here");
    assertThat(redactor.redact("callback?code=4%2F0AX4XfWhK3abcdefghij&state=x")).doesNotContain("AX4XfWhK3");
    assertThat(redactor.redact("state=x&c=4%2F0AX4XfWhK3abcdefghij")).isEqualTo("state=x&c=[REDACTED]");
    assertThat(redactor.redact("token 1//0gAbCdEfGhIjKlMnOp")).isEqualTo("token [REDACTED]");
    assertThat(redactor.redact("refresh=1%2F%2F0gAbCdEfGhIjKlMnOp&x=1")).isEqualTo("refresh=[REDACTED]&x=1");
    assertThat(redactor.redact("Bearer ya29.a0AfH6SMB-xyz")).isEqualTo("Bearer [REDACTED]");
    assertThat(redactor.redact("secret GOCSPX-abcdefghijklmnop")).isEqualTo("secret [REDACTED]");
  }

  @Test
  void clientSecretsWithoutThePrefixAreMaskedWhereTheyAreNamed() {
    String legacy = "ZmssLNjJy2998hD4CTg2ejr2";

    assertThat(redactor.redact("client_secret=" + legacy + "&grant_type=x")).isEqualTo("client_secret=[REDACTED]&grant_type=x");
    assertThat(redactor.redact("client secret: " + legacy)).isEqualTo("client secret: [REDACTED]");
    assertThat(redactor.redact("clientSecret='" + legacy + "'")).doesNotContain(legacy);
    assertThat(redactor.redact("{\"clientSecret\":\"" + legacy + "\"}")).doesNotContain(legacy);
  }

  @Test
  void aLearnedValueIsMaskedAnywhereAsStoredAndUrlEncoded() {
    String secret = "acme-oauth/client+secret=9f8e7d6c";
    assertThat(redactor.redact("saw " + secret)).contains(secret.substring(0, 10));

    redactor.learn(secret);

    assertThat(redactor.redact("saw " + secret + " twice: " + secret)).isEqualTo("saw [REDACTED] twice: [REDACTED]");
    assertThat(redactor.redact("form x=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)))
        .isEqualTo("form x=[REDACTED]");
    assertThat(redactor.redactValue("detail", Map.of("nested", List.of("at " + secret))))
        .isEqualTo(Map.of("nested", List.of("at [REDACTED]")));
  }

  @Test
  void shortOrAbsentValuesAreNotLearnedSoOrdinaryTextSurvives() {
    redactor.learn("acme");
    redactor.learn(null);

    assertThat(redactor.redact("tenant acme ran: OK, 120 rows")).isEqualTo("tenant acme ran: OK, 120 rows");
    assertThat(redactor.redact("{\"status\": \"FAILED\", \"code\": 404}")).isEqualTo("{\"status\": \"FAILED\", \"code\": 404}");
  }
}
