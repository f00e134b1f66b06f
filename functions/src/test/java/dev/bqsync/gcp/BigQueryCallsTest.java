package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import org.junit.jupiter.api.Test;

/** How a failure of google-cloud-bigquery is classified: transient (retry), needs a person, or a bug. */
class BigQueryCallsTest {
  @Test
  void anUploadOrWaitCutShortIsTransientNotABug() {
    // The client wraps an interrupted or timed-out upload or job wait with no HTTP code.
    assertThat(BigQueryCalls.translate("loading rows", new BigQueryException(0, "interrupted",
        new InterruptedException()))).isInstanceOf(TransientException.class).hasMessageContaining("loading rows");
    assertThat(BigQueryCalls.translate("loading rows", new BigQueryException(new java.net.SocketTimeoutException(
        "Read timed out")))).isInstanceOf(TransientException.class);
  }

  @Test
  void aRefusedLoadNeedsAPersonAndAnUnknownFailureStaysWhatItIs() {
    assertThat(BigQueryCalls.translate("loading rows", BigQueryCalls.asBigQueryException(new BigQueryError("invalid",
        "load", "JSON parsing error in row starting at position 0")))).isInstanceOf(NeedsAttentionException.class)
        .hasMessageContaining("JSON parsing error");
    BigQueryException odd = new BigQueryException(0, "no cause at all", (Throwable) new IllegalStateException());
    assertThat(BigQueryCalls.translate("loading rows", odd)).isSameAs(odd);
  }

  @Test
  void aTimeoutGaxReportsAsAnInterruptIsRetriedWithTheInterruptCleared() {
    int[] calls = {0};
    String result = BigQueryCalls.call("loading rows", () -> {
      if (calls[0]++ == 0) {
        Thread.currentThread().interrupt(); // as gax does for a SocketTimeoutException
        throw new BigQueryException(0, "java.lang.InterruptedException", new InterruptedException());
      }
      return "loaded";
    });

    assertThat(result).isEqualTo("loaded");
    assertThat(calls[0]).isEqualTo(2);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
