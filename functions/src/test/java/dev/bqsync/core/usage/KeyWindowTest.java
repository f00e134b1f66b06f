package dev.bqsync.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KeyWindowTest {
  private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

  @Test
  void theLastNKeysBelowTheCursorAreReadAgain() {
    assertThat(KeyWindow.readAfter(THOUSAND, 0, ColumnType.INT64)).contains(THOUSAND);
    assertThat(KeyWindow.readAfter(THOUSAND, 1, ColumnType.INT64)).as("key 999 is read again")
        .contains(BigInteger.valueOf(998));
    assertThat(KeyWindow.readAfter(THOUSAND, 100, ColumnType.INT64)).as("key 900 is read again")
        .contains(BigInteger.valueOf(899));
    assertThat(KeyWindow.readAfter(null, 100, ColumnType.INT64)).isEmpty();
  }

  @Test
  void aWindowBelowTheTypesRangeReadsFromTheFirstKey() {
    BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
    assertThat(KeyWindow.readAfter(min, 5, ColumnType.INT64)).isEmpty();
    assertThat(KeyWindow.readAfter(min.add(BigInteger.valueOf(6)), 5, ColumnType.INT64)).contains(min);
    assertThat(KeyWindow.readAfter(min, 0, ColumnType.INT64)).contains(min);
    assertThat(KeyWindow.readAfter(BigInteger.valueOf(Long.MAX_VALUE), 1_000_000, ColumnType.INT64))
        .contains(BigInteger.valueOf(Long.MAX_VALUE - 1_000_001));
    assertThat(KeyWindow.readAfter(KeyWindow.NUMERIC_MIN, 1, ColumnType.NUMERIC)).isEmpty();
    assertThat(KeyWindow.readAfter(KeyWindow.BIGNUMERIC_MIN, 1, ColumnType.BIGNUMERIC)).isEmpty();
    assertThat(KeyWindow.readAfter(BigInteger.valueOf(3), 5, ColumnType.STRING)).isEmpty();
    assertThat(KeyWindow.readAfter(new BigInteger("9".repeat(32)), 5, ColumnType.STRING))
        .contains(new BigInteger("9".repeat(32)).subtract(BigInteger.valueOf(6)));
  }
}
